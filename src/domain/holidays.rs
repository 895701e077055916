//! Public-holiday calendars, read from the tables in `assets/holidays/` that are
//! compiled into the binary. Each table names its source and the day it was last
//! verified, and covers a range of years; outside that range only weekends are
//! known, and the deadline engine says so.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;

/// The jurisdictions with a table, and the table text.
const TABLES: &[(&str, &str)] = &[
    ("NO", include_str!("../../assets/holidays/NO.csv")),
    ("SE", include_str!("../../assets/holidays/SE.csv")),
    ("DK", include_str!("../../assets/holidays/DK.csv")),
    ("FI", include_str!("../../assets/holidays/FI.csv")),
    ("IS", include_str!("../../assets/holidays/IS.csv")),
    ("IE", include_str!("../../assets/holidays/IE.csv")),
    ("DE", include_str!("../../assets/holidays/DE.csv")),
    ("FR", include_str!("../../assets/holidays/FR.csv")),
    ("NL", include_str!("../../assets/holidays/NL.csv")),
    ("GB-ENG", include_str!("../../assets/holidays/GB-ENG.csv")),
    ("GB-SCT", include_str!("../../assets/holidays/GB-SCT.csv")),
    ("GB-NIR", include_str!("../../assets/holidays/GB-NIR.csv")),
];

/// Codes of the jurisdictions the deadline engine has holiday tables for.
pub fn known_jurisdictions() -> impl Iterator<Item = &'static str> {
    TABLES.iter().map(|(code, _)| *code)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayTable {
    pub jurisdiction: String,
    pub title: String,
    pub source: String,
    pub last_verified: String,
    pub first_year: i32,
    pub last_year: i32,
    /// Public holidays by date.
    pub holidays: BTreeMap<NaiveDate, String>,
    /// Days that some national laws treat like holidays (Swedish eves); off by default.
    pub eves: BTreeMap<NaiveDate, String>,
}

impl HolidayTable {
    pub fn covers(&self, year: i32) -> bool {
        (self.first_year..=self.last_year).contains(&year)
    }
}

/// The table for `jurisdiction`, or `None` when there is none. Parsed once.
pub fn table(jurisdiction: &str) -> Option<&'static HolidayTable> {
    static PARSED: OnceLock<Vec<HolidayTable>> = OnceLock::new();
    let tables = PARSED.get_or_init(|| {
        TABLES
            .iter()
            // The tables are compiled in and parsed by a test: a failure here is a build defect.
            .map(|(code, text)| {
                parse_table(text).unwrap_or_else(|e| panic!("assets/holidays/{code}.csv: {e}"))
            })
            .collect()
    });
    tables.iter().find(|t| t.jurisdiction == jurisdiction)
}

/// Why a holiday table is refused; a row's error names its line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HolidayTableError {
    #[error("line {line}: expected date,name,kind")]
    NotARow { line: usize },
    #[error("line {line}: '{date}' is not a date (YYYY-MM-DD)")]
    BadDate { line: usize, date: String },
    /// A kind other than `holiday` or `eve`.
    #[error("line {line}: unknown kind '{kind}'")]
    UnknownKind { line: usize, kind: String },
    /// A `# key:` header line the table needs is missing.
    #[error("missing '# {0}:' line")]
    MissingHeader(&'static str),
    #[error("years must be FIRST-LAST")]
    YearsNotARange,
    #[error("bad year '{0}'")]
    BadYear(String),
}

