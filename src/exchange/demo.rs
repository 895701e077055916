//! The demo register: a Norwegian IoT company and its processors, kept as
//! readable CSV in `assets/demo/` (in the same columns as the exports) and
//! compiled into the binary so `dpo init --demo` works anywhere.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};
use serde::Deserialize;

use super::ExchangeError;
use crate::domain::activity::{
    parse_retention, Activity, ActivityStatus, Art6Basis, Art9Condition, DataCategory, LawfulBasis,
    ProcessorRecord,
};
use crate::domain::breach::{check_notification, Breach, BreachStatus, Notification};
use crate::domain::organisation::Organisation;
use crate::domain::request::{PauseKind, Request, RequestBasics, Step};
use crate::domain::validation::FieldErrors;
use crate::record::breach::{BreachKind, BreachNotificationKind};
use crate::record::organisation::OrganisationKind;
use crate::record::processor::ProcessorKind;
use crate::record::request::RequestKind;
use crate::record::{validate, Context, Draft, Kind};
use crate::store::Register;

/// One demo file: where it lives in the source tree (for error messages) and its text.
#[derive(Debug, Clone, Copy)]
pub struct DemoFile {
    pub path: &'static str,
    pub text: &'static str,
}

macro_rules! demo_file {
    ($dir:literal, $name:literal) => {
        DemoFile {
            path: concat!("assets/demo/", $dir, $name),
            text: include_str!(concat!("../../assets/demo/", $dir, $name)),
        }
    };
}

macro_rules! demo_set {
    ($key:literal, $dir:literal, $about:literal) => {
        DemoSet {
            key: $key,
            about: $about,
            organisation: demo_file!($dir, "organisation.csv"),
            processors: demo_file!($dir, "processors.csv"),
            requests: demo_file!($dir, "requests.csv"),
            breaches: demo_file!($dir, "breaches.csv"),
            activities: demo_file!($dir, "activities.csv"),
            categories: demo_file!($dir, "activity_data_categories.csv"),
            bases: demo_file!($dir, "activity_bases.csv"),
            processor_records: demo_file!($dir, "processor_records.csv"),
            breach_activities: demo_file!($dir, "breach_activities.csv"),
            dpas: demo_file!($dir, "dpas.csv"),
            transfers: demo_file!($dir, "transfers.csv"),
            notices: demo_file!($dir, "change_notices.csv"),
        }
    };
}

/// A demo client register, compiled in: the same files for every client.
#[derive(Debug, Clone, Copy)]
pub struct DemoSet {
    /// What `dpo init --demo NAME` calls it.
    pub key: &'static str,
    pub about: &'static str,
    pub organisation: DemoFile,
    pub processors: DemoFile,
    pub requests: DemoFile,
    pub breaches: DemoFile,
    pub activities: DemoFile,
    pub categories: DemoFile,
    pub bases: DemoFile,
    pub processor_records: DemoFile,
    pub breach_activities: DemoFile,
    pub dpas: DemoFile,
    pub transfers: DemoFile,
    pub notices: DemoFile,
}

/// The demo clients, the first being the default register's.
pub const DEMOS: &[DemoSet] = &[
    demo_set!(
        "fjordvakt",
        "",
        "Norwegian IoT company: the full demo (overdue request, running breach clock)"
    ),
    demo_set!(
        "lindqvist",
        "lindqvist/",
        "Swedish dental clinic: health data, a request due this week, a review coming up"
    ),
    demo_set!(
        "nordlys",
        "nordlys/",
        "Danish bicycle web shop: a calm register, US transfers under the DPF and SCCs"
    ),
];

impl DemoSet {
    /// The demo called `key`, e.g. "fjordvakt".
    pub fn named(key: &str) -> Result<&'static DemoSet, ExchangeError> {
        DEMOS
            .iter()
            .find(|d| d.key.eq_ignore_ascii_case(key.trim()))
            .ok_or_else(|| {
                ExchangeError::Profile(format!(
                    "no demo '{key}'; the demos are: {}",
                    DEMOS.iter().map(|d| d.key).collect::<Vec<_>>().join(", ")
                ))
            })
    }
}

