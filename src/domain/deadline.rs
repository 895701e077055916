//! Deadlines for answering data-subject requests (GDPR Art. 12(3)–(4)), counted
//! as the law counts them: a calendar month under Reg. (EEC, Euratom) 1182/71
//! (or the ICO's identical method for the UK), rolled past weekends, public
//! holidays and closure days, with pauses, restarts and the two-month extension.
//! Specification: shared/domain/gdpr-rules.md §1; explained in docs/legal-rules.md.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

use super::holidays::{table, HolidayTable};

/// Years this calculator accepts; anything else is a typo, not a request.
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2200;

/// Stored with every computed date, so an old record stays explainable after the rules change.
/// v2: holiday tables from 2018 (v1: from 2024); schema 9 recomputes v1 dates.
pub const RULE_SET: &str = "dpo-workbench deadlines v2";

/// How the extended deadline is counted; the law does not settle it (§1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtensionFormula {
    /// Three months from the start date, rolled (ICO's method; the default).
    StartPlusThreeMonths,
    /// Two further months after the unrolled one-month date (earlier when the
    /// first month was clamped); the "strict" setting.
    TwoMonthsAfterFirstMonth,
}

impl ExtensionFormula {
    pub fn code(self) -> &'static str {
        match self {
            ExtensionFormula::StartPlusThreeMonths => "start_plus_3_months",
            ExtensionFormula::TwoMonthsAfterFirstMonth => "strict_month_plus_2_months",
        }
    }
}

/// Days during which the clock stands still (identity, clarification, fee); both
/// ends included, as in DPA 2018 s.54(3C) and the EDPB's suspension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineQuestion {
    pub received: NaiveDate,
    /// A code with a holiday table (NO, SE, …, GB-ENG); with `weekends_only`, any jurisdiction.
    pub jurisdiction: String,
    pub weekends_only: bool,
    /// Lag (1930:173) § 2: also roll past midsommarafton, julafton and nyårsafton (SE only).
    pub swedish_eves: bool,
    /// Per-register closure days that also roll a deadline.
    pub closure_days: Vec<NaiveDate>,
    pub pauses: Vec<Pause>,
    /// UK Art. 12A "relevant time": the clock starts again on this day.
    pub restart_on: Option<NaiveDate>,
    pub extension: ExtensionFormula,
    /// The organisation's own promise ("we answer within 30 days"), if it
    /// makes one: shown beside the legal deadline, never instead of it.
    pub promised_days: Option<u32>,
}

impl DeadlineQuestion {
    pub fn new(received: NaiveDate, jurisdiction: &str) -> Self {
        DeadlineQuestion {
            received,
            jurisdiction: jurisdiction.to_string(),
            weekends_only: false,
            swedish_eves: false,
            closure_days: Vec::new(),
            pauses: Vec::new(),
            restart_on: None,
            extension: ExtensionFormula::StartPlusThreeMonths,
            promised_days: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadlines {
    /// The rule that produced the dates, e.g. `EU1182/71+NO`, `ICO/UK-ENG`.
    pub rule: String,
    pub rule_set: &'static str,
    pub start: NaiveDate,
    pub paused_days: i64,
    pub one_month_unrolled: NaiveDate,
    /// Answer (or refuse, Art. 12(4)) by the end of this day.
    pub one_month_deadline: NaiveDate,
    /// Tell the data subject of an extension by this day: the unrolled date,
    /// the conservative reading; `one_month_deadline` is the outer limit.
    pub extension_notice_by: NaiveDate,
    pub extension: ExtensionFormula,
    pub extended_deadline: NaiveDate,
    /// What the other extension formula gives, when it differs.
    pub other_formula: Option<(ExtensionFormula, NaiveDate)>,
    pub steps: Vec<String>,
    pub warnings: Vec<String>,
    /// Source and last-verified date of the holiday table used.
    pub holiday_source: Option<(String, String)>,
    /// The day the organisation promised to answer by (see `promised_date`).
    pub promised: Option<NaiveDate>,
}

/// The day a promise of `days` days falls on: counted in calendar days from
/// the day the clock started, plus the days it stood still, as the legal
/// month is; not moved off weekends or holidays (the promise says "days").
/// Keeping it is transparency (Art. 5(1)(a)); the legal limit stays Art. 12(3).
pub fn promised_date(start: NaiveDate, paused_days: i64, days: u32) -> NaiveDate {
    start + Duration::days(i64::from(days) + paused_days)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error("unknown jurisdiction '{0}': use one of {1}, or --weekends-only")]
    UnknownJurisdiction(String, String),
    #[error("pause {from}..{to} ends before it starts")]
    PauseBackwards { from: NaiveDate, to: NaiveDate },
    #[error("pause {from}..{to} starts before the request was received ({received})")]
    PauseBeforeReceipt {
        from: NaiveDate,
        to: NaiveDate,
        received: NaiveDate,
    },
    #[error("restart date {restart} is before the request was received ({received})")]
    RestartBeforeReceipt {
        restart: NaiveDate,
        received: NaiveDate,
    },
    #[error("Swedish eves (Lag 1930:173) apply only to jurisdiction SE, not {0}")]
    EvesOutsideSweden(String),
    #[error("the date {0} is outside the years this calculator handles (1990-2200)")]
    OutOfRange(NaiveDate),
}

/// Reg. 1182/71 Art. 3(2)(c) and the ICO's "corresponding date": the same day of
/// the month `n` months later, or that month's last day when it has no such day.
pub fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    // chrono clamps to the end of the month exactly as the Regulation does.
    date.checked_add_months(Months::new(months))
}

const CLOSURE_DAY: &str = "a closure day of the register";

/// Which days are not working days, and why.
pub struct WorkingDays<'a> {
    table: Option<&'a HolidayTable>,
    eves: bool,
    closures: &'a [NaiveDate],
}

