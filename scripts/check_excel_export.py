#!/usr/bin/env python3
"""Open the `excel` export of the demo register the way an auditor in Norway
would: LibreOffice Calc with a Norwegian (nb-NO) locale reads each CSV file,
saves it as .xlsx, and the .xlsx is converted back to plain CSV. Every cell
must come back as the `rfc4180` export has it: same columns, æøå intact,
neutralised formulas shown as text (with their quote), dates as ISO text.

Usage: scripts/check_excel_export.py [path/to/dpo]   (default: target/release/dpo,
then target/debug/dpo). Needs `soffice` (apt-get install -y libreoffice-calc).
Exit 0 when every table matches, 1 otherwise.
"""
import csv
import io
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
# CSV import filter: separator ';' (59), quote '"' (34), UTF-8 (76), from
# line 1, standard cell format, language nb-NO (1044).
NORWEGIAN_IMPORT = "CSV:59,34,76,1,,1044"
PLAIN_EXPORT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false"


def find_dpo():
    if len(sys.argv) > 1:
        return str(pathlib.Path(sys.argv[1]).resolve())
    for build in ("release", "debug"):
        path = ROOT / "target" / build / "dpo"
        if path.exists():
            return str(path)
    sys.exit("build dpo first (cargo build) or pass its path")


def run(*args, cwd):
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)


def rows(path):
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def main():
    if not shutil.which("soffice"):
        sys.exit("soffice not found: apt-get install -y libreoffice-calc")
    dpo = find_dpo()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        run(dpo, "init", "demo.dpo", "--demo", cwd=work)
        run(dpo, "export", "demo.dpo", "--all", "-o", "excel", "--profile", "excel", cwd=work)
        run(dpo, "export", "demo.dpo", "--all", "-o", "plain", cwd=work)
        files = sorted((work / "excel").glob("*.csv"))
        run("soffice", "--headless", f"--infilter={NORWEGIAN_IMPORT}", "--convert-to", "xlsx",
            "--outdir", "xlsx", *[str(f) for f in files], cwd=work)
        run("soffice", "--headless", "--convert-to", PLAIN_EXPORT, "--outdir", "back",
            *[str(p) for p in sorted((work / "xlsx").glob("*.xlsx"))], cwd=work)
        for f in files:
            expected = rows(work / "plain" / f.name)
            got = rows(work / "back" / f.name)
            problems = []
            if len(got) != len(expected):
                problems.append(f"{len(got)} rows, expected {len(expected)}")
            for n, (e, g) in enumerate(zip(expected, got), start=1):
                if len(e) != len(g):
                    problems.append(f"row {n}: {len(g)} columns, expected {len(e)}")
                    continue
                for name, ev, gv in zip(expected[0], e, g):
                    # Calc shows a neutralised cell as the text it holds, quote included.
                    if gv != ev and gv != "'" + ev:
                        problems.append(f"row {n}, {name}: {gv!r}, expected {ev!r}")
            status = "ok" if not problems else "DIFFERS"
            print(f"{f.name:32} {len(expected) - 1:4} rows  {status}")
            for p in problems[:5]:
                print("    " + p)
            failures += bool(problems)
    print("all tables survive LibreOffice (nb-NO)" if not failures else f"{failures} tables differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
