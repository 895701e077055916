#!/usr/bin/env python3
"""The attacker's and bad luck's probe of the `dpo` binary (issue L), rerun:

  passwd   `dpo passwd` while an import runs, and while another program holds
           the register open: the register must end whole under the passphrase
           it has, never malformed, never with plaintext of an encrypted one;
  fulldisk imports into a nearly full tmpfs (root only): all or nothing;
  killed   `dpo passwd --remove` and `dpo init --synthetic` killed with SIGKILL:
           no plaintext copy or half register left once the register is opened;
  hostile  CSV files full of escape sequences, C1 controls, bidi overrides,
           separators and formulas: no panic, no partial import, nothing in the
           output a terminal would obey;
  reader   another program (sqlite3 or Python) reading while a connection is
           open, then a write: nothing lost, no error.

    cargo build && python3 scripts/probe.py [--trials 20] [--hostile 2000] [--seed 7]

Prints a line per kind: trials, failures, rows lost. Exit 0 when none failed.
"""
import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DPO = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "debug", "dpo")
ENV = dict(os.environ, DPO_NOW="2026-11-23T10:00:00Z")
for name in ("DPO_REGISTER", "DPO_PASSPHRASE", "DPO_NEW_PASSPHRASE"):
    ENV.pop(name, None)
PROCESSOR_HEADER = "name,org_number,country,address,contact_email,service,role,parent_id,status,notes\n"
OBEYED = ("\x1b", "\x07", "\x9b", "\x9d", "\u202e")


def dpo(cwd, *args, env=None, timeout=120):
    return subprocess.run([DPO, *args], cwd=cwd, env=dict(ENV, **(env or {})),
                          capture_output=True, text=True, timeout=timeout, errors="replace")


def count(cwd, table, env=None):
    import json
    o = dpo(cwd, "info", "r.dpo", "--json", env=env)
    return json.loads(o.stdout)["tables"][table] if o.returncode == 0 else None


def intact(cwd, env=None):
    return dpo(cwd, "verify", "r.dpo", env=env).returncode == 0


def fresh(cwd):
    if os.path.exists(os.path.join(cwd, "r.dpo")):
        for f in os.listdir(cwd):
            if f.startswith("r.dpo"):
                os.remove(os.path.join(cwd, f))
    assert dpo(cwd, "init", "r.dpo", "--demo").returncode == 0


def passwd_trials(work, big, trials, rng):
    failures = lost = 0
    for _ in range(trials):
        fresh(work)
        before = count(work, "requests")
        importer = subprocess.Popen([DPO, "import", "r.dpo", "--all", big], cwd=work, env=ENV,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 1.5))
        pw = dpo(work, "passwd", "r.dpo", env={"DPO_NEW_PASSPHRASE": "newpass456"})
        imported = importer.wait() == 0
        env = {"DPO_PASSPHRASE": "newpass456"} if pw.returncode == 0 else None
        after = count(work, "requests", env)
        if pw.returncode not in (0, 3) or not intact(work, env) or after is None:
            failures += 1
            continue
        expected = before + 3000 if imported else before
        if after != expected:
            failures += 1
            lost += max(0, expected - after)
        if pw.returncode == 0 and b"crash test" in open(os.path.join(work, "r.dpo"), "rb").read():
            failures += 1  # plaintext in an encrypted register
    # And with a connection held open by another program.
    for _ in range(max(1, trials // 4)):
        fresh(work)
        holder = sqlite3.connect(os.path.join(work, "r.dpo"))
        holder.execute("SELECT count(*) FROM processors").fetchone()
        pw = dpo(work, "passwd", "r.dpo", env={"DPO_NEW_PASSPHRASE": "newpass456"})
        holder.close()
        if pw.returncode != 3 or not intact(work):
            failures += 1
    return trials + max(1, trials // 4), failures, lost


def mount_tmpfs(path, megabytes):
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", path],
                          capture_output=True).returncode == 0


def fulldisk_trials(work, big, trials, rng):
    disk = tempfile.mkdtemp(dir=work)
    if not mount_tmpfs(disk, 8):
        print("fulldisk: SKIPPED (cannot mount a tmpfs here: not root)")
        return 0, 0, 0
    failures = lost = 0
    try:
        for _ in range(trials):
            fresh(disk)
            free = shutil.disk_usage(disk).free // 1024
            leave = rng.choice([64, 128, 256, 512, 1024])
            with open(os.path.join(disk, "fill"), "wb") as f:
                f.write(b"\0" * max(0, (free - leave) * 1024))
            before = (count(disk, "requests"), count(disk, "processors"))
            o = dpo(disk, "import", "r.dpo", "--all", big)
            after = (count(disk, "requests"), count(disk, "processors"))
            os.remove(os.path.join(disk, "fill"))
            if o.returncode == 0:
                continue  # it fitted: all of it
            if after != before or "nothing was" not in o.stderr or not intact(disk):
                failures += 1
    finally:
        subprocess.run(["umount", disk])
    return trials, failures, lost


def killed_trials(work, trials, rng):
    failures = 0
    for i in range(trials):
        fresh(work)
        # A register encrypted, then its passphrase removed and the program killed.
        assert dpo(work, "passwd", "r.dpo", env={"DPO_NEW_PASSPHRASE": "newpass456"}).returncode == 0
        p = subprocess.Popen([DPO, "passwd", "r.dpo", "--remove"], cwd=work,
                             env=dict(ENV, DPO_PASSPHRASE="newpass456"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 0.3))
        p.send_signal(signal.SIGKILL)
        p.wait()
        env = {"DPO_PASSPHRASE": "newpass456"}
        ok = intact(work, env) or intact(work)
        leftover = [f for f in os.listdir(work) if ".rekey" in f or ".creating" in f]
        if not ok or leftover:
            failures += 1
        # A new register's creation killed, then made again.
        name = f"s{i}.dpo"
        p = subprocess.Popen([DPO, "init", name, "--synthetic", "20000"], cwd=work, env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.5))
        p.send_signal(signal.SIGKILL)
        p.wait()
        if os.path.exists(os.path.join(work, name)) and dpo(work, "verify", name).returncode != 0:
            failures += 1
        if not os.path.exists(os.path.join(work, name)):
            dpo(work, "init", name)
        if [f for f in os.listdir(work) if f.startswith(f".{name}.")]:
            failures += 1
    return trials, failures, 0


def hostile_cells(rng):
    pieces = ["\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m", "\x85", "\u202e", "\u2066", "=1+1",
              "x;=1000+1", "a|b", "\t", "\r", "\n", '"', "'", ",", ";", "\x00", "\x7f",
              "Ærø Øst AB", "DSR-2026-0001", "", " "]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))