impl<'a> WorkingDays<'a> {
    pub fn new(table: Option<&'a HolidayTable>, eves: bool, closures: &'a [NaiveDate]) -> Self {
        WorkingDays {
            table,
            eves,
            closures,
        }
    }

    /// Why `date` is not a working day under Reg. 1182/71 (a weekend day or
    /// a public holiday), or `None` when it is one.
    pub fn closed_because(&self, date: NaiveDate) -> Option<String> {
        if let Some(name) = self.table.and_then(|t| t.holidays.get(&date)) {
            return Some(name.clone());
        }
        if self.eves {
            if let Some(name) = self.table.and_then(|t| t.eves.get(&date)) {
                return Some(format!("{name} (Lag 1930:173)"));
            }
        }
        match date.weekday() {
            Weekday::Sat => Some("a Saturday".into()),
            Weekday::Sun => Some("a Sunday".into()),
            _ => None,
        }
    }

    /// The register's own, stricter rule: a deadline on one of its closure
    /// days is met on the last day before it that is open (a working day and
    /// no closure day); the legal deadline does not move later for it.
    /// Returns that day and the step that says so, when it moved.
    pub fn before_closures(&self, deadline: NaiveDate) -> (NaiveDate, Option<String>) {
        if !self.closures.contains(&deadline) {
            return (deadline, None);
        }
        let mut day = deadline - Duration::days(1);
        while self.closures.contains(&day) || self.closed_because(day).is_some() {
            day -= Duration::days(1);
        }
        let step = format!(
            "{} is {CLOSURE_DAY} → answer by {}, the last open day before it (the register's own, stricter rule; the legal deadline under Art. 3(4) is {})",
            long_date(deadline),
            long_date(day),
            long_date(deadline)
        );
        (day, Some(step))
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.closed_because(date).is_none()
    }

    /// Why the public holidays of `date` are unknown, when they are: no
    /// calendar was chosen, or the table does not reach its year.
    fn holidays_unknown(&self, date: NaiveDate) -> Option<String> {
        match self.table {
            None => Some("weekends only: no public-holiday calendar".into()),
            Some(t) if !t.covers(date.year()) => Some(format!(
                "the public holidays of {} are not in the table",
                date.year()
            )),
            Some(_) => None,
        }
    }

    /// Reg. 1182/71 Art. 3(4): a period ending on a non-working day ends on the
    /// next working day. Returns the day and each day skipped with its reason.
    pub fn roll(&self, date: NaiveDate) -> (NaiveDate, Vec<(NaiveDate, String)>) {
        let mut day = date;
        let mut skipped = Vec::new();
        while let Some(reason) = self.closed_because(day) {
            skipped.push((day, reason));
            day += Duration::days(1);
        }
        (day, skipped)
    }
}

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "Sat 31 Jan 2026". Written out by hand: every request's explanation names
/// several days, and chrono's format strings were a twentieth of an import.
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "{} {} {} {}",
        DAY_NAMES[date.weekday().num_days_from_monday() as usize],
        date.day(),
        month_name(date),
        date.year()
    )
}

/// "Jan".
fn month_name(date: NaiveDate) -> &'static str {
    MONTH_NAMES[date.month0() as usize]
}

