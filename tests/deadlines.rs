//! The deadline engine against every worked example of gdpr-rules.md §1.9, cases
//! of our own for each rule, and exhaustive property checks over 2024–2030.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dpo_workbench::domain::deadline::{
    add_months, compute_deadlines, DeadlineError, DeadlineQuestion, ExtensionFormula, Pause,
    WorkingDays,
};
use dpo_workbench::domain::holidays::{known_jurisdictions, table};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ask(received: &str, jurisdiction: &str) -> DeadlineQuestion {
    DeadlineQuestion::new(d(received), jurisdiction)
}

fn weekends(received: &str) -> DeadlineQuestion {
    DeadlineQuestion {
        weekends_only: true,
        ..ask(received, "")
    }
}

fn check(q: DeadlineQuestion, rule: &str, one_month: &str, extended: &str) {
    let r = compute_deadlines(&q).unwrap();
    assert_eq!(r.rule, rule, "{q:?}");
    assert_eq!(
        r.one_month_deadline,
        d(one_month),
        "one month, {q:?}\n{:#?}",
        r.steps
    );
    assert_eq!(
        r.extended_deadline,
        d(extended),
        "extended, {q:?}\n{:#?}",
        r.steps
    );
}

// --- gdpr-rules.md §1.9, each row by its number ---

#[test]
fn case_01_ico_3_sep_to_3_oct() {
    check(
        ask("2025-09-03", "GB-ENG"),
        "ICO/UK-ENG",
        "2025-10-03",
        "2025-12-03",
    );
}

#[test]
fn case_02_ico_christmas_bank_holidays() {
    check(
        ask("2024-11-25", "GB-ENG"),
        "ICO/UK-ENG",
        "2024-12-27",
        "2025-02-25",
    );
}

#[test]
fn case_04_31_january_clamps_to_february_and_strict_extension_is_earlier() {
    check(
        weekends("2025-01-31"),
        "EU1182/71+weekends",
        "2025-02-28",
        "2025-04-30",
    );
    let r = compute_deadlines(&weekends("2025-01-31")).unwrap();
    assert_eq!(
        r.other_formula,
        Some((ExtensionFormula::TwoMonthsAfterFirstMonth, d("2025-04-28")))
    );
}

#[test]
fn case_05_clamped_saturday_rolls_to_monday() {
    check(
        weekends("2026-01-31"),
        "EU1182/71+weekends",
        "2026-03-02",
        "2026-04-30",
    );
    let strict = DeadlineQuestion {
        extension: ExtensionFormula::TwoMonthsAfterFirstMonth,
        ..weekends("2026-01-31")
    };
    check(strict, "EU1182/71+weekends", "2026-03-02", "2026-04-28");
}

#[test]
fn case_13_last_day_of_february_ends_on_the_28th_of_march() {
    check(
        ask("2026-02-28", "NO"),
        "EU1182/71+NO",
        "2026-03-30",
        "2026-05-28",
    );
}

#[test]
fn case_20_easter_sunday_and_monday_in_sweden() {
    check(
        ask("2026-03-05", "SE"),
        "EU1182/71+SE",
        "2026-04-07",
        "2026-06-05",
    );
}

#[test]
fn case_25_norwegian_constitution_day() {
    check(
        ask("2027-04-17", "NO"),
        "EU1182/71+NO",
        "2027-05-18",
        "2027-07-19",
    );
}

#[test]
fn case_28_first_of_may_in_norway() {
    check(
        ask("2026-04-01", "NO"),
        "EU1182/71+NO",
        "2026-05-04",
        "2026-07-01",
    );
}

#[test]
fn case_34_maundy_thursday_to_easter_monday_in_norway() {
    check(
        ask("2026-03-02", "NO"),
        "EU1182/71+NO",
        "2026-04-07",
        "2026-06-02",
    );
}

