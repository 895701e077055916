#!/usr/bin/env python3
"""Open the auditor's workbook of the demo register in LibreOffice Calc, as an
auditor would, and compare what Calc shows with the CSV export of the same
register: every sheet opens; no cell shows a leading apostrophe; each sheet
has as many records as its CSV table; references, organisation number, dates
and breach times read as the CSV has them (times in Europe/Oslo with UTC
beside them, UTC equal to the CSV's RFC 3339 instant).

Usage: scripts/check_workbook.py [path/to/dpo]   (default: target/release/dpo,
then target/debug/dpo). Needs `soffice` (apt-get install -y libreoffice-calc).
Exit 0 when everything matches, 1 otherwise.
"""
import csv
import io
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Every sheet to its own CSV file (the last token, -1), cells as shown.
ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
# Sheet → the CSV table holding the same records.
SHEETS = {
    "Processors": "processors",
    "Agreements": "dpas",
    "Transfers": "transfers",
    "Records of processing": "activities",
    "Art. 30(2) records": "processor_records",
    "Requests": "requests",
    "Breaches": "breaches",
    "Notifications": "breach_notifications",
    "Change notices": "change_notices",
}


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


def table(path):
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def utc_minutes(rfc3339):
    """'2026-12-05T23:52:19Z' as Calc shows a UTC date-time: '2026-12-05 23:52:19'."""
    return rfc3339.replace("T", " ").rstrip("Z")


def main():
    if not shutil.which("soffice"):
        sys.exit("soffice not found: apt-get install -y libreoffice-calc")
    dpo = find_dpo()
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        run(dpo, "init", "demo.dpo", "--demo", cwd=work)
        run(dpo, "export", "demo.dpo", "--all", "--format", "xlsx", "-o", "audit.xlsx", cwd=work)
        run(dpo, "export", "demo.dpo", "--all", "-o", "plain", cwd=work)
        run("soffice", "--headless", "--convert-to", ALL_SHEETS, "--outdir", "back", "audit.xlsx", cwd=work)
        back = work / "back"
        for sheet, name in SHEETS.items():
            shown = table(back / f"audit-{sheet}.csv")
            expected = table(work / "plain" / f"{name}.csv")
            status = "ok"
            if len(shown) != len(expected):
                problems.append(f"{sheet}: {len(shown)} rows, the CSV has {len(expected)}")
                status = "DIFFERS"
            for n, row in enumerate(shown, start=2):
                for column, value in row.items():
                    if value.startswith("'"):
                        problems.append(f"{sheet} row {n}, {column}: shows an apostrophe: {value!r}")
                        status = "DIFFERS"
            print(f"{sheet:24} {len(shown):4} rows  {status}")
        requests = zip(table(back / "audit-Requests.csv"), table(work / "plain" / "requests.csv"))
        for shown, row in requests:
            for label, key in (("Reference", "reference"), ("Received on", "received_on"), ("Deadline", "deadline")):
                if shown[label] != row[key]:
                    problems.append(f"Requests {row['reference']}: {label} {shown[label]!r}, CSV {row[key]!r}")
        breaches = zip(table(back / "audit-Breaches.csv"), table(work / "plain" / "breaches.csv"))
        for shown, row in breaches:
            if shown["Aware since (UTC)"] != utc_minutes(row["aware_at"]):
                problems.append(f"Breach {row['id']}: aware (UTC) {shown['Aware since (UTC)']!r}, CSV {row['aware_at']!r}")
            if not shown["Aware since (Europe/Oslo)"]:
                problems.append(f"Breach {row['id']}: no local time")
        organisation = {r["Field"]: r["Value"] for r in table(back / "audit-Organisation.csv")}
        plain = table(work / "plain" / "organisation.csv")[0]
        if organisation.get("Org. number") != plain["org_number"]:
            problems.append(f"Org. number {organisation.get('Org. number')!r}, CSV {plain['org_number']!r}")
    for p in problems[:20]:
        print("    " + p)
    print("the workbook reads in LibreOffice as the CSV has it" if not problems else f"{len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