/// Which pauses stop the clock, and for how many days (each day once, from the
/// start on). A pause asked for after the period had already run out cannot
/// revive it, and one that ended before the clock (re)started does not count.
struct CountedPauses {
    days: i64,
    counted: Vec<Pause>,
    too_late: Vec<(Pause, NaiveDate)>,
    before_start: Vec<Pause>,
}

fn count_pauses(
    pauses: &[Pause],
    start: NaiveDate,
    month_end: NaiveDate,
    calendar: &WorkingDays<'_>,
) -> CountedPauses {
    let mut sorted = pauses.to_vec();
    sorted.sort_by_key(|p| (p.from, p.to));
    let mut days = BTreeSet::new();
    let mut result = CountedPauses {
        days: 0,
        counted: Vec::new(),
        too_late: Vec::new(),
        before_start: Vec::new(),
    };
    for pause in sorted {
        if pause.to < start {
            result.before_start.push(pause);
            continue;
        }
        let (deadline_so_far, _) = calendar.roll(month_end + Duration::days(days.len() as i64));
        if pause.from > deadline_so_far {
            result.too_late.push((pause, deadline_so_far));
            continue;
        }
        let mut day = pause.from.max(start);
        while day <= pause.to {
            days.insert(day);
            day += Duration::days(1);
        }
        result.counted.push(pause);
    }
    result.days = days.len() as i64;
    result
}

fn describe_roll(
    calendar: &WorkingDays<'_>,
    from: NaiveDate,
    rolled: NaiveDate,
    skipped: &[(NaiveDate, String)],
) -> String {
    // A day of a year the table does not reach is not called a working day:
    // it may be a holiday nobody told the workbench about.
    let unknown = calendar
        .holidays_unknown(rolled)
        .map(|why| format!(" ({why})"));
    if skipped.is_empty() {
        return match unknown {
            Some(why) => format!("{} is not a weekend day{why}", long_date(from)),
            None => format!("{} is a working day", long_date(from)),
        };
    }
    let reasons: Vec<String> = skipped
        .iter()
        .map(|(d, why)| format!("{} is {why}", long_date(*d)))
        .collect();
    format!(
        "{} → the next working day, {} (Art. 3(4)){}",
        reasons.join(", "),
        long_date(rolled),
        unknown.unwrap_or_default()
    )
}

/// The explanation's lines, written only when someone will read them.
struct Steps {
    explain: bool,
    lines: Vec<String>,
}

impl Steps {
    fn add(&mut self, line: impl FnOnce() -> String) {
        if self.explain {
            self.lines.push(line());
        }
    }
}

/// The deadlines of a request with each step that produced them explained.
pub fn compute_deadlines(q: &DeadlineQuestion) -> Result<Deadlines, DeadlineError> {
    deadlines(q, true)
}

/// The same dates, rule and warnings, without the explanation's steps: for
/// storing them (an import computes them for every row it writes).
pub fn compute_dates(q: &DeadlineQuestion) -> Result<Deadlines, DeadlineError> {
    deadlines(q, false)
}

fn deadlines(q: &DeadlineQuestion, explain: bool) -> Result<Deadlines, DeadlineError> {
    let holiday_table = check_question(q)?;
    let is_uk = q.jurisdiction.starts_with("GB-");
    let calendar = WorkingDays::new(holiday_table, q.swedish_eves, &q.closure_days);
    let mut steps = Steps {
        explain,
        lines: Vec::new(),
    };
    let mut warnings = Vec::new();

    let start = q.restart_on.unwrap_or(q.received).max(q.received);
    explain_start(q, is_uk, &mut steps, &mut warnings);
    let month_end = one_month(start, &mut steps)?;
    let pauses = count_pauses(&q.pauses, start, month_end, &calendar);
    let paused = pauses.days;
    let one_month_unrolled = month_end + Duration::days(paused);
    explain_pauses(
        &pauses,
        start,
        one_month_unrolled,
        is_uk,
        &mut steps,
        &mut warnings,
    );
    let (legal_deadline, skipped) = calendar.roll(one_month_unrolled);
    steps.add(|| {
        format!(
            "{}: answer by the end of that day",
            describe_roll(&calendar, one_month_unrolled, legal_deadline, &skipped)
        )
    });
    let (one_month_deadline, closure) = calendar.before_closures(legal_deadline);
    if let Some(step) = closure {
        steps.add(|| step);
    }
    steps.add(|| {
        format!(
            "An extension must be announced, with reasons, by {} (Art. 12(3); {} is the outer limit)",
            long_date(one_month_unrolled),
            long_date(one_month_deadline)
        )
    });
    let extended = extend(q.extension, start, month_end, paused, &calendar, &mut steps)?;
    let promised = q
        .promised_days
        .map(|days| promised_date(start, paused, days));
    if let (Some(days), Some(day)) = (q.promised_days, promised) {
        steps.add(|| {
            format!(
                "The organisation promises an answer within {days} days: by {} ({days} days from the start{}). \
                 Its own promise (transparency, Art. 5(1)(a)); the legal deadline stays {}",
                long_date(day),
                if paused > 0 { format!(" and {paused} paused") } else { String::new() },
                long_date(one_month_deadline)
            )
        });
    }
    if let Some(t) = holiday_table {
        let reached = [q.received, one_month_deadline, extended.deadline];
        warnings.extend(uncovered_years(t, &q.jurisdiction, &reached));
    }

    Ok(Deadlines {
        rule: rule_name(q, holiday_table.is_some(), is_uk),
        rule_set: RULE_SET,
        start,
        paused_days: paused,
        one_month_unrolled,
        one_month_deadline,
        extension_notice_by: one_month_unrolled,
        extension: q.extension,
        extended_deadline: extended.deadline,
        other_formula: extended.other,
        steps: steps.lines,
        warnings,
        holiday_source: holiday_table.map(|t| (t.source.clone(), t.last_verified.clone())),
        promised,
    })
}