#[derive(Deserialize)]
struct ActivityLine {
    name: String,
    purposes: String,
    owner: String,
    subject_categories: String,
    source: String,
    /// Processor names separated by "; ".
    processors: String,
    other_recipients: String,
    other_transfers: String,
    measures: String,
    /// Nine 0/1 digits, the WP248 criteria in order.
    dpia_criteria: String,
    dpia_reference: String,
    dpia_date: String,
    status: String,
    last_reviewed_days_ago: Option<i64>,
    /// Joint controllers (Art. 26) in the form's grammar, one per line.
    #[serde(default)]
    joint_controllers: String,
}

#[derive(Deserialize)]
struct CategoryLine {
    activity: String,
    category: String,
    special: String,
    criminal: String,
    retention: String,
}

#[derive(Deserialize)]
struct BasisLine {
    activity: String,
    purpose: String,
    art6: String,
    art9: String,
    art10_basis: String,
    justification: String,
    consent_record: String,
}

#[derive(Deserialize)]
struct BreachActivityLine {
    breach: String,
    activity: String,
}

/// A demo request: dates are days after receipt, receipt is days before today,
/// so the demo's clocks are live on whatever day it is created.
#[derive(Deserialize)]
struct RequestLine {
    subject_ref: String,
    right: String,
    channel: String,
    received_days_ago: i64,
    representative: String,
    started_after: Option<i64>,
    identity_requested_after: Option<i64>,
    identity_verified_after: Option<i64>,
    pause_kind: String,
    pause_after: Option<i64>,
    resumed_after: Option<i64>,
    extended_after: Option<i64>,
    extension_reason: String,
    outcome: String,
    outcome_after: Option<i64>,
    refusal_reason: String,
    notes: String,
}

/// Reads every row of an embedded CSV, with the line each starts on.
pub(super) fn rows<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
) -> Result<Vec<(u64, T)>, ExchangeError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers()?.clone();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        let line = record.position().map_or(0, |p| p.line());
        let value = record
            .deserialize(Some(&headers))
            .map_err(|e| ExchangeError::row(file, line, e.to_string()))?;
        out.push((line, value));
    }
    Ok(out)
}

/// The organisation names of the demo clients (the switcher can hide them).
/// Read once: the workbench asks on every reload of the organisation.
pub fn demo_organisation_names() -> Vec<String> {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    // The demo files are compiled in: a name read from one cannot fail but
    // through a broken build, which the tests catch.
    NAMES
        .get_or_init(|| {
            DEMOS
                .iter()
                .filter_map(|set| demo_organisation_of(set, chrono::DateTime::UNIX_EPOCH).ok())
                .map(|o| o.name)
                .collect()
        })
        .clone()
}

/// The default demo's organisation.
pub fn demo_organisation(now: DateTime<Utc>) -> Result<Organisation, ExchangeError> {
    demo_organisation_of(&DEMOS[0], now)
}

pub fn demo_organisation_of(
    set: &DemoSet,
    now: DateTime<Utc>,
) -> Result<Organisation, ExchangeError> {
    let file = set.organisation.path;
    let (line, o) = rows::<HashMap<String, String>>(file, set.organisation.text)?
        .into_iter()
        .next()
        .ok_or_else(|| ExchangeError::row(file, 1, "no organisation row"))?;
    let draft = draft_of_line::<OrganisationKind>(&o);
    // The organisation names its own zone; its rules do not depend on one.
    let context = Context::new(now, chrono_tz::UTC);
    validate::<OrganisationKind>(&draft, &context)
        .map_err(|errors| ExchangeError::row(file, line, errors.to_string()))
}

/// The draft of a kind's record from a demo line, by column name.
fn draft_of_line<K: Kind>(line: &HashMap<String, String>) -> Draft {
    crate::record::draft::<K>(|field| line.get(field.key).cloned().unwrap_or_default())
}

/// Writes the whole demo into `register`: processors, then requests and
/// breaches dated relative to `now`. Returns how many records were written.
pub fn load_demo(register: &mut Register, now: DateTime<Utc>) -> Result<usize, ExchangeError> {
    load_demo_set(register, &DEMOS[0], now)
}

/// Writes the demo client `set` into `register` (made with its organisation).
pub fn load_demo_set(
    register: &mut Register,
    set: &DemoSet,
    now: DateTime<Utc>,
) -> Result<usize, ExchangeError> {
    let today = crate::platform::clock::date_in(now, &register.organisation()?.time_zone);
    Ok(load_demo_processors(register, set)?
        + super::demo_agreements::load_demo_agreements(register, set, today)?
        + load_demo_activities(register, set, today)?
        + load_demo_processor_records(register, set)?
        + load_demo_requests(register, set, today)?
        + load_demo_breaches(register, set, now)?
        + link_demo_breaches(register, set)?)
}

