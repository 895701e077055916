//! `dpo deadline`: the request-deadline engine for scripts and auditors.

use chrono::NaiveDate;
use clap::Args;
use serde_json::json;

use super::CliError;
use crate::domain::deadline::{
    compute_deadlines, long_date, DeadlineQuestion, ExtensionFormula, Pause,
};
use crate::domain::jurisdiction::Jurisdiction;
use crate::domain::request::parse_iso_date;

#[derive(Debug, Args)]
pub struct DeadlineArgs {
    /// Day the request reached any of your channels
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub received: NaiveDate,
    /// NO, SE, DK, FI, IS, IE, DE, FR, NL, GB-ENG, GB-SCT or GB-NIR (GB-* uses the ICO's rules)
    #[arg(long, value_name = "CC")]
    pub jurisdiction: String,
    /// Count only Saturdays and Sundays as non-working days
    #[arg(long)]
    pub weekends_only: bool,
    /// Also roll past midsommarafton, julafton and nyårsafton (SE, Lag 1930:173)
    #[arg(long)]
    pub swedish_eves: bool,
    /// Days the clock stood still, both ends included (repeatable)
    #[arg(long = "pause", value_name = "FROM..TO", value_parser = parse_pause)]
    pub pauses: Vec<Pause>,
    /// A day the organisation is closed: a deadline on it is met the last open day before (repeatable)
    #[arg(long = "closure-day", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub closure_days: Vec<NaiveDate>,
    /// UK Art. 12A: the day identity, fee or authority was received; the month restarts
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub restart_on: Option<NaiveDate>,
    /// Count the extension as two months after the unrolled first month (earlier for the 29th–31st)
    #[arg(long)]
    pub strict_extension: bool,
    /// The organisation's own promise ("we answer within N days"): its date is shown beside the legal one
    #[arg(long, value_name = "N")]
    pub promised_days: Option<u32>,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

fn parse_date(value: &str) -> Result<NaiveDate, String> {
    parse_iso_date(value).map_err(|e| e.to_string())
}

fn parse_pause(value: &str) -> Result<Pause, String> {
    let (from, to) = value.split_once("..").ok_or_else(|| {
        format!("'{value}' is not a pause: write FROM..TO, e.g. 2026-03-04..2026-03-10")
    })?;
    Ok(Pause {
        from: parse_date(from)?,
        to: parse_date(to)?,
    })
}

pub(super) fn run(args: DeadlineArgs) -> Result<(), CliError> {
    let jurisdiction = Jurisdiction::parse(&args.jurisdiction)
        .map_err(|m| CliError::input(format!("--jurisdiction: {m}")))?;
    let question = DeadlineQuestion {
        received: args.received,
        jurisdiction: jurisdiction.code().to_string(),
        weekends_only: args.weekends_only,
        swedish_eves: args.swedish_eves,
        closure_days: args.closure_days,
        pauses: args.pauses,
        restart_on: args.restart_on,
        promised_days: args.promised_days,
        extension: if args.strict_extension {
            ExtensionFormula::TwoMonthsAfterFirstMonth
        } else {
            ExtensionFormula::StartPlusThreeMonths
        },
    };
    let r = compute_deadlines(&question).map_err(|e| CliError::input(e.to_string()))?;

    if args.json {
        let doc = json!({
            "received": args.received.to_string(),
            "jurisdiction": jurisdiction.code(),
            "rule": r.rule,
            "rule_set": r.rule_set,
            "start": r.start.to_string(),
            "paused_days": r.paused_days,
            "one_month_unrolled": r.one_month_unrolled.to_string(),
            "one_month_deadline": r.one_month_deadline.to_string(),
            "extension_notice_by": r.extension_notice_by.to_string(),
            "extension_notice_outer_limit": r.one_month_deadline.to_string(),
            "extended_deadline": r.extended_deadline.to_string(),
            "extension_formula": r.extension.code(),
            "other_extension": r.other_formula.map(|(f, date)| json!({"formula": f.code(), "deadline": date.to_string()})),
            "steps": r.steps,
            "warnings": r.warnings,
            "promised": r.promised.map(|d| d.to_string()),
            "holiday_table": r.holiday_source.as_ref().map(|(source, verified)| json!({"source": source, "last_verified": verified})),
        });
        super::output::print_json(&doc);
        return Ok(());
    }

    let dated = |d: NaiveDate| format!("{d}  {}", long_date(d));
    let jurisdiction_label = if args.weekends_only {
        "weekends only".to_string()
    } else {
        jurisdiction.described()
    };
    let mut lines = vec![
        ("Received", dated(args.received)),
        ("Jurisdiction", jurisdiction_label),
        ("Rule", format!("{} ({})", r.rule, r.rule_set)),
        ("One-month deadline", dated(r.one_month_deadline)),
        ("Extension notice by", dated(r.extension_notice_by)),
        (
            "Extended deadline",
            format!("{} ({})", dated(r.extended_deadline), r.extension.code()),
        ),
    ];
    if let Some(date) = r.promised {
        lines.push((
            "Promised by",
            format!("{} (the organisation's own promise)", dated(date)),
        ));
    }
    if let Some((formula, date)) = r.other_formula {
        lines.push((
            "Other reading",
            format!("{} ({})", dated(date), formula.code()),
        ));
    }
    if let Some((source, verified)) = &r.holiday_source {
        lines.push(("Holidays", format!("{source}; verified {verified}")));
    }
    for (label, value) in lines {
        say!("{label:<21}{value}");
    }
    say!("\nHow the dates follow:");
    for (i, step) in r.steps.iter().enumerate() {
        say!("  {}. {step}", i + 1);
    }
    for warning in &r.warnings {
        say!("\nWarning: {warning}");
    }
    Ok(())
}