/// Refuses a question the rules cannot answer; returns the holiday table to count with.
fn check_question(q: &DeadlineQuestion) -> Result<Option<&'static HolidayTable>, DeadlineError> {
    let holiday_table = if q.weekends_only {
        None
    } else {
        Some(table(&q.jurisdiction).ok_or_else(|| {
            let known: Vec<&str> = super::holidays::known_jurisdictions().collect();
            DeadlineError::UnknownJurisdiction(q.jurisdiction.clone(), known.join(", "))
        })?)
    };
    if q.swedish_eves && q.jurisdiction != "SE" {
        return Err(DeadlineError::EvesOutsideSweden(q.jurisdiction.clone()));
    }
    for p in &q.pauses {
        if p.to < p.from {
            return Err(DeadlineError::PauseBackwards {
                from: p.from,
                to: p.to,
            });
        }
        if p.from < q.received {
            return Err(DeadlineError::PauseBeforeReceipt {
                from: p.from,
                to: p.to,
                received: q.received,
            });
        }
    }
    match q.restart_on {
        Some(restart) if restart < q.received => Err(DeadlineError::RestartBeforeReceipt {
            restart,
            received: q.received,
        }),
        _ if !(FIRST_YEAR..=LAST_YEAR).contains(&q.received.year()) => {
            Err(DeadlineError::OutOfRange(q.received))
        }
        _ => Ok(holiday_table),
    }
}

/// The name of the rule that produced the dates, e.g. `EU1182/71+NO`, `ICO/UK-ENG`.
fn rule_name(q: &DeadlineQuestion, has_holidays: bool, is_uk: bool) -> String {
    match (has_holidays, is_uk) {
        (false, _) => "EU1182/71+weekends".to_string(),
        (true, true) => format!("ICO/UK-{}", &q.jurisdiction[3..]),
        (true, false) if q.swedish_eves => "SE-lag-1930:173".to_string(),
        (true, false) => format!("EU1182/71+{}", q.jurisdiction),
    }
}

/// Where the month starts counting from: receipt, or a UK restart.
fn explain_start(q: &DeadlineQuestion, is_uk: bool, steps: &mut Steps, warnings: &mut Vec<String>) {
    let day_one = if is_uk {
        "ICO: the day of receipt is day one"
    } else {
        "Reg. 1182/71 Art. 3(1) with C-171/03"
    };
    steps.add(|| {
        format!(
            "Received {}; the month runs from that date ({day_one})",
            long_date(q.received)
        )
    });
    if let Some(restart) = q.restart_on {
        steps.add(|| format!(
            "Clock restarted on {}: identity, fee or authority received (UK GDPR Art. 12A \"relevant time\")",
            long_date(restart)
        ));
        if !is_uk {
            warnings.push(
                "restarting the clock is the UK Art. 12A model; the EDPB treats an identity check as a pause (--pause)".into(),
            );
        }
    }
}

/// Art. 3(2)(c): the same date a month later, or that month's last day.
fn one_month(start: NaiveDate, steps: &mut Steps) -> Result<NaiveDate, DeadlineError> {
    let month_end = add_months(start, 1).ok_or(DeadlineError::OutOfRange(start))?;
    if month_end.day() != start.day() {
        steps.add(|| {
            format!(
                "One month: {} {} does not exist → last day of that month, {} (Art. 3(2)(c))",
                start.day(),
                month_name(month_end),
                long_date(month_end)
            )
        });
    } else {
        steps.add(|| {
            format!(
                "One month: the same date a month later, {} (Art. 3(2)(c))",
                long_date(month_end)
            )
        });
    }
    Ok(month_end)
}