#[test]
fn case_38_julafton_is_not_a_public_holiday_under_1182_71() {
    check(
        ask("2025-11-24", "SE"),
        "EU1182/71+SE",
        "2025-12-24",
        "2026-02-24",
    );
}

#[test]
fn case_42_uk_stop_the_clock_for_clarification() {
    let q = DeadlineQuestion {
        pauses: vec![Pause {
            from: d("2026-03-04"),
            to: d("2026-03-10"),
        }],
        ..ask("2026-03-02", "GB-ENG")
    };
    let r = compute_deadlines(&q).unwrap();
    assert_eq!(r.paused_days, 7);
    check(q, "ICO/UK-ENG", "2026-04-09", "2026-06-09");
}

#[test]
fn case_44_edpb_suspension_for_identity() {
    let q = DeadlineQuestion {
        pauses: vec![Pause {
            from: d("2026-03-03"),
            to: d("2026-03-20"),
        }],
        ..ask("2026-03-02", "NO")
    };
    check(q, "EU1182/71+NO", "2026-04-20", "2026-06-22");
}

// --- our own cases, one or more per rule ---

#[test]
fn month_arithmetic_clamps_only_when_the_day_is_missing() {
    assert_eq!(add_months(d("2026-03-05"), 1), Some(d("2026-04-05")));
    assert_eq!(
        add_months(d("2025-08-31"), 1),
        Some(d("2025-09-30")),
        "EDPB example 33"
    );
    assert_eq!(
        add_months(d("2024-01-31"), 1),
        Some(d("2024-02-29")),
        "leap year"
    );
    assert_eq!(add_months(d("2024-01-29"), 1), Some(d("2024-02-29")));
    assert_eq!(add_months(d("2025-01-29"), 1), Some(d("2025-02-28")));
    assert_eq!(
        add_months(d("2025-12-31"), 1),
        Some(d("2026-01-31")),
        "year end"
    );
    assert_eq!(add_months(d("2025-11-30"), 3), Some(d("2026-02-28")));
    assert_eq!(add_months(d("2024-02-29"), 12), Some(d("2025-02-28")));
}

#[test]
fn swedish_eves_setting_rolls_past_julafton() {
    let q = DeadlineQuestion {
        swedish_eves: true,
        ..ask("2025-11-24", "SE")
    };
    let r = compute_deadlines(&q).unwrap();
    assert_eq!(r.rule, "SE-lag-1930:173");
    // 24 Dec julafton, 25–26 Christmas, 27–28 weekend.
    assert_eq!(r.one_month_deadline, d("2025-12-29"));
    assert!(
        r.steps
            .iter()
            .any(|s| s.contains("Julafton (Lag 1930:173)")),
        "{:#?}",
        r.steps
    );
    // Midsommarafton: received 19 May 2026 → Fri 19 June 2026.
    let r = compute_deadlines(&DeadlineQuestion {
        swedish_eves: true,
        ..ask("2026-05-19", "SE")
    })
    .unwrap();
    assert_eq!(r.one_month_deadline, d("2026-06-22"));
    let r = compute_deadlines(&ask("2026-05-19", "SE")).unwrap();
    assert_eq!(r.one_month_deadline, d("2026-06-19"), "off by default");
}

#[test]
fn uk_nations_use_their_own_bank_holidays() {
    // 30 Nov 2026, St Andrew's Day, is a bank holiday in Scotland only.
    check(
        ask("2026-10-30", "GB-SCT"),
        "ICO/UK-SCT",
        "2026-12-01",
        "2027-02-01",
    );
    check(
        ask("2026-10-30", "GB-ENG"),
        "ICO/UK-ENG",
        "2026-11-30",
        "2027-02-01",
    );
    // 17 March (St Patrick's Day) in Northern Ireland.
    check(
        ask("2026-02-17", "GB-NIR"),
        "ICO/UK-NIR",
        "2026-03-18",
        "2026-05-18",
    );
}