/// The id of the processor with exactly this name.
pub(super) fn processor_named(
    register: &Register,
    name: &str,
) -> Result<Option<i64>, ExchangeError> {
    let rows = register.processor_page(name, 0, 50)?;
    Ok(rows
        .into_iter()
        .find(|p| p.processor.fields.name == name)
        .map(|p| p.processor.id))
}

#[derive(Deserialize)]
struct ProcessorRecordLine {
    controller_name: String,
    controller_contact: String,
    representative: String,
    controller_dpo: String,
    processing_categories: String,
    transfers: String,
    measures: String,
    #[serde(default)]
    notify_within_hours: Option<u32>,
    /// Processor names separated by "; ".
    #[serde(default)]
    sub_processors: String,
}

fn load_demo_activities(
    register: &mut Register,
    set: &DemoSet,
    today: NaiveDate,
) -> Result<usize, ExchangeError> {
    let categories = rows::<CategoryLine>(set.categories.path, set.categories.text)?;
    let bases = rows::<BasisLine>(set.bases.path, set.bases.text)?;
    let file = set.activities.path;
    let lines = rows::<ActivityLine>(file, set.activities.text)?;
    let count = lines.len();
    for (line, a) in lines {
        let row_error = ExchangeError::in_row(file, line);
        let mut data_categories = Vec::new();
        for (cline, c) in categories.iter().filter(|(_, c)| c.activity == a.name) {
            let retention =
                match c.retention.trim() {
                    "" => None,
                    text => Some(parse_retention(text).map_err(|e| {
                        ExchangeError::row(set.categories.path, *cline, e.to_string())
                    })?),
                };
            data_categories.push(DataCategory {
                name: c.category.clone(),
                special: Some(c.special.trim().to_string()).filter(|s| !s.is_empty()),
                criminal: c.criminal.trim() == "yes",
                retention,
            });
        }
        let mut lawful = Vec::new();
        for (bline, b) in bases.iter().filter(|(_, b)| b.activity == a.name) {
            let bad = ExchangeError::in_row(set.bases.path, *bline);
            lawful.push(LawfulBasis {
                purpose: b.purpose.clone(),
                art6: Art6Basis::parse(&b.art6)
                    .ok_or_else(|| bad(format!("art6: '{}'", b.art6)))?,
                art9: match b.art9.trim() {
                    "" => None,
                    code => Some(
                        Art9Condition::parse(code).ok_or_else(|| bad(format!("art9: '{code}'")))?,
                    ),
                },
                art10_basis: b.art10_basis.clone(),
                justification: b.justification.clone(),
                consent_record: b.consent_record.clone(),
            });
        }
        let mut processors = Vec::new();
        for name in a
            .processors
            .split(';')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let id = processor_named(register, name)?;
            processors
                .push(id.ok_or_else(|| row_error(format!("processors: no processor '{name}'")))?);
        }
        if a.dpia_criteria.len() != 9 {
            return Err(row_error("dpia_criteria: nine 0/1 digits".into()));
        }
        let mut dpia_criteria = [false; 9];
        for (flag, c) in dpia_criteria.iter_mut().zip(a.dpia_criteria.chars()) {
            *flag = c == '1';
        }
        let status = ActivityStatus::parse(&a.status)
            .ok_or_else(|| row_error(format!("status: '{}'", a.status)))?;
        let joint_controllers =
            crate::domain::activity_form::parse_joint_lines(&a.joint_controllers)
                .map_err(|e| row_error(format!("joint_controllers: {e}")))?;
        let activity = Activity {
            joint_controllers,
            name: a.name.clone(),
            purposes: a.purposes,
            owner: a.owner,
            subject_categories: a.subject_categories,
            data_categories,
            source: a.source,
            other_recipients: a.other_recipients,
            other_transfers: a.other_transfers,
            measures: a.measures,
            bases: lawful,
            dpia_criteria,
            dpia_reference: a.dpia_reference,
            dpia_date: crate::domain::request::parse_iso_date(&a.dpia_date).ok(),
            status,
            last_reviewed: a.last_reviewed_days_ago.map(|d| today - Duration::days(d)),
        };
        register.insert_activity(&activity, &processors)?;
    }
    Ok(count)
}