def hostile_trials(work, n, rng):
    failures = partial = 0
    fresh(work)
    head = dpo(work, "log", "r.dpo").stdout
    for i in range(n):
        rows = []
        for _ in range(rng.randint(1, 4)):
            cells = [hostile_cells(rng) or "Acme AS", "", rng.choice(["NO", "SE", hostile_cells(rng)]),
                     hostile_cells(rng), "", hostile_cells(rng), "processor", "", "active",
                     hostile_cells(rng)]
            rows.append(",".join('"' + c.replace('"', '""') + '"' if rng.random() < 0.7 else c
                                 for c in cells))
        path = os.path.join(work, "h.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(PROCESSOR_HEADER + "\n".join(rows) + "\n")
        o = dpo(work, "import", "r.dpo", "--table", "processors", "h.csv", "--dry-run")
        text = o.stdout + o.stderr
        if o.returncode not in (0, 2) or "panicked" in text or any(c in text for c in OBEYED):
            failures += 1
    if dpo(work, "log", "r.dpo").stdout != head:
        partial += 1
    for args in (["check", "r.dpo"], ["info", "r.dpo"], ["log", "r.dpo"], ["verify", "r.dpo"]):
        text = dpo(work, *args).stdout
        if any(c in text for c in OBEYED):
            failures += 1
    return n, failures + partial, 0


def reader_trials(work, trials):
    failures = lost = 0
    reader = shutil.which("sqlite3")
    for _ in range(trials):
        fresh(work)
        # A program holding the register open, another reading it and closing
        # (the in-process case, two connections of the workbench, is
        # tests/nothing_lost.rs), then a write.
        holder = subprocess.Popen(
            [sys.executable, "-c", "import sqlite3,time,sys; c=sqlite3.connect(sys.argv[1]);"
             "c.execute('select 1 from processors').fetchone(); time.sleep(2)",
             os.path.join(work, "r.dpo")])
        time.sleep(0.2)
        before = count(work, "processors")
        if reader:
            subprocess.run([reader, os.path.join(work, "r.dpo"), "select count(*) from processors"],
                           capture_output=True)
        with open(os.path.join(work, "one.csv"), "w") as f:
            f.write(PROCESSOR_HEADER + "Reader Test AS,,NO,,,,processor,,active,\n")
        o = dpo(work, "import", "r.dpo", "--table", "processors", "one.csv")
        holder.wait()
        after = count(work, "processors")
        if o.returncode != 0 or after != before + 1 or not intact(work):
            failures += 1
            lost += max(0, before + 1 - (after or 0))
    return trials, failures, lost


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--hostile", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="dpo-probe-")
    try:
        assert dpo(work, "init", "src.dpo", "--synthetic", "3000").returncode == 0
        big = os.path.join(work, "big")
        assert dpo(work, "export", "src.dpo", "--all", "-o", big).returncode == 0
        results = {
            "passwd": passwd_trials(work, big, args.trials, rng),
            "fulldisk": fulldisk_trials(work, big, args.trials, rng),
            "killed": killed_trials(work, args.trials, rng),
            "hostile": hostile_trials(work, args.hostile, rng),
            "reader": reader_trials(work, max(1, args.trials // 2)),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failed = 0
    for kind, (trials, failures, lost) in results.items():
        print(f"{kind:<9} {trials:>5} trials  {failures:>3} failures  {lost:>3} rows lost")
        failed += failures
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