#[test]
fn substitute_day_for_boxing_day_on_a_saturday() {
    // Received 26 Nov 2026 → Sat 26 Dec; Sun 27; Mon 28 Dec is the substitute bank holiday.
    check(
        ask("2026-11-26", "GB-ENG"),
        "ICO/UK-ENG",
        "2026-12-29",
        "2027-02-26",
    );
}

#[test]
fn moving_holidays_of_other_countries() {
    // Ascension 2026 is Thu 14 May: DE, FR, NL, DK, FI, IS roll to Fri 15 May.
    for code in ["DE", "FR", "NL", "DK", "FI", "IS", "NO", "SE"] {
        let r = compute_deadlines(&ask("2026-04-14", code)).unwrap();
        assert_eq!(r.one_month_deadline, d("2026-05-15"), "{code}");
    }
    // Ireland has no Ascension holiday but a June bank holiday (Mon 1 Jun 2026).
    check(
        ask("2026-04-14", "IE"),
        "EU1182/71+IE",
        "2026-05-14",
        "2026-07-14",
    );
    check(
        ask("2026-05-01", "IE"),
        "EU1182/71+IE",
        "2026-06-02",
        "2026-08-04",
    );
}

#[test]
fn restart_counts_from_the_day_identity_arrived() {
    let q = DeadlineQuestion {
        restart_on: Some(d("2026-03-09")),
        ..ask("2026-03-02", "GB-ENG")
    };
    let r = compute_deadlines(&q).unwrap();
    assert_eq!(r.start, d("2026-03-09"));
    assert_eq!(r.one_month_deadline, d("2026-04-09"));
    assert_eq!(r.extended_deadline, d("2026-06-09"));
    assert!(r.warnings.is_empty());
    let eu = compute_deadlines(&DeadlineQuestion {
        restart_on: Some(d("2026-03-09")),
        ..ask("2026-03-02", "NO")
    })
    .unwrap();
    assert!(eu.warnings[0].contains("EDPB treats an identity check as a pause"));
}

#[test]
fn overlapping_pauses_count_each_day_once() {
    let q = DeadlineQuestion {
        pauses: vec![
            Pause {
                from: d("2026-03-04"),
                to: d("2026-03-10"),
            },
            Pause {
                from: d("2026-03-08"),
                to: d("2026-03-12"),
            },
        ],
        ..ask("2026-03-02", "GB-ENG")
    };
    assert_eq!(compute_deadlines(&q).unwrap().paused_days, 9);
}

#[test]
fn extension_notice_is_due_by_the_unrolled_month_end() {
    let r = compute_deadlines(&weekends("2026-01-31")).unwrap();
    assert_eq!(
        r.extension_notice_by,
        d("2026-02-28"),
        "strict: before the roll"
    );
    assert_eq!(r.one_month_deadline, d("2026-03-02"), "outer limit");
}

#[test]
fn a_closure_day_after_easter_moves_the_answer_back_over_it() {
    // 5 Apr (Easter Sunday) rolls to Tue 7 Apr (Art. 3(4)); closed that day,
    // the register answers on the last open day before Easter: Thu 2 Apr.
    let q = DeadlineQuestion {
        closure_days: vec![d("2026-04-07")],
        ..ask("2026-03-05", "SE")
    };
    assert_eq!(
        compute_deadlines(&q).unwrap().one_month_deadline,
        d("2026-04-02")
    );
}

#[test]
fn steps_explain_the_date_in_words() {
    let r = compute_deadlines(&weekends("2026-01-31")).unwrap();
    let text = r.steps.join("\n");
    assert!(text.contains("Received Sat 31 Jan 2026"), "{text}");
    assert!(
        text.contains("31 Feb does not exist → last day of that month, Sat 28 Feb 2026"),
        "{text}"
    );
    assert!(text.contains("Sat 28 Feb 2026 is a Saturday, Sun 1 Mar 2026 is a Sunday → the next working day, Mon 2 Mar 2026 (Art. 3(4)) (weekends only: no public-holiday calendar): answer by the end of that day"), "{text}");
    let r = compute_deadlines(&ask("2026-03-05", "SE")).unwrap();
    assert!(r
        .steps
        .join("\n")
        .contains("Sun 5 Apr 2026 is Easter Sunday, Mon 6 Apr 2026 is Easter Monday"));
}