/// The demo's Art. 30(2) records, with the sub-processors they name.
fn load_demo_processor_records(
    register: &mut Register,
    set: &DemoSet,
) -> Result<usize, ExchangeError> {
    let mut count = 0;
    for (line, r) in
        rows::<ProcessorRecordLine>(set.processor_records.path, set.processor_records.text)?
    {
        let mut sub_processors = Vec::new();
        for name in r
            .sub_processors
            .split(';')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            sub_processors.push(processor_named(register, name)?.ok_or_else(|| {
                ExchangeError::row(
                    set.processor_records.path,
                    line,
                    format!("sub_processors: no processor '{name}'"),
                )
            })?);
        }
        register.insert_processor_record(&ProcessorRecord {
            sub_processors,
            controller_name: r.controller_name,
            controller_contact: r.controller_contact,
            representative: r.representative,
            controller_dpo: r.controller_dpo,
            processing_categories: r.processing_categories,
            transfers: r.transfers,
            measures: r.measures,
            notify_within_hours: r.notify_within_hours,
        })?;
        count += 1;
    }
    Ok(count)
}

/// Links the demo breaches to the activities they affected.
fn link_demo_breaches(register: &mut Register, set: &DemoSet) -> Result<usize, ExchangeError> {
    let file = set.breach_activities.path;
    let activities = register.activity_page("", false, 0, 1000)?;
    let breaches = register.breach_page("", 0, 1000)?;
    let lines = rows::<BreachActivityLine>(file, set.breach_activities.text)?;
    for (line, link) in &lines {
        let missing =
            |what: &str, name: &str| ExchangeError::row(file, *line, format!("no {what} '{name}'"));
        let breach = breaches
            .iter()
            .find(|b| b.breach.title == link.breach)
            .ok_or_else(|| missing("breach", &link.breach))?;
        let activity = activities
            .iter()
            .find(|a| a.activity.name == link.activity)
            .ok_or_else(|| missing("activity", &link.activity))?;
        let mut ids: Vec<i64> = register
            .breach(breach.id)?
            .map(|row| row.activities.into_iter().map(|(id, _)| id).collect())
            .unwrap_or_default();
        ids.push(activity.id);
        register.set_breach_activities(breach.id, &ids)?;
    }
    Ok(lines.len())
}

fn load_demo_breaches(
    register: &mut Register,
    set: &DemoSet,
    now: DateTime<Utc>,
) -> Result<usize, ExchangeError> {
    let file = set.breaches.path;
    let context = register.context()?.at(now);
    let lines = rows::<BTreeMap<String, String>>(file, set.breaches.text)?;
    let count = lines.len();
    for (line, row) in lines {
        let row_error = ExchangeError::in_row(file, line);
        let demo = DemoBreach::read(&row, now).map_err(row_error)?;
        let processor_id = match cell(&row, "processor_name").trim() {
            "" => None,
            name => Some(
                processor_named(register, name)?
                    .ok_or_else(|| row_error(format!("processor_name: no processor '{name}'")))?,
            ),
        };
        let mut draft = demo.draft(&row, processor_id);
        // A breach as processor names the controller it happened for.
        let controller = cell(&row, "controller_name").trim();
        if !controller.is_empty() {
            let record = register
                .processor_record_names()?
                .into_iter()
                .find(|(_, n)| n == controller)
                .ok_or_else(|| {
                    row_error(format!(
                        "controller_name: no Art. 30(2) record '{controller}'"
                    ))
                })?;
            draft.set("processor_record_id", record.0.to_string());
        }
        let breach =
            validate::<BreachKind>(&draft, &context).map_err(|e| row_error(e.to_string()))?;
        // A breach that was notified is recorded open, notified, then given its final status.
        let first_status = if demo.notified_at.is_some() {
            BreachStatus::Open
        } else {
            breach.status
        };
        let id = register.insert_breach(&Breach {
            status: first_status,
            ..breach.clone()
        })?;
        if let Some(sent_at) = demo.notified_at {
            let notification = demo_notification(&row, sent_at, &breach, &context)
                .map_err(|e| row_error(e.to_string()))?;
            let revision = register.breach(id)?.map_or(1, |row| row.revision);
            register.add_notification(id, revision, &notification)?;
            if breach.status != BreachStatus::Notified {
                let revision = register.breach(id)?.map_or(1, |row| row.revision);
                register.update_breach(id, revision, &breach)?;
            }
        }
    }
    Ok(count)
}

