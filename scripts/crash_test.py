#!/usr/bin/env python3
"""Kill -9 the `dpo` binary at random moments of an import, a one-row save and
the creation of a register, and check every time that the register file is
intact (PRAGMA integrity_check = ok), holds all or none of the change, and
still verifies against its change journal (`dpo verify`).

    cargo build && python3 scripts/crash_test.py [--runs 120] [--seed 7]

Exit 0 when every run passes. Needs only Python 3 and the built binary.
"""
import argparse
import csv
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

HEADER = ["reference", "subject_ref", "right", "received_on", "received_at", "channel",
          "representative", "identity", "identity_requested_on", "identity_verified_on",
          "status", "extension_reason", "extension_notice_sent_on", "closed_on",
          "refusal_reason", "informed_of_remedies", "notes"]


def write_requests(path, n, prefix):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(n):
            w.writerow([f"{prefix}-{i:06d}", f"C-{i}", "art15_access", "2026-10-01", "", "email",
                        "no", "not_needed", "", "", "in_progress", "", "", "", "", "no",
                        "crash test row"])


def count(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def integrity(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def timed(args, cwd):
    start = time.monotonic()
    subprocess.run([DPO] + args, cwd=cwd, check=True, capture_output=True)
    return time.monotonic() - start


def kill_during(args, cwd, after):
    proc = subprocess.Popen([DPO] + args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return killed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    opts = parser.parse_args()
    if not os.path.exists(DPO):
        sys.exit(f"{DPO} not found: run cargo build first")
    rng = random.Random(opts.seed)
    work = tempfile.mkdtemp(prefix="dpo-crash-")
    base = os.path.join(work, "base.dpo")
    subprocess.run([DPO, "init", base, "--demo"], check=True, capture_output=True)
    base_requests = count(base, "SELECT count(*) FROM requests")
    bulk, one = os.path.join(work, "bulk.csv"), os.path.join(work, "one.csv")
    write_requests(bulk, 1000, "BULK")
    write_requests(one, 1, "ONE")
    # How long each operation takes when left alone, to aim the kills inside it.
    reg = os.path.join(work, "timing.dpo")
    shutil.copy(base, reg)
    t_bulk = timed(["import", reg, "--table", "requests", bulk], work)
    t_one = timed(["import", reg, "--table", "requests", one], work)
    t_init = timed(["init", os.path.join(work, "timing-init.dpo"), "--demo"], work)
    print(f"undisturbed: bulk import {t_bulk:.2f} s, one-row save {t_one:.2f} s, init --demo {t_init:.2f} s")

    outcomes = {}
    failures = []
    for run in range(opts.runs):
        kind = ("bulk", "one", "init")[run % 3]
        reg = os.path.join(work, f"run{run}.dpo")
        if kind == "init":
            killed = kill_during(["init", reg, "--demo"], work, rng.uniform(0, t_init * 1.1))
            if not os.path.exists(reg):
                outcome = "none"  # the file appears only complete (temp file + link)
            else:
                outcome = "all" if count(reg, "SELECT count(*) FROM processors") == 19 else "PARTIAL"
        else:
            shutil.copy(base, reg)
            csv_path, n, t = (bulk, 1000, t_bulk) if kind == "bulk" else (one, 1, t_one)
            killed = kill_during(["import", reg, "--table", "requests", csv_path], work, rng.uniform(0, t * 1.1))
            got = count(reg, "SELECT count(*) FROM requests") - base_requests
            outcome = {0: "none", n: "all"}.get(got, f"PARTIAL({got})")
        check = integrity(reg) if os.path.exists(reg) else "ok"
        verify = "ok"
        if os.path.exists(reg):
            v = subprocess.run([DPO, "verify", reg], cwd=work, capture_output=True, text=True)
            verify = "ok" if v.returncode == 0 else v.stdout.strip().splitlines()[0]
        key = (kind, "killed" if killed else "finished", outcome)
        outcomes[key] = outcomes.get(key, 0) + 1
        if check != "ok" or outcome.startswith("PARTIAL") or verify != "ok":
            failures.append(f"run {run} ({kind}): integrity {check}, change {outcome}, verify {verify}")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(reg + suffix):
                os.remove(reg + suffix)

    kills = sum(v for (k, state, o), v in outcomes.items() if state == "killed")
    print(f"{opts.runs} runs, {kills} killed mid-way (seed {opts.seed}):")
    for (kind, state, outcome), n in sorted(outcomes.items()):
        print(f"  {kind:5} {state:8} change {outcome:5}: {n}")
    shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("FAILED:")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("every file intact (integrity_check ok), every change all or none, every journal verified")


if __name__ == "__main__":
    main()