#[test]
fn years_without_a_table_are_warned_about() {
    let r = compute_deadlines(&ask("2031-11-20", "NO")).unwrap();
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("no holiday table for NO in 2032")),
        "{:?}",
        r.warnings
    );
    assert!(compute_deadlines(&ask("2026-03-05", "NO"))
        .unwrap()
        .warnings
        .is_empty());
}

#[test]
fn a_day_of_a_year_without_a_table_is_not_called_a_working_day() {
    // 17 May 2032 is Constitution Day in Norway, but the table ends in 2031.
    let r = compute_deadlines(&ask("2032-04-17", "NO")).unwrap();
    assert_eq!(r.one_month_deadline, d("2032-05-17"));
    let text = r.steps.join("\n");
    assert!(!text.contains("Mon 17 May 2032 is a working day"), "{text}");
    assert!(
        text.contains(
            "Mon 17 May 2032 is not a weekend day (the public holidays of 2032 are not in the table)"
        ),
        "{text}"
    );
    // Without a calendar at all, neither.
    let r = compute_deadlines(&weekends("2026-03-03")).unwrap();
    assert!(
        r.steps.join("\n").contains(
            "Fri 3 Apr 2026 is not a weekend day (weekends only: no public-holiday calendar)"
        ),
        "{:#?}",
        r.steps
    );
    // A day of a covered year is still called what it is.
    let r = compute_deadlines(&ask("2026-03-03", "NO")).unwrap();
    assert!(
        r.steps
            .join("\n")
            .contains("Wed 3 Jun 2026 is a working day"),
        "{:#?}",
        r.steps
    );
}

#[test]
fn the_extended_deadline_step_names_the_paused_days() {
    // gdpr-rules.md case 44: 18 paused days; three months from 2 Mar is 2 Jun.
    let q = DeadlineQuestion {
        pauses: vec![Pause {
            from: d("2026-03-03"),
            to: d("2026-03-20"),
        }],
        ..ask("2026-03-02", "NO")
    };
    let r = compute_deadlines(&q).unwrap();
    let step = r
        .steps
        .iter()
        .find(|s| s.starts_with("Extended deadline"))
        .unwrap();
    assert!(
        step.contains("Tue 2 Jun 2026, plus the 18 paused days = Sat 20 Jun 2026"),
        "{step}"
    );
    assert_eq!(r.extended_deadline, d("2026-06-22"));
    let plain = compute_deadlines(&ask("2026-03-02", "NO")).unwrap();
    let step = plain
        .steps
        .iter()
        .find(|s| s.starts_with("Extended deadline"))
        .unwrap();
    assert!(!step.contains("paused"), "{step}");
}

#[test]
fn bad_questions_are_refused_with_the_value() {
    let err = compute_deadlines(&ask("2026-03-05", "AT")).unwrap_err();
    assert!(matches!(err, DeadlineError::UnknownJurisdiction(ref c, _) if c == "AT"));
    assert!(err.to_string().contains("--weekends-only"));
    let backwards = DeadlineQuestion {
        pauses: vec![Pause {
            from: d("2026-03-10"),
            to: d("2026-03-04"),
        }],
        ..ask("2026-03-02", "NO")
    };
    assert!(compute_deadlines(&backwards)
        .unwrap_err()
        .to_string()
        .contains("2026-03-10..2026-03-04 ends before it starts"));
    let early = DeadlineQuestion {
        pauses: vec![Pause {
            from: d("2026-03-01"),
            to: d("2026-03-04"),
        }],
        ..ask("2026-03-02", "NO")
    };
    assert!(matches!(
        compute_deadlines(&early),
        Err(DeadlineError::PauseBeforeReceipt { .. })
    ));
    let restart = DeadlineQuestion {
        restart_on: Some(d("2026-03-01")),
        ..ask("2026-03-02", "GB-ENG")
    };
    assert!(matches!(
        compute_deadlines(&restart),
        Err(DeadlineError::RestartBeforeReceipt { .. })
    ));
    let eves = DeadlineQuestion {
        swedish_eves: true,
        ..ask("2026-03-02", "NO")
    };
    assert!(matches!(
        compute_deadlines(&eves),
        Err(DeadlineError::EvesOutsideSweden(_))
    ));
}

