#!/usr/bin/env python3
"""Regenerates assets/holidays/*.csv, the public-holiday tables the deadline
engine reads. A development tool, not a runtime dependency:

    pip install holidays==0.109 && python3 scripts/holiday_tables.py

The tables are data so that a reviewer can read and correct them line by line;
`cargo test` cross-checks every Easter-based date against an independent
computation in Rust. Entries the package lists that are not public holidays
under the rule the workbench applies are dropped below, with the reason.
"""
import datetime
import os

import holidays

# From the year the GDPR applies (25 May 2018): registers keep requests of earlier years.
YEARS = range(2018, 2032)
VERIFIED = "2026-11-23"
OUT = os.path.join(os.path.dirname(__file__), "..", "assets", "holidays")

# (file code, holidays country, subdivision, title, source)
TABLES = [
    ("NO", "NO", None, "Norway: helligdager and the høytidsdager 1 and 17 May",
     "Lov om helligdager og helligdagsfred § 2; Lov om 1. og 17. mai som høgtidsdager § 1"),
    ("SE", "SE", None, "Sweden: allmänna helgdagar (the OJ list under Reg. 1182/71) and, as eves, midsommarafton, julafton, nyårsafton (Lag 1930:173 § 2)",
     "Lag (1989:253) om allmänna helgdagar; Lag (1930:173) om beräkning av lagstadgad tid"),
    ("DK", "DK", None, "Denmark: public holidays (Store Bededag abolished from 2024)",
     "OJ C list of public holidays for DK under Reg. 1182/71; Lov om afskaffelse af store bededag (2023)"),
    ("FI", "FI", None, "Finland: public holidays (pyhäpäivät); Midsummer Eve and Christmas Eve are not included",
     "OJ C list of public holidays for FI under Reg. 1182/71"),
    ("IS", "IS", None, "Iceland: public holidays (almennir frídagar)",
     "Lög um 40 stunda vinnuviku nr. 88/1971 § 6"),
    ("IE", "IE", None, "Ireland: public holidays",
     "Organisation of Working Time Act 1997, Schedule 2, as amended (St Brigid's Day from 2023)"),
    ("DE", "DE", None, "Germany: nationwide public holidays (Land holidays are not included)",
     "OJ C list of public holidays for DE under Reg. 1182/71 (nationwide days)"),
    ("FR", "FR", None, "France: jours feries (metropolitan; Alsace-Moselle days not included)",
     "Code du travail, art. L3133-1"),
    ("NL", "NL", None, "Netherlands: public holidays (Liberation Day in lustrum years)",
     "Algemene termijnenwet art. 3"),
    ("GB-ENG", "GB", "ENG", "England and Wales: bank holidays, with substitute days",
     "Banking and Financial Dealings Act 1971, Schedule 1; royal proclamations (gov.uk/bank-holidays)"),
    ("GB-SCT", "GB", "SCT", "Scotland: bank holidays, with substitute days",
     "Banking and Financial Dealings Act 1971, Schedule 1; St Andrew's Day Bank Holiday (Scotland) Act 2007"),
    ("GB-NIR", "GB", "NIR", "Northern Ireland: bank holidays, with substitute days",
     "Banking and Financial Dealings Act 1971, Schedule 1; royal proclamations (gov.uk/bank-holidays)"),
]

# Days the package lists that are not public holidays for deadline purposes.
# Leaving a day out can only make a deadline earlier, never later.
DROP = {
    # De facto days off, not public holidays by law.
    ("FI", "Midsummer Eve"), ("FI", "Christmas Eve"),
    # Announced only conditionally in the package's data; not a proclaimed bank holiday.
    ("GB-SCT", "Scotland's participation in the FIFA World Cup final"),
}


def swedish_eves(year):
    midsummer_eve = next(
        datetime.date(year, 6, d) for d in range(19, 26) if datetime.date(year, 6, d).weekday() == 4
    )
    return [(midsummer_eve, "Midsommarafton"), (datetime.date(year, 12, 24), "Julafton"),
            (datetime.date(year, 12, 31), "Nyårsafton")]


def main():
    for code, country, subdiv, title, source in TABLES:
        days = holidays.country_holidays(country, subdiv=subdiv, years=YEARS, language="en_US")
        rows = []
        for day, names in sorted(days.items()):
            for name in names.split("; "):
                if (code, name) not in DROP:
                    rows.append((day, name, "holiday"))
        if code == "SE":
            for year in YEARS:
                rows.extend((d, n, "eve") for d, n in swedish_eves(year))
            rows.sort()
        path = os.path.join(OUT, f"{code}.csv")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(f"# jurisdiction: {code}\n# title: {title}\n# source: {source}\n")
            f.write(f"# generated_with: python holidays {holidays.__version__}, scripts/holiday_tables.py\n")
            f.write(f"# last_verified: {VERIFIED}\n# years: {YEARS.start}-{YEARS.stop - 1}\n")
            f.write("date,name,kind\n")
            for day, name, kind in rows:
                f.write(f"{day.isoformat()},{name.replace(',', '')},{kind}\n")
        print(f"{path}: {len(rows)} days")


if __name__ == "__main__":
    main()
