//! Letters drafted from the register: the facts of a request or a breach,
//! worded in Norwegian, Swedish or English, poured into a template a DPO can
//! adapt. A fact the register does not hold stays a named gap in the draft.

mod facts;
pub mod templates;

use crate::store::Found;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::domain::breach_clock::long_time;
use crate::domain::letter::{gaps_in, plain_text, tidy, Lang, LetterFormat, LetterKind, Regarding};
use crate::domain::request::Right;
use crate::store::{ActivityRow, LetterAbout as About, Register, RequestRow, StoreError};

/// What the user asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterOrder {
    pub kind: LetterKind,
    pub lang: Lang,
    pub format: LetterFormat,
    /// For the access answer: the categories of data subjects the person
    /// belongs to; each picks the activities whose categories contain it
    /// (any case), and "all" picks every activity.
    pub subjects: Vec<String>,
    /// The reasons for an extension or a refusal, where the request does not
    /// hold them yet.
    pub reason: Option<String>,
}

/// A drafted letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub text: String,
    /// The facts still to fill in, as the draft names them.
    pub gaps: Vec<String>,
    /// A file name for it: `<reference or breach-N>-<kind>-<lang>.<md|txt>`.
    pub file_name: String,
    /// The dates it states and the rule that produced each, for the DPO.
    pub rules: Vec<String>,
    /// What the DPO should know before sending it: a deadline passed, an
    /// extension too late.
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LetterError {
    #[error("no request with the reference '{0}'")]
    NoSuchRequest(String),
    #[error("no breach with the id {0}")]
    NoSuchBreach(i64),
    #[error("a {kind} letter is about a {wanted}; give --{wanted} instead")]
    WrongRecord {
        kind: &'static str,
        wanted: &'static str,
    },
    #[error("{reference} is a request under {right}; the answer letter answers an access request (Art. 15)")]
    NotAccess {
        reference: String,
        right: &'static str,
    },
    #[error("breach {0} is one we handle as processor: the controller notifies the authority and the people affected (Art. 33(2)); draft --kind controller")]
    AsProcessor(i64),
    #[error("breach {0} is ours as controller; the controller notice is for a breach in processing we do for a controller (Art. 33(2))")]
    NotAsProcessor(i64),
    #[error("say which categories of data subjects the person belongs to (--subjects, repeatable, or --subjects all); the register's activities name: {0}")]
    ChooseSubjects(String),
    #[error("no activity concerns '{given}'; the register's activities name: {known}")]
    UnknownSubjects { given: String, known: String },
    #[error("{0}")]
    Template(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl LetterError {
    pub fn exit_code(&self) -> u8 {
        match self {
            LetterError::Store(e) => e.exit_code(),
            _ => 2,
        }
    }
}

/// Which record a letter is drafted from, as the user names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterTarget {
    /// A request by its reference (DSR-2026-0042).
    Request(String),
    /// A breach by its id.
    Breach(i64),
}

/// The record a target names, once found.
pub fn find(register: &Register, target: &LetterTarget) -> Result<About, LetterError> {
    match target {
        LetterTarget::Request(reference) => register
            .request_id_by_reference(reference.trim())?
            .map(About::Request)
            .ok_or_else(|| LetterError::NoSuchRequest(reference.clone())),
        LetterTarget::Breach(id) => register
            .breach(*id)?
            .map(|_| About::Breach(*id))
            .ok_or(LetterError::NoSuchBreach(*id)),
    }
}

/// Drafts `order` about `about` as the register stands at `now`, with the
/// templates of `folder` (the override folder) over the shipped ones.
pub fn draft(
    register: &Register,
    about: About,
    order: &LetterOrder,
    now: DateTime<Utc>,
    folder: Option<&Path>,
) -> Result<Letter, LetterError> {
    let organisation = register.organisation()?;
    let zone = organisation.time_zone;
    let today = now.with_timezone(&zone).date_naive();
    let lang = order.lang;
    let mut context = facts::sender(&organisation, lang, today);
    let mut warnings = Vec::new();
    let (stem, rules) = match (about, order.kind.about()) {
        (About::Request(id), Regarding::Request) => {
            let settings = register.deadline_settings()?;
            let row = register
                .request(id)
                .found("request", id)?
                .as_on(&settings, today);
            if order.kind == LetterKind::Answer && row.request.right != Right::Access {
                return Err(LetterError::NotAccess {
                    reference: row.request.reference.clone(),
                    right: row.request.right.label(),
                });
            }
            let mut request = facts::request(&row, &settings, lang, today);
            if let Some(reason) = order.reason.as_deref() {
                let key = match order.kind {
                    LetterKind::Refusal => "refusal_reason",
                    _ => "extension_reason",
                };
                if request[key].is_null() {
                    request[key] = facts::given(reason);
                }
            }
            context["request"] = request;
            warnings.extend(request_warnings(&row, order.kind, today));
            if order.kind == LetterKind::Answer {
                let chosen = chosen_activities(register, &order.subjects)?;
                context["activities"] = facts::activities(&chosen, lang);
                context["subjects"] = Value::from(order.subjects.clone());
            }
            // The dates as the deadline engine explains them, step by step.
            let mut rules = vec![format!(
                "{}: deadline {}, extended deadline {} (rule {}, {})",
                row.request.reference, row.deadline, row.extended_deadline, row.rule, row.rule_set
            )];
            if let Ok(deadlines) = row.request.deadlines(&settings, today) {
                rules.extend(deadlines.steps);
            }
            (row.request.reference.clone(), rules)
        }
        (About::Breach(id), Regarding::Breach) => {
            let row = register.breach(id)?.ok_or(LetterError::NoSuchBreach(id))?;
            let as_processor = row.breach.as_processor();
            match order.kind {
                LetterKind::Controller if !as_processor => {
                    return Err(LetterError::NotAsProcessor(id))
                }
                LetterKind::Authority | LetterKind::Subjects if as_processor => {
                    return Err(LetterError::AsProcessor(id))
                }
                _ => {}
            }
            let mut breach = facts::breach(&row, &zone, lang, now);
            if let Some(record) = row.breach.processor_record_id {
                if let Some(r) = register.processor_record(record)? {
                    breach["controller"]["contact"] = facts::given(&r.record.controller_contact);
                }
            }
            if order.kind == LetterKind::Authority {
                warnings.extend(authority_letter_warnings(lang, &organisation, &row));
            }
            context["breach"] = breach;
            let deadline = row.breach.deadline();
            let first_notice = row.notifications.iter().min_by_key(|n| n.sent_at);
            let rules = vec![match (&row.controller, as_processor, first_notice) {
                (Some(c), true, _) => format!("controller to be told: {}", c.rule()),
                (_, false, Some(n)) => format!(
                    "authority notified {} (deadline {}, 72 hours from awareness)",
                    long_time(n.sent_at, &zone),
                    long_time(deadline, &zone)
                ),
                _ => format!(
                    "authority to be notified by {} (Art. 33(1): 72 hours from awareness, {})",
                    long_time(deadline, &zone),
                    long_time(row.breach.aware_at, &zone)
                ),
            }];
            (format!("breach-{id}"), rules)
        }
        (_, Regarding::Request) => {
            return Err(LetterError::WrongRecord {
                kind: order.kind.code(),
                wanted: "request",
            })
        }
        (_, Regarding::Breach) => {
            return Err(LetterError::WrongRecord {
                kind: order.kind.code(),
                wanted: "breach",
            })
        }
    };
    let markdown = render(order, &context, folder)?;
    let gaps = gaps_in(&markdown, lang);
    let (text, extension) = match order.format {
        LetterFormat::Markdown => (markdown, "md"),
        LetterFormat::Text => (tidy(&plain_text(&markdown)), "txt"),
    };
    Ok(Letter {
        // Register text may hold anything; a letter shows none of it as control characters.
        text: crate::domain::text::visible(&text).into_owned(),
        gaps,
        file_name: format!(
            "{}-{}-{}.{extension}",
            file_safe(&stem),
            order.kind.code(),
            lang.code()
        ),
        rules,
        warnings,
    })
}

/// What a request's letter should not be sent without knowing.
/// What to know before sending a letter to the authority: whose form it
/// follows, and that one notified already takes it as additional information.
fn authority_letter_warnings(
    lang: Lang,
    organisation: &crate::domain::organisation::Organisation,
    row: &crate::store::BreachRow,
) -> Vec<String> {
    let mut warnings: Vec<String> = form_of_another_authority(lang, organisation)
        .into_iter()
        .collect();
    if !row.notifications.is_empty() {
        warnings.push(
            "the authority was notified already: send this as additional information (Art. 33(4))"
                .to_string(),
        );
    }
    warnings
}

/// The authority letter of each language follows one authority's breach
/// form (Datatilsynet's in Norwegian, IMY's in Swedish, the ICO's in
/// English): said when the register's authority is another's.
fn form_of_another_authority(
    lang: Lang,
    organisation: &crate::domain::organisation::Organisation,
) -> Option<String> {
    let (country, form) = match lang {
        Lang::Nb => ("NO", "Datatilsynet's"),
        Lang::Sv => ("SE", "IMY's"),
        Lang::En => ("GB", "the ICO's"),
    };
    let code = organisation.jurisdiction_code();
    (!code.is_empty() && !code.starts_with(country)).then(|| {
        format!("this letter follows {form} breach form; the register's authority ({code}) may ask otherwise: check its own form, or draft the letter in its language")
    })
}

fn request_warnings(row: &RequestRow, kind: LetterKind, today: NaiveDate) -> Vec<String> {
    let r = &row.request;
    let mut warnings = Vec::new();
    if r.status.is_closed() {
        warnings.push(format!(
            "{} is closed ({}): the letter speaks of it as open",
            r.reference,
            r.status.label().to_lowercase()
        ));
    } else if today > row.due_on {
        warnings.push(format!(
            "{} is overdue: its deadline was {}",
            r.reference, row.due_on
        ));
    }
    if kind == LetterKind::Extension
        && r.extension_notice_sent_on.is_none()
        && today > row.extension_notice_by
    {
        warnings.push(format!(
            "too late to extend: the notice was due by {} (Art. 12(3))",
            row.extension_notice_by
        ));
    }
    warnings
}

fn render(
    order: &LetterOrder,
    context: &Value,
    folder: Option<&Path>,
) -> Result<String, LetterError> {
    let env = templates::environment(order.lang, folder).map_err(LetterError::Template)?;
    let name = format!("{}/{}.md", order.lang.code(), order.kind.code());
    let template = env
        .get_template(&name)
        .map_err(|e| LetterError::Template(template_error(&e)))?;
    let rendered = template
        .render(minijinja::Value::from(minijinja::value::Serde(context)))
        .map_err(|e| LetterError::Template(template_error(&e)))?;
    Ok(tidy(&rendered))
}

/// A template error with the template and line it happened on.
fn template_error(e: &minijinja::Error) -> String {
    let place = match (e.name(), e.line()) {
        (Some(name), Some(line)) => format!("letter template {name} line {line}: "),
        (Some(name), None) => format!("letter template {name}: "),
        _ => "letter template: ".to_string(),
    };
    format!("{place}{}", e.detail().unwrap_or(&e.kind().to_string()))
}

/// Why a controller notice is not recorded as sent again.
pub fn already_told(told: DateTime<Utc>) -> String {
    format!(
        "the controller was already told ({}); a further notice adds information (Art. 33(4)) and is not recorded as the first",
        told.format("%Y-%m-%d %H:%M UTC")
    )
}

/// A reference as part of a file name: letters, digits and `-`, `_`, `.`.
fn file_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The categories of data subjects the register's activities name, each
/// activity's as written, without repeats, for the user to choose from.
pub fn subject_choices(register: &Register) -> Result<Vec<String>, StoreError> {
    let mut choices: Vec<String> = Vec::new();
    register.for_each_activity(|row: &ActivityRow| -> Result<(), StoreError> {
        let subjects = row.activity.subject_categories.trim();
        if !subjects.is_empty() && !choices.iter().any(|c| c.eq_ignore_ascii_case(subjects)) {
            choices.push(subjects.to_string());
        }
        Ok(())
    })?;
    choices.sort_by_key(|c| c.to_lowercase());
    Ok(choices)
}

/// The activities the chosen categories pick; each choice must pick one.
fn chosen_activities(
    register: &Register,
    subjects: &[String],
) -> Result<Vec<ActivityRow>, LetterError> {
    let known = || subject_choices(register).map(|c| c.join("; "));
    if subjects.is_empty() {
        return Err(LetterError::ChooseSubjects(known()?));
    }
    let all = subjects
        .iter()
        .any(|s| s.trim().eq_ignore_ascii_case("all"));
    let wanted: Vec<String> = subjects.iter().map(|s| s.trim().to_lowercase()).collect();
    let mut picked_by = vec![false; wanted.len()];
    let mut chosen = Vec::new();
    register.for_each_activity(|row: &ActivityRow| -> Result<(), StoreError> {
        let theirs = row.activity.subject_categories.to_lowercase();
        let mut picked = all;
        for (i, w) in wanted.iter().enumerate() {
            if !w.is_empty() && theirs.contains(w.as_str()) {
                picked_by[i] = true;
                picked = true;
            }
        }
        if picked {
            chosen.push(row.clone());
        }
        Ok(())
    })?;
    if !all {
        if let Some(i) = picked_by.iter().position(|p| !p) {
            return Err(LetterError::UnknownSubjects {
                given: subjects[i].clone(),
                known: known()?,
            });
        }
    }
    chosen.sort_by_key(|row| row.activity.name.to_lowercase());
    Ok(chosen)
}

/// Letters as events: the controller of breach `id` (a breach as processor)
/// told at `at` by the notice, "how" kept where the breach already says it.
/// A controller already told keeps that moment: a later notice adds
/// information (Art. 33(4)) and changes nothing here.
pub fn record_controller_told(
    register: &mut Register,
    id: i64,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let row = register.breach(id).found("breach", id)?;
    if let Some(told) = row.breach.controller_told_at {
        return Err(StoreError::field("controller_told_at", already_told(told)));
    }
    let mut breach = row.breach.clone();
    breach.controller_told_at = Some(at);
    if breach.controller_told_how.trim().is_empty() {
        breach.controller_told_how = "written notice (Art. 33(2))".to_string();
    }
    register.update_breach(id, row.revision, &breach)
}