/// The pauses that moved the month's end, and those that could not.
fn explain_pauses(
    pauses: &CountedPauses,
    start: NaiveDate,
    one_month_unrolled: NaiveDate,
    is_uk: bool,
    steps: &mut Steps,
    warnings: &mut Vec<String>,
) {
    for p in &pauses.before_start {
        warnings.push(format!(
            "the pause {}–{} ended before the clock started on {}: not counted",
            long_date(p.from),
            long_date(p.to),
            long_date(start)
        ));
    }
    for (p, deadline) in &pauses.too_late {
        warnings.push(format!(
            "the pause from {} began after the deadline ({}) had passed: it does not move the deadline",
            long_date(p.from),
            long_date(*deadline)
        ));
    }
    let paused = pauses.days;
    if paused == 0 {
        return;
    }
    let spans: Vec<String> = pauses
        .counted
        .iter()
        .map(|p| format!("{}–{}", long_date(p.from.max(start)), long_date(p.to)))
        .collect();
    let model = if is_uk {
        "UK Art. 12A stop-the-clock"
    } else {
        "EDPB suspension, Guidelines 01/2022 para 159"
    };
    steps.add(|| {
        format!(
            "Paused {} ({paused} {} not count, {model}) → {}",
            spans.join(", "),
            if paused == 1 { "day does" } else { "days do" },
            long_date(one_month_unrolled)
        )
    });
}

/// The extended deadline by the chosen formula, and the other formula's date when it differs.
struct Extended {
    deadline: NaiveDate,
    other: Option<(ExtensionFormula, NaiveDate)>,
}

fn extend(
    formula: ExtensionFormula,
    start: NaiveDate,
    month_end: NaiveDate,
    paused: i64,
    calendar: &WorkingDays<'_>,
    steps: &mut Steps,
) -> Result<Extended, DeadlineError> {
    let out_of_range = || DeadlineError::OutOfRange(start);
    let formula_one = add_months(start, 3).ok_or_else(out_of_range)? + Duration::days(paused);
    let formula_two = add_months(month_end, 2).ok_or_else(out_of_range)? + Duration::days(paused);
    let (chosen, other_formula, other) = match formula {
        ExtensionFormula::StartPlusThreeMonths => (
            formula_one,
            ExtensionFormula::TwoMonthsAfterFirstMonth,
            formula_two,
        ),
        ExtensionFormula::TwoMonthsAfterFirstMonth => (
            formula_two,
            ExtensionFormula::StartPlusThreeMonths,
            formula_one,
        ),
    };
    let (legal_deadline, skipped) = calendar.roll(chosen);
    let (deadline, closure) = calendar.before_closures(legal_deadline);
    let how = match formula {
        ExtensionFormula::StartPlusThreeMonths => "three months from the start (ICO; default)",
        ExtensionFormula::TwoMonthsAfterFirstMonth => {
            "the unrolled one-month date plus two months (strict)"
        }
    };
    steps.add(|| {
        let paused_days = if paused == 0 {
            String::new()
        } else {
            format!(
                ", {}, plus the {paused} paused {}",
                long_date(chosen - Duration::days(paused)),
                if paused == 1 { "day" } else { "days" }
            )
        };
        format!(
            "Extended deadline: {how}{paused_days} = {}; {}",
            long_date(chosen),
            describe_roll(calendar, chosen, legal_deadline, &skipped)
        )
    });
    if let Some(step) = closure {
        steps.add(|| step);
    }
    let (other_deadline, _) = calendar.before_closures(calendar.roll(other).0);
    let other = (other_deadline != deadline).then(|| {
        steps.add(|| {
            format!(
                "The other reading of the extension gives {}",
                long_date(other_deadline)
            )
        });
        (other_formula, other_deadline)
    });
    Ok(Extended { deadline, other })
}

/// A warning for each year the dates reach that the holiday table does not.
fn uncovered_years(t: &HolidayTable, jurisdiction: &str, dates: &[NaiveDate]) -> Vec<String> {
    let years: BTreeSet<i32> = dates
        .iter()
        .map(|d| d.year())
        .filter(|y| !t.covers(*y))
        .collect();
    years
        .into_iter()
        .map(|year| {
            format!("no holiday table for {jurisdiction} in {year}: only weekends were counted for that year")
        })
        .collect()
}