/// Reads a table: `# key: value` header lines, then `date,name,kind` rows.
pub fn parse_table(text: &str) -> Result<HolidayTable, HolidayTableError> {
    let mut meta = BTreeMap::new();
    let mut holidays = BTreeMap::new();
    let mut eves = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if let Some(comment) = line.strip_prefix('#') {
            if let Some((key, value)) = comment.split_once(':') {
                meta.insert(key.trim().to_string(), value.trim().to_string());
            }
            continue;
        }
        if line.trim().is_empty() || line == "date,name,kind" {
            continue;
        }
        let mut cells = line.splitn(3, ',');
        let (Some(date), Some(name), Some(kind)) = (cells.next(), cells.next(), cells.next())
        else {
            return Err(HolidayTableError::NotARow { line: line_no });
        };
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| {
            HolidayTableError::BadDate {
                line: line_no,
                date: date.to_string(),
            }
        })?;
        match kind {
            "holiday" => holidays.insert(date, name.to_string()),
            "eve" => eves.insert(date, name.to_string()),
            other => {
                return Err(HolidayTableError::UnknownKind {
                    line: line_no,
                    kind: other.to_string(),
                })
            }
        };
    }
    let get = |key: &'static str| {
        meta.get(key)
            .cloned()
            .ok_or(HolidayTableError::MissingHeader(key))
    };
    let years = get("years")?;
    let (first, last) = years
        .split_once('-')
        .ok_or(HolidayTableError::YearsNotARange)?;
    let parse_year = |y: &str| {
        y.trim()
            .parse::<i32>()
            .map_err(|_| HolidayTableError::BadYear(y.to_string()))
    };
    Ok(HolidayTable {
        jurisdiction: get("jurisdiction")?,
        title: get("title")?,
        source: get("source")?,
        last_verified: get("last_verified")?,
        first_year: parse_year(first)?,
        last_year: parse_year(last)?,
        holidays,
        eves,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Duration, Weekday};

    /// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher):
    /// an implementation independent of the one that generated the tables.
    fn easter(year: i32) -> NaiveDate {
        let a = year % 19;
        let b = year / 100;
        let c = year % 100;
        let d = b / 4;
        let e = b % 4;
        let f = (b + 8) / 25;
        let g = (b - f + 1) / 3;
        let h = (19 * a + b - d - g + 15) % 30;
        let i = c / 4;
        let k = c % 4;
        let l = (32 + 2 * e + 2 * i - h - k) % 7;
        let m = (a + 11 * h + 22 * l) / 451;
        let month = (h + l - 7 * m + 114) / 31;
        let day = (h + l - 7 * m + 114) % 31 + 1;
        NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap()
    }

    #[test]
    fn every_table_parses_and_covers_2018_to_2031() {
        for code in known_jurisdictions() {
            let t = table(code).unwrap();
            assert_eq!(t.jurisdiction, code);
            // From the year the GDPR applies.
            assert!(t.first_year <= 2018 && t.last_year >= 2031, "{code}");
            assert!(
                !t.source.is_empty() && !t.last_verified.is_empty(),
                "{code}"
            );
            for year in t.first_year..=t.last_year {
                let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
                let dec25 = NaiveDate::from_ymd_opt(year, 12, 25).unwrap();
                assert!(t.holidays.contains_key(&jan1), "{code} {year}: New Year");
                assert!(t.holidays.contains_key(&dec25), "{code} {year}: Christmas");
            }
        }
    }

    /// The moving feasts of each table agree with our own Easter computation.
    #[test]
    fn easter_based_holidays_match_an_independent_computation() {
        // (jurisdiction, offsets from Easter Sunday that must be holidays)
        let expected: &[(&str, &[i64])] = &[
            ("NO", &[-3, -2, 0, 1, 39, 49, 50]),
            ("SE", &[-2, 0, 1, 39, 49]),
            ("DK", &[-3, -2, 0, 1, 39, 49, 50]),
            ("FI", &[-2, 0, 1, 39, 49]),
            ("IS", &[-3, -2, 0, 1, 39, 49, 50]),
            ("IE", &[1]),
            ("DE", &[-2, 1, 39, 50]),
            ("FR", &[1, 39, 50]),
            ("NL", &[-2, 0, 1, 39, 49, 50]),
            ("GB-ENG", &[-2, 1]),
            ("GB-SCT", &[-2]),
            ("GB-NIR", &[-2, 1]),
        ];
        for (code, offsets) in expected {
            let t = table(code).unwrap();
            for year in t.first_year..=t.last_year {
                for offset in *offsets {
                    let day = easter(year) + Duration::days(*offset);
                    assert!(
                        t.holidays.contains_key(&day),
                        "{code}: Easter{offset:+} {day}"
                    );
                }
            }
        }
    }

    #[test]
    fn norway_keeps_1_and_17_may_but_not_christmas_eve() {
        let t = table("NO").unwrap();
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
        assert!(t.holidays.contains_key(&d(5, 1)) && t.holidays.contains_key(&d(5, 17)));
        assert!(!t.holidays.contains_key(&d(12, 24)) && !t.holidays.contains_key(&d(12, 31)));
    }

    #[test]
    fn swedish_eves_are_separate_from_holidays() {
        let t = table("SE").unwrap();
        let julafton = NaiveDate::from_ymd_opt(2025, 12, 24).unwrap();
        assert!(
            !t.holidays.contains_key(&julafton),
            "not a public holiday under 1182/71"
        );
        assert!(t.eves.contains_key(&julafton));
        let midsommarafton = NaiveDate::from_ymd_opt(2026, 6, 19).unwrap();
        assert_eq!(midsommarafton.weekday(), Weekday::Fri);
        assert!(t.eves.contains_key(&midsommarafton));
    }

    #[test]
    fn uk_substitute_days_are_in_the_tables() {
        // Boxing Day 2026 is a Saturday: Monday 28 December is the bank holiday.
        let monday = NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
        for code in ["GB-ENG", "GB-SCT", "GB-NIR"] {
            assert!(
                table(code).unwrap().holidays.contains_key(&monday),
                "{code}"
            );
        }
        let st_andrew = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert!(table("GB-SCT").unwrap().holidays.contains_key(&st_andrew));
        assert!(!table("GB-ENG").unwrap().holidays.contains_key(&st_andrew));
    }

    #[test]
    fn malformed_tables_are_refused_with_the_line() {
        let header =
            "# jurisdiction: XX\n# title: t\n# source: s\n# last_verified: v\n# years: 2024-2025\n";
        assert!(parse_table(&format!("{header}2024-02-30,Bad,holiday\n"))
            .unwrap_err()
            .to_string()
            .contains("line 6"));
        assert!(parse_table(&format!("{header}2024-01-01,New Year,feast\n"))
            .unwrap_err()
            .to_string()
            .contains("kind"));
        assert!(parse_table("2024-01-01,x,holiday\n")
            .unwrap_err()
            .to_string()
            .contains("years"));
    }

    #[test]
    fn table_errors_name_the_line_and_what_was_expected() {
        let header =
            "# jurisdiction: XX\n# title: t\n# source: s\n# last_verified: v\n# years: 2024-2025\n";
        let err = parse_table(&format!("{header}2024-02-30,Bad,holiday\n")).unwrap_err();
        assert_eq!(
            err,
            HolidayTableError::BadDate {
                line: 6,
                date: "2024-02-30".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "line 6: '2024-02-30' is not a date (YYYY-MM-DD)"
        );
        assert_eq!(
            parse_table(&format!("{header}2024-01-01,New Year,feast\n"))
                .unwrap_err()
                .to_string(),
            "line 6: unknown kind 'feast'"
        );
        assert_eq!(
            parse_table(&format!("{header}2024-01-01\n"))
                .unwrap_err()
                .to_string(),
            "line 6: expected date,name,kind"
        );
        let err = parse_table("2024-01-01,x,holiday\n").unwrap_err();
        assert_eq!(err, HolidayTableError::MissingHeader("years"));
        assert_eq!(err.to_string(), "missing '# years:' line");
        assert_eq!(
            parse_table("# years: 2024\n").unwrap_err().to_string(),
            "years must be FIRST-LAST"
        );
        assert_eq!(
            parse_table(&header.replace("2024-2025", "2024-20x5"))
                .unwrap_err()
                .to_string(),
            "bad year '20x5'"
        );
    }
}