// --- properties, checked on every day of 2024–2030 in every jurisdiction ---

fn every_day() -> impl Iterator<Item = NaiveDate> {
    let first = d("2024-01-01");
    (0..(d("2030-12-31") - first).num_days() + 1).map(move |n| first + Duration::days(n))
}

#[test]
fn property_deadlines_are_working_days_never_early_and_never_move_back() {
    for code in known_jurisdictions() {
        let calendar = WorkingDays::new(table(code), false, &[]);
        let mut previous: Option<(NaiveDate, NaiveDate)> = None;
        for received in every_day() {
            let r = compute_deadlines(&DeadlineQuestion::new(received, code)).unwrap();
            assert!(
                calendar.is_working_day(r.one_month_deadline),
                "{code} {received}"
            );
            assert!(
                calendar.is_working_day(r.extended_deadline),
                "{code} {received}"
            );
            assert!(
                r.one_month_deadline >= r.one_month_unrolled,
                "{code} {received}"
            );
            assert!(r.one_month_unrolled > received, "{code} {received}");
            assert!(
                r.extended_deadline > r.one_month_deadline,
                "{code} {received}"
            );
            assert!(
                r.one_month_deadline - r.one_month_unrolled <= Duration::days(6),
                "{code} {received}"
            );
            if let Some((one, ext)) = previous {
                assert!(
                    r.one_month_deadline >= one,
                    "{code}: deadline fell back at {received}"
                );
                assert!(
                    r.extended_deadline >= ext,
                    "{code}: extension fell back at {received}"
                );
            }
            previous = Some((r.one_month_deadline, r.extended_deadline));
        }
    }
}

#[test]
fn property_weekends_only_lands_on_a_weekday_within_two_days() {
    for received in every_day() {
        let r = compute_deadlines(&weekends(&received.to_string())).unwrap();
        assert!(!matches!(
            r.one_month_deadline.weekday(),
            Weekday::Sat | Weekday::Sun
        ));
        assert!(r.one_month_deadline - r.one_month_unrolled <= Duration::days(2));
    }
}

#[test]
fn a_pause_after_the_deadline_does_not_revive_it() {
    let q = DeadlineQuestion {
        pauses: vec![Pause {
            from: d("2026-03-01"),
            to: d("2026-03-31"),
        }],
        ..ask("2026-01-05", "NO")
    };
    let r = compute_deadlines(&q).unwrap();
    assert_eq!(r.one_month_deadline, d("2026-02-05"));
    assert_eq!(r.paused_days, 0);
    assert!(
        r.warnings[0].contains("began after the deadline (Thu 5 Feb 2026) had passed"),
        "{:?}",
        r.warnings
    );
    // A pause asked on the (rolled) last day still counts.
    let on_the_day = DeadlineQuestion {
        pauses: vec![Pause {
            from: d("2026-02-05"),
            to: d("2026-02-06"),
        }],
        ..ask("2026-01-05", "NO")
    };
    assert_eq!(
        compute_deadlines(&on_the_day).unwrap().one_month_deadline,
        d("2026-02-09")
    );
}