/// A cell of a demo row by its column (empty when the file has none).
fn cell<'a>(row: &'a BTreeMap<String, String>, column: &str) -> &'a str {
    row.get(column).map_or("", String::as_str)
}

/// A demo breach's times: the file counts them in hours from awareness, and
/// awareness in hours before now, so one breach is always inside its 72 hours
/// when the demo is created, on any day.
struct DemoBreach {
    aware: DateTime<Utc>,
    detected_at: Option<DateTime<Utc>>,
    processor_told_us_at: Option<DateTime<Utc>>,
    subjects_told_at: Option<DateTime<Utc>>,
    notified_at: Option<DateTime<Utc>>,
    controller_told_at: Option<DateTime<Utc>>,
}

impl DemoBreach {
    fn read(row: &BTreeMap<String, String>, now: DateTime<Utc>) -> Result<Self, String> {
        let hours = |column: &str| -> Result<Option<i64>, String> {
            match cell(row, column).trim() {
                "" => Ok(None),
                n => n
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{column}: expected whole hours, not '{n}'")),
            }
        };
        let ago = hours("aware_hours_ago")?.ok_or("aware_hours_ago: required")?;
        let aware = now - Duration::hours(ago);
        let before = |h: Option<i64>| h.map(|h| aware - Duration::hours(h));
        let after = |h: Option<i64>| h.map(|h| aware + Duration::hours(h));
        Ok(DemoBreach {
            aware,
            detected_at: before(hours("detected_hours_before_aware")?),
            processor_told_us_at: before(hours("processor_told_us_hours_before_aware")?),
            subjects_told_at: after(hours("subjects_told_hours_after_aware")?),
            notified_at: after(hours("notified_hours_after_aware")?),
            controller_told_at: after(hours("controller_told_hours_after_aware")?),
        })
    }

    /// The breach form's draft: the row's cells named as its fields, the
    /// times and the C/I/A letters of `types` worked out.
    fn draft(&self, row: &BTreeMap<String, String>, processor_id: Option<i64>) -> Draft {
        let mut draft = crate::record::draft::<BreachKind>(|f| cell(row, f.key).to_string());
        let stamp = |t: Option<DateTime<Utc>>| {
            t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
                .unwrap_or_default()
        };
        let types = cell(row, "types");
        for (letter, key) in [
            ('c', "confidentiality"),
            ('i', "integrity"),
            ('a', "availability"),
        ] {
            draft.set(key, if types.contains(letter) { "yes" } else { "no" });
        }
        draft.set("detected_at", stamp(self.detected_at));
        draft.set("aware_at", stamp(Some(self.aware)));
        draft.set("ongoing", "no");
        draft.set("criminal_data", "no");
        draft.set(
            "processor_id",
            processor_id.map(|id| id.to_string()).unwrap_or_default(),
        );
        draft.set("processor_told_us_at", stamp(self.processor_told_us_at));
        draft.set("subjects_told_at", stamp(self.subjects_told_at));
        draft.set("controller_told_at", stamp(self.controller_told_at));
        draft
    }
}

/// A demo breach's first notification to the authority the row names.
fn demo_notification(
    row: &BTreeMap<String, String>,
    sent_at: DateTime<Utc>,
    breach: &Breach,
    context: &Context,
) -> Result<Notification, FieldErrors> {
    let note = Draft::default()
        .with("authority", cell(row, "authority"))
        .with("kind", "initial")
        .with(
            "sent_at",
            sent_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        )
        .with("reference", cell(row, "reference"))
        .with("summary", "Initial notification with what was known.")
        .with("delay_reason", cell(row, "delay_reason"));
    validate::<BreachNotificationKind>(&note, context).and_then(|n| {
        let mut errors = FieldErrors::default();
        check_notification(&n, breach.aware_at, true, &context.zone, &mut errors);
        errors.into_result(n)
    })
}