#[test]
fn a_pause_that_ended_before_a_restart_is_reported_not_counted() {
    let q = DeadlineQuestion {
        pauses: vec![Pause {
            from: d("2026-03-03"),
            to: d("2026-03-05"),
        }],
        restart_on: Some(d("2026-03-09")),
        ..ask("2026-03-02", "GB-ENG")
    };
    let r = compute_deadlines(&q).unwrap();
    assert_eq!((r.paused_days, r.one_month_deadline), (0, d("2026-04-09")));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("ended before the clock started")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn closure_days_are_not_passed_off_as_art_3_4() {
    let q = DeadlineQuestion {
        closure_days: vec![d("2026-12-29")],
        ..ask("2026-11-26", "GB-ENG")
    };
    let r = compute_deadlines(&q).unwrap();
    // Art. 3(4) alone gives Tue 29 Dec; the register's own rule answers before it.
    assert_eq!(r.one_month_deadline, d("2026-12-24"));
    let steps = r.steps.join("\n");
    assert!(
        steps.contains("→ the next working day, Tue 29 Dec 2026 (Art. 3(4))"),
        "{steps}"
    );
    assert!(
        steps.contains("the register's own, stricter rule"),
        "{steps}"
    );
    let plain = compute_deadlines(&ask("2026-11-26", "GB-ENG")).unwrap();
    assert!(!plain.steps.join("\n").contains("closure day"));
}

#[test]
fn years_outside_1990_to_2200_are_refused() {
    assert!(matches!(
        compute_deadlines(&ask("2201-01-01", "NO")),
        Err(DeadlineError::OutOfRange(_))
    ));
    assert!(matches!(
        compute_deadlines(&weekends("1989-12-31")),
        Err(DeadlineError::OutOfRange(_))
    ));
}

#[test]
fn long_dates_read_as_chrono_would_write_them_for_every_day_the_engine_counts() {
    use dpo_workbench::domain::deadline::{long_date, FIRST_YEAR, LAST_YEAR};
    let mut day = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap();
    while day <= last {
        assert_eq!(long_date(day), day.format("%a %-d %b %Y").to_string());
        day = day.succ_opt().unwrap();
    }
}

#[test]
fn dates_for_storing_equal_the_explained_ones_in_everything_but_the_steps() {
    use dpo_workbench::domain::deadline::compute_dates;
    let pause = |from: NaiveDate, days: i64| Pause {
        from,
        to: from + Duration::days(days),
    };
    for code in known_jurisdictions() {
        for received in every_day().step_by(3) {
            let mut questions = vec![DeadlineQuestion::new(received, code)];
            questions.push(DeadlineQuestion {
                pauses: vec![pause(received + Duration::days(4), 9)],
                extension: ExtensionFormula::TwoMonthsAfterFirstMonth,
                ..DeadlineQuestion::new(received, code)
            });
            questions.push(DeadlineQuestion {
                restart_on: Some(received + Duration::days(2)),
                closure_days: vec![received + Duration::days(31)],
                ..DeadlineQuestion::new(received, code)
            });
            for q in questions {
                let explained = compute_deadlines(&q).unwrap();
                assert!(!explained.steps.is_empty());
                let stored = compute_dates(&q).unwrap();
                assert!(stored.steps.is_empty());
                assert_eq!(
                    stored,
                    dpo_workbench::domain::deadline::Deadlines {
                        steps: Vec::new(),
                        ..explained
                    },
                    "{code} {received}"
                );
            }
        }
    }
}

#[test]
fn the_tables_reach_back_to_the_year_the_gdpr_applies() {
    // Christmas 2023 in Norway: Mon 25 and Tue 26 Dec are holidays.
    check(
        ask("2023-11-25", "NO"),
        "EU1182/71+NO",
        "2023-12-27",
        "2024-02-26",
    );
    // Denmark's Great Prayer Day was a holiday until 2023 (Fri 5 May 2023)…
    check(
        ask("2023-04-05", "DK"),
        "EU1182/71+DK",
        "2023-05-08",
        "2023-07-05",
    );
    // …and is not one from 2024 (it would have been Fri 26 Apr 2024).
    check(
        ask("2024-03-26", "DK"),
        "EU1182/71+DK",
        "2024-04-26",
        "2024-06-26",
    );
    // The Queen's state funeral, Mon 19 Sep 2022, was a bank holiday in England.
    let r = compute_deadlines(&ask("2022-08-19", "GB-ENG")).unwrap();
    assert!(
        r.steps
            .join("\n")
            .contains("State Funeral of Queen Elizabeth II"),
        "{:#?}",
        r.steps
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let r = compute_deadlines(&ask("2018-05-25", "SE")).unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

// --- The organisation's own promise, beside the legal date ---

#[test]
fn a_promise_of_30_days_is_counted_in_calendar_days_and_never_rolled() {
    // Received Thu 5 Mar 2026: 30 days later is Sat 4 Apr 2026 (Easter
    // Saturday in Norway), kept as promised; the legal month rolls to Tue 7 Apr.
    let q = DeadlineQuestion {
        promised_days: Some(30),
        ..ask("2026-03-05", "NO")
    };
    let r = compute_deadlines(&q).unwrap();
    assert_eq!(r.promised, Some(d("2026-04-04")));
    assert_eq!(r.one_month_deadline, d("2026-04-07"));
    assert!(
        r.steps
            .iter()
            .any(|s| s.contains("promises an answer within 30 days") && s.contains("Art. 5(1)(a)")),
        "the rule that produced the date is shown: {:#?}",
        r.steps
    );
    assert_eq!(
        compute_deadlines(&ask("2026-03-05", "NO"))
            .unwrap()
            .promised,
        None
    );
}

#[test]
fn a_promise_stands_still_with_the_legal_clock() {
    // Case 42's seven paused days move the promise by seven days too.
    let q = DeadlineQuestion {
        pauses: vec![Pause {
            from: d("2026-03-04"),
            to: d("2026-03-10"),
        }],
        promised_days: Some(14),
        ..ask("2026-03-02", "GB-ENG")
    };
    let r = compute_deadlines(&q).unwrap();
    assert_eq!(r.paused_days, 7);
    assert_eq!(r.promised, Some(d("2026-03-23")));
}

#[test]
fn a_closure_day_brings_a_deadline_earlier_and_never_past_the_legal_one() {
    // Received Tue 10 Nov 2026 in Norway: due Thu 10 Dec, extended Wed 10 Feb 2027.
    let plain = compute_deadlines(&ask("2026-11-10", "NO")).unwrap();
    assert_eq!(plain.one_month_deadline, d("2026-12-10"));
    let closed = DeadlineQuestion {
        closure_days: vec![d("2026-12-09"), d("2026-12-10"), d("2026-12-11")],
        ..ask("2026-11-10", "NO")
    };
    let r = compute_deadlines(&closed).unwrap();
    assert_eq!(r.one_month_deadline, d("2026-12-08"), "{:#?}", r.steps);
    assert!(
        r.steps
            .iter()
            .any(|s| s.contains("the legal deadline under Art. 3(4) is Thu 10 Dec 2026")),
        "{:#?}",
        r.steps
    );
    // A closure day that is not the deadline changes nothing; the notice
    // of an extension stays due on the unrolled date.
    let elsewhere = DeadlineQuestion {
        closure_days: vec![d("2026-12-14")],
        ..ask("2026-11-10", "NO")
    };
    let r = compute_deadlines(&elsewhere).unwrap();
    assert_eq!(r.one_month_deadline, plain.one_month_deadline);
    assert_eq!(r.extension_notice_by, plain.extension_notice_by);
    // Back over a weekend: closed Mon 14 Dec moves a deadline of that day to Fri 11.
    let monday = DeadlineQuestion {
        closure_days: vec![d("2026-12-14")],
        ..ask("2026-11-14", "NO")
    };
    assert_eq!(
        compute_deadlines(&monday).unwrap().one_month_deadline,
        d("2026-12-11")
    );
}