fn load_demo_requests(
    register: &mut Register,
    set: &DemoSet,
    today: NaiveDate,
) -> Result<usize, ExchangeError> {
    let file = set.requests.path;
    let lines = rows::<RequestLine>(file, set.requests.text)?;
    let context = register.context()?;
    let count = lines.len();
    for (line, r) in lines {
        let row_error = ExchangeError::in_row(file, line);
        let received_on = today - Duration::days(r.received_days_ago);
        let draft = crate::record::draft_of::<RequestKind>(&Request::default(), &context)
            .with("subject_ref", r.subject_ref)
            .with("right", r.right)
            .with("received_on", received_on.to_string())
            .with("channel", r.channel)
            .with("representative", r.representative)
            .with("notes", r.notes);
        let request =
            validate::<RequestKind>(&draft, &context).map_err(|e| row_error(e.to_string()))?;
        let id = register.insert_request(RequestBasics::from(&request))?;
        let on = |days: i64| received_on + Duration::days(days);
        let mut steps: Vec<(i64, Step)> = Vec::new();
        if let Some(days) = r.started_after {
            steps.push((days, Step::StartWork { on: on(days) }));
        }
        if let Some(days) = r.identity_requested_after {
            steps.push((days, Step::IdentityRequested { on: on(days) }));
        }
        if let Some(days) = r.identity_verified_after {
            steps.push((days, Step::IdentityVerified { on: on(days) }));
        }
        if let Some(days) = r.pause_after {
            let kind = PauseKind::parse(&r.pause_kind)
                .ok_or_else(|| row_error(format!("pause_kind: '{}'", r.pause_kind)))?;
            steps.push((days, Step::Pause { kind, on: on(days) }));
        }
        if let Some(days) = r.resumed_after {
            steps.push((days, Step::Resume { on: on(days) }));
        }
        if let Some(days) = r.extended_after {
            steps.push((
                days,
                Step::Extend {
                    reason: r.extension_reason.clone(),
                    notice_sent_on: on(days),
                },
            ));
        }
        if let Some(days) = r.outcome_after {
            let step = match r.outcome.as_str() {
                "answered" => Step::Answer { on: on(days) },
                "refused" => Step::Refuse {
                    on: on(days),
                    reason: r.refusal_reason.clone(),
                    informed_of_remedies: true,
                },
                "withdrawn" => Step::Withdraw { on: on(days) },
                other => {
                    return Err(row_error(format!(
                        "outcome: '{other}' is not answered, refused or withdrawn"
                    )))
                }
            };
            steps.push((days, step));
        }
        steps.sort_by_key(|(days, _)| *days);
        for (revision, (_, step)) in (1..).zip(steps) {
            register
                .apply_request_step(id, revision, &step, today)
                .map_err(|e| row_error(e.to_string()))?;
        }
    }
    Ok(count)
}

/// Writes the demo processors; a sub-processor names its parent, which must
/// stand on an earlier line. Returns how many were written.
fn load_demo_processors(register: &mut Register, set: &DemoSet) -> Result<usize, ExchangeError> {
    let file = set.processors.path;
    let mut ids: HashMap<String, i64> = HashMap::new();
    let lines = rows::<HashMap<String, String>>(file, set.processors.text)?;
    let context = register.context()?;
    let count = lines.len();
    for (line, p) in lines {
        let row_error = ExchangeError::in_row(file, line);
        let parent = p.get("parent_name").map_or("", |name| name.trim());
        let parent_id = match parent {
            "" => String::new(),
            parent => ids
                .get(parent)
                .ok_or_else(|| {
                    row_error(format!("parent_name: '{parent}' is not on an earlier line"))
                })?
                .to_string(),
        };
        let draft = draft_of_line::<ProcessorKind>(&p).with("parent_id", parent_id);
        let fields = validate::<ProcessorKind>(&draft, &context)
            .map_err(|errors| row_error(errors.to_string()))?;
        let id = register.insert_processor(&fields)?;
        ids.insert(fields.name, id);
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::clock::Clock;

    #[test]
    fn a_bad_line_of_a_demo_client_is_named_in_that_client_s_own_file() {
        let now: DateTime<Utc> = "2026-12-07T12:00:00Z".parse().unwrap();
        let mut set = DEMOS[1];
        set.bases.text = "activity,purpose,art6,art9,art10_basis,justification,consent_record
Patient records and dental care,Keep the patient record,z,,,,
";
        let dir = tempfile::tempdir().unwrap();
        let organisation = demo_organisation_of(&set, now).unwrap();
        let failed = Register::create(
            &dir.path().join("kund.dpo"),
            &organisation,
            Clock::fixed(now),
            |r| load_demo_set(r, &set, now).map(|_| ()),
        );
        let Err(ExchangeError::Row {
            file,
            line,
            message,
        }) = failed
        else {
            panic!("the bad line was not refused");
        };
        assert_eq!(file, "assets/demo/lindqvist/activity_bases.csv");
        assert_eq!((line, message.as_str()), (2, "art6: 'z'"));
    }
}
