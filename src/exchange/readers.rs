//! One reader per table: a CSV row becomes the draft the workbench's form
//! would hold, is checked by the same domain rule as the form, and is written
//! through the import transaction. Errors come back as (column, message).

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};

use super::import::Row;
use super::tables::Table;
use crate::domain::activity::{
    parse_retention, Art6Basis, Art9Condition, DataCategory, LawfulBasis, ProcessorRecord,
    DPIA_CRITERIA,
};
use crate::domain::activity_form::{validate_activity, validate_processor_record, ActivityDraft};
use crate::domain::breach::{
    validate_breach, validate_notification, BreachDraft, NotificationDraft,
};
use crate::domain::breach_clock::parse_zone;
use crate::domain::dpa::{
    validate_dpa, ClauseState, DpaDates, DpaDraft, NoticeDecision, NoticeDraft, CLAUSES,
};
use crate::domain::organisation::{validate_organisation, OrganisationDraft};
use crate::domain::processor::{validate_processor, ProcessorDraft};
use crate::domain::request::{
    parse_closure_days, parse_iso_date, validate_request, DeadlineSettings, IdModel, IdentityCheck,
    PauseKind, RequestDraft, RequestPause, RequestStatus,
};
use crate::domain::transfer::{validate_transfer, TransferDraft};
use crate::domain::validation::FieldErrors;
use crate::store::{ChangeNotice, ImportTx, Outcome, StoreError};

pub type Problems = Vec<(String, String)>;

/// What a reader remembers from row to row of one file.
pub struct ReaderState {
    time_zone: String,
    /// Breaches whose first notification in this file has been read.
    notified: HashSet<i64>,
}

impl ReaderState {
    pub fn new(time_zone: String) -> Self {
        ReaderState {
            time_zone,
            notified: HashSet::new(),
        }
    }
}

/// Collects cell problems while a row is read, so one row reports all of them.
struct Cells<'r, 'a> {
    row: &'r Row<'a>,
    problems: Problems,
}

impl<'r, 'a> Cells<'r, 'a> {
    fn new(row: &'r Row<'a>) -> Self {
        Cells {
            row,
            problems: Vec::new(),
        }
    }

    fn text(&self, column: &str) -> String {
        self.row.get(column).to_string()
    }

    fn problem(&mut self, column: &str, message: impl Into<String>) {
        self.problems.push((column.to_string(), message.into()));
    }

    /// The record id: empty (or no `id` column) means a new record.
    fn id(&mut self, column: &str) -> Option<i64> {
        let text = self.row.get(column).trim();
        if text.is_empty() {
            return None;
        }
        match text.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                self.problem(column, "expected a record id: a whole number above 0");
                None
            }
        }
    }

    /// A reference to another record, which must be given.
    fn reference(&mut self, column: &str) -> i64 {
        let id = self.id(column);
        if id.is_none() && self.row.get(column).trim().is_empty() {
            self.problem(column, "required: the id of the record this row belongs to");
        }
        id.unwrap_or(0)
    }

    fn flag(&mut self, column: &str) -> bool {
        match self.row.get(column).trim().to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" => true,
            "no" | "false" | "0" | "" => false,
            _ => {
                self.problem(column, "expected yes or no");
                false
            }
        }
    }

    fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let text = self.row.get(column).trim();
        if text.is_empty() {
            return None;
        }
        parse_iso_date(text)
            .map_err(|m| self.problem(column, m))
            .ok()
    }

    fn required_date(&mut self, column: &str) -> NaiveDate {
        if self.row.get(column).trim().is_empty() {
            self.problem(column, "required: a date as YYYY-MM-DD");
        }
        self.date(column).unwrap_or_default()
    }

    fn field_errors(&mut self, errors: FieldErrors) {
        for e in errors.0 {
            self.problem(e.field, e.message);
        }
    }

    /// Err when any cell was refused: nothing of the row is written.
    fn check(&mut self) -> Result<(), Problems> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(&mut self.problems))
        }
    }
}

fn store_problem(e: StoreError, column: &str) -> Problems {
    match e {
        StoreError::Invalid(errors) => errors
            .0
            .into_iter()
            .map(|e| (e.field.to_string(), e.message))
            .collect(),
        other => vec![(column.to_string(), other.to_string())],
    }
}

/// Reads one row of `table` into the import. `Ok(None)`: already there.
pub fn read_row(
    table: Table,
    row: &Row<'_>,
    tx: &mut ImportTx<'_>,
    state: &mut ReaderState,
    now: DateTime<Utc>,
) -> Result<Option<Outcome>, Problems> {
    let mut c = Cells::new(row);
    let today = crate::clock::date_in(now, &state.time_zone);
    let written = match table {
        Table::Organisation => {
            let draft = OrganisationDraft {
                name: c.text("name"),
                org_number: c.text("org_number"),
                jurisdiction: c.text("jurisdiction"),
                time_zone: c.text("time_zone"),
                role: c.text("role"),
                dpo_name: c.text("dpo_name"),
                dpo_email: c.text("dpo_email"),
                dpo_phone: c.text("dpo_phone"),
            };
            let org = validate_organisation(&draft).map_err(|e| c.field_errors(e));
            c.check()?;
            let org = org.map_err(|_| Problems::new())?;
            state.time_zone = org.time_zone.clone();
            tx.organisation(&org)
                .map_err(|e| store_problem(e, "name"))?
        }
        Table::DeadlineSettings => {
            let swedish_eves = c.flag("swedish_eves");
            let strict_extension = c.flag("strict_extension");
            let id_model = IdModel::parse(row.get("id_model")).unwrap_or_else(|| {
                c.problem("id_model", format!("choose {}", IdModel::expected()));
                IdModel::Pause
            });
            let closure_days = parse_closure_days(row.get("closure_days"))
                .map_err(|m| c.problem("closure_days", m))
                .unwrap_or_default();
            c.check()?;
            let settings = DeadlineSettings {
                jurisdiction: String::new(),
                swedish_eves,
                strict_extension,
                id_model,
                closure_days,
            };
            tx.deadline_settings(&settings)
                .map_err(|e| store_problem(e, "closure_days"))?
        }
        Table::Processors => {
            let id = c.id("id");
            let parent_id = c.id("parent_id");
            let draft = ProcessorDraft {
                name: c.text("name"),
                org_number: c.text("org_number"),
                country: c.text("country"),
                address: c.text("address"),
                contact_email: c.text("contact_email"),
                service: c.text("service"),
                role: c.text("role"),
                parent_id,
                status: c.text("status"),
                notes: c.text("notes"),
            };
            let fields = validate_processor(&draft).map_err(|e| c.field_errors(e));
            c.check()?;
            let fields = fields.map_err(|_| Problems::new())?;
            tx.processor(id, &fields)
                .map_err(|e| store_problem(e, "id"))?
        }
        Table::Requests => {
            let id = c.id("id");
            let draft = RequestDraft {
                reference: c.text("reference"),
                subject_ref: c.text("subject_ref"),
                right: c.text("right"),
                received_on: c.text("received_on"),
                received_at: c.text("received_at"),
                channel: c.text("channel"),
                representative: if c.flag("representative") {
                    "yes"
                } else {
                    "no"
                }
                .into(),
                notes: c.text("notes"),
            };
            let basics =
                validate_request(&draft, today, &state.time_zone).map_err(|e| c.field_errors(e));
            let identity = IdentityCheck::parse(row.get("identity")).unwrap_or_else(|| {
                c.problem("identity", format!("choose {}", IdentityCheck::expected()));
                IdentityCheck::NotNeeded
            });
            let status = RequestStatus::parse(row.get("status")).unwrap_or_else(|| {
                c.problem("status", format!("choose {}", RequestStatus::expected()));
                RequestStatus::Received
            });
            let identity_requested_on = c.date("identity_requested_on");
            let identity_verified_on = c.date("identity_verified_on");
            let extension_notice_sent_on = c.date("extension_notice_sent_on");
            let closed_on = c.date("closed_on");
            let informed_of_remedies = c.flag("informed_of_remedies");
            c.check()?;
            let basics = basics.map_err(|_| Problems::new())?;
            let received = basics.received_on;
            for (column, day) in [
                ("identity_requested_on", identity_requested_on),
                ("identity_verified_on", identity_verified_on),
                ("extension_notice_sent_on", extension_notice_sent_on),
                ("closed_on", closed_on),
            ] {
                match day {
                    Some(d) if d < received => c.problem(
                        column,
                        format!("{d} is before the request was received ({received})"),
                    ),
                    Some(d) if d > today => c.problem(column, format!("{d} is in the future")),
                    _ => {}
                }
            }
            if status.is_closed() && closed_on.is_none() {
                c.problem(
                    "closed_on",
                    format!("required: the request is {}", status.code()),
                );
            }
            if !status.is_closed() && closed_on.is_some() {
                c.problem(
                    "closed_on",
                    format!("must be empty: the request is still {}", status.code()),
                );
            }
            // As the form: an extension is announced on a day, with its reasons.
            let extension_reason = row.get("extension_reason").trim();
            if status == RequestStatus::Extended && extension_notice_sent_on.is_none() {
                c.problem(
                    "extension_notice_sent_on",
                    "required: the request is extended (the day the data subject was told, Art. 12(3))",
                );
            }
            if extension_notice_sent_on.is_some() && extension_reason.is_empty() {
                c.problem(
                    "extension_reason",
                    "required once an extension was announced (Art. 12(3): complexity and number of requests)",
                );
            }
            if status != RequestStatus::Extended
                && extension_notice_sent_on.is_none()
                && !extension_reason.is_empty()
            {
                c.problem(
                    "extension_notice_sent_on",
                    "required with an extension reason: the day the data subject was told",
                );
            }
            if status == RequestStatus::Refused && row.get("refusal_reason").trim().is_empty() {
                c.problem(
                    "refusal_reason",
                    "required for a refused request (Art. 12(4))",
                );
            }
            c.check()?;
            let mut request = basics.into_new_request();
            request.identity = identity;
            request.identity_requested_on = identity_requested_on;
            request.identity_verified_on = identity_verified_on;
            request.status = status;
            request.extension_reason = c.text("extension_reason").trim().to_string();
            request.extension_notice_sent_on = extension_notice_sent_on;
            request.closed_on = closed_on;
            request.refusal_reason = c.text("refusal_reason").trim().to_string();
            request.informed_of_remedies = informed_of_remedies;
            tx.request(id, &request)
                .map_err(|e| store_problem(e, "reference"))?
        }
        Table::RequestPauses => {
            let request_id = c.reference("request_id");
            let kind = PauseKind::parse(row.get("kind")).unwrap_or_else(|| {
                c.problem("kind", format!("choose {}", PauseKind::expected()));
                PauseKind::Clarification
            });
            let requested_on = c.required_date("requested_on");
            let answered_on = c.date("answered_on");
            if let Some(answered) = answered_on {
                if answered < requested_on {
                    c.problem(
                        "answered_on",
                        format!("{answered} is before the pause began ({requested_on})"),
                    );
                }
            }
            c.check()?;
            let pause = RequestPause {
                kind,
                requested_on,
                answered_on,
            };
            tx.request_pause(request_id, &pause)
                .map_err(|e| store_problem(e, "request_id"))?
        }
        Table::RequestEvents => {
            let request_id = c.reference("request_id");
            let at = c.text("at");
            if DateTime::parse_from_rfc3339(at.trim()).is_err() {
                c.problem(
                    "at",
                    "expected a time as RFC 3339, e.g. 2026-11-23T09:30:00Z",
                );
            }
            let kind = c.text("kind");
            if kind.trim().is_empty() {
                c.problem("kind", "required: what happened, e.g. created or answered");
            }
            c.check()?;
            return tx
                .request_event(request_id, at.trim(), kind.trim(), &c.text("detail"))
                .map_err(|e| store_problem(e, "request_id"));
        }
        Table::Breaches => {
            let id = c.id("id");
            let processor_id = c.id("processor_id");
            let zone = c.text("aware_zone");
            if let Err(e) = parse_zone(zone.trim()) {
                c.problem("aware_zone", e.to_string());
            }
            let yes_no =
                |c: &mut Cells, column: &str| if c.flag(column) { "yes" } else { "no" }.to_string();
            let draft = BreachDraft {
                title: c.text("title"),
                confidentiality: yes_no(&mut c, "confidentiality"),
                integrity: yes_no(&mut c, "integrity"),
                availability: yes_no(&mut c, "availability"),
                detected_at: c.text("detected_at"),
                aware_at: c.text("aware_at"),
                awareness_rationale: c.text("awareness_rationale"),
                occurred: c.text("occurred"),
                ongoing: yes_no(&mut c, "ongoing"),
                cause: c.text("cause"),
                discovered_how: c.text("discovered_how"),
                cyber_incident: yes_no(&mut c, "cyber_incident"),
                processor_id,
                processor_told_us_at: c.text("processor_told_us_at"),
                description: c.text("description"),
                systems: c.text("systems"),
                data_categories: c.text("data_categories"),
                special_categories: yes_no(&mut c, "special_categories"),
                criminal_data: yes_no(&mut c, "criminal_data"),
                approx_records: c.text("approx_records"),
                approx_subjects: c.text("approx_subjects"),
                subject_categories: c.text("subject_categories"),
                likely_consequences: c.text("likely_consequences"),
                risk_level: c.text("risk_level"),
                risk_rationale: c.text("risk_rationale"),
                measures_before: c.text("measures_before"),
                containment: c.text("containment"),
                mitigation: c.text("mitigation"),
                not_notified_reasoning: c.text("not_notified_reasoning"),
                art34_exception: c.text("art34_exception"),
                art34_justification: c.text("art34_justification"),
                subjects_told_at: c.text("subjects_told_at"),
                subjects_told_how: c.text("subjects_told_how"),
                subjects_told_count: c.text("subjects_told_count"),
                status: c.text("status"),
                lessons_learned: c.text("lessons_learned"),
            };
            c.check()?;
            let breach = validate_breach(&draft, zone.trim(), now).map_err(|e| c.field_errors(e));
            c.check()?;
            let breach = breach.map_err(|_| Problems::new())?;
            tx.breach(id, &breach).map_err(|e| store_problem(e, "id"))?
        }
        Table::BreachNotifications => {
            let breach_id = c.reference("breach_id");
            c.check()?;
            let aware_at = tx
                .breach_aware_at(breach_id)
                .map_err(|e| store_problem(e, "breach_id"))?
                .ok_or_else(|| {
                    vec![(
                        "breach_id".to_string(),
                        format!("no breach with id {breach_id}"),
                    )]
                })?;
            let draft = NotificationDraft {
                authority: c.text("authority"),
                kind: c.text("kind"),
                sent_at: c.text("sent_at"),
                reference: c.text("reference"),
                summary: c.text("summary"),
                delay_reason: c.text("delay_reason"),
            };
            let first = !state.notified.contains(&breach_id);
            let n = validate_notification(&draft, aware_at, first, "UTC", now)
                .map_err(|e| c.field_errors(e));
            c.check()?;
            let n = n.map_err(|_| Problems::new())?;
            state.notified.insert(breach_id);
            tx.notification(breach_id, &n)
                .map_err(|e| store_problem(e, "breach_id"))?
        }
        Table::BreachActivities => {
            let breach_id = c.reference("breach_id");
            let activity_id = c.reference("activity_id");
            c.check()?;
            tx.breach_activity(breach_id, activity_id)
                .map_err(|e| store_problem(e, "breach_id"))?
        }
        Table::Activities => {
            let id = c.id("id");
            let criteria = criteria_indices(&mut c);
            let draft = ActivityDraft {
                name: c.text("name"),
                purposes: c.text("purposes"),
                owner: c.text("owner"),
                subject_categories: c.text("subject_categories"),
                data_categories: String::new(),
                source: c.text("source"),
                other_recipients: c.text("other_recipients"),
                other_transfers: c.text("other_transfers"),
                measures: c.text("measures"),
                bases: String::new(),
                dpia_criteria: criteria,
                dpia_reference: c.text("dpia_reference"),
                dpia_date: c.text("dpia_date"),
                status: c.text("status"),
                last_reviewed: c.text("last_reviewed"),
            };
            let activity = validate_activity(&draft).map_err(|e| c.field_errors(e));
            c.check()?;
            let activity = activity.map_err(|_| Problems::new())?;
            tx.activity(id, &activity)
                .map_err(|e| store_problem(e, "id"))?
        }
        Table::ActivityDataCategories => {
            let activity_id = c.reference("activity_id");
            let name = c.text("category").trim().to_string();
            if name.is_empty() {
                c.problem("category", "required: the name of the data category");
            }
            let special = c.text("special").trim().to_string();
            let criminal = c.flag("criminal");
            let retention_text = c.text("retention");
            let retention = if retention_text.trim().is_empty() {
                None
            } else {
                parse_retention(retention_text.trim())
                    .map_err(|m| c.problem("retention", m))
                    .ok()
            };
            c.check()?;
            let category = DataCategory {
                name,
                special: (!special.is_empty()).then_some(special),
                criminal,
                retention,
            };
            tx.activity_category(activity_id, &category)
                .map_err(|e| store_problem(e, "activity_id"))?
        }
        Table::ActivityBases => {
            let activity_id = c.reference("activity_id");
            let art6 = Art6Basis::parse(row.get("art6")).unwrap_or_else(|| {
                c.problem(
                    "art6",
                    format!("choose the Art. 6(1) letter: {}", Art6Basis::expected()),
                );
                Art6Basis::Consent
            });
            let art9_text = row.get("art9").trim();
            let art9 = if art9_text.is_empty() {
                None
            } else {
                Art9Condition::parse(art9_text).or_else(|| {
                    c.problem(
                        "art9",
                        format!("choose the Art. 9(2) letter: {}", Art9Condition::expected()),
                    );
                    None
                })
            };
            c.check()?;
            let basis = LawfulBasis {
                purpose: c.text("purpose").trim().to_string(),
                art6,
                art9,
                art10_basis: c.text("art10_basis").trim().to_string(),
                justification: c.text("justification").trim().to_string(),
                consent_record: c.text("consent_record").trim().to_string(),
            };
            tx.activity_basis(activity_id, &basis)
                .map_err(|e| store_problem(e, "activity_id"))?
        }
        Table::ActivityProcessors => {
            let activity_id = c.reference("activity_id");
            let processor_id = c.reference("processor_id");
            c.check()?;
            tx.activity_processor(activity_id, processor_id)
                .map_err(|e| store_problem(e, "processor_id"))?
        }
        Table::ProcessorRecords => {
            let id = c.id("id");
            let typed = ProcessorRecord {
                controller_name: c.text("controller_name"),
                controller_contact: c.text("controller_contact"),
                representative: c.text("representative"),
                controller_dpo: c.text("controller_dpo"),
                processing_categories: c.text("processing_categories"),
                transfers: c.text("transfers"),
                measures: c.text("measures"),
            };
            let record = validate_processor_record(&typed).map_err(|e| c.field_errors(e));
            c.check()?;
            let record = record.map_err(|_| Problems::new())?;
            tx.processor_record(id, &record)
                .map_err(|e| store_problem(e, "id"))?
        }
        Table::Dpas => {
            let id = c.id("id");
            let processor_id = c.reference("processor_id");
            let current = c.flag("current");
            let sha = c.text("document_sha256").trim().to_ascii_lowercase();
            if !sha.is_empty() && (sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit())) {
                c.problem(
                    "document_sha256",
                    "expected 64 hexadecimal digits, or empty",
                );
            }
            let draft = DpaDraft {
                status: c.text("status"),
                version: c.text("version"),
                dates: DpaDates {
                    signed_on: c.text("signed_on"),
                    effective_on: c.text("effective_on"),
                    review_on: c.text("review_on"),
                },
                document: c.text("document"),
                authorisation: c.text("authorisation"),
                notice_days: c.text("notice_days"),
                present: String::new(),
                not_applicable: String::new(),
                notes: String::new(),
            };
            let dpa = validate_dpa(&draft).map_err(|e| c.field_errors(e));
            c.check()?;
            let dpa = dpa.map_err(|_| Problems::new())?;
            let sha = (!sha.is_empty()).then_some(sha.as_str());
            tx.dpa(id, processor_id, &dpa, current, sha)
                .map_err(|e| store_problem(e, "id"))?
        }
        Table::DpaClauses => {
            let dpa_id = c.reference("dpa_id");
            let clause = c.text("clause").trim().to_string();
            if !CLAUSES.iter().any(|(code, _, _)| *code == clause) {
                let codes: Vec<&str> = CLAUSES.iter().map(|(code, _, _)| *code).collect();
                c.problem(
                    "clause",
                    format!("not a clause code; the codes are: {}", codes.join(", ")),
                );
            }
            let state = ClauseState::parse(row.get("state")).unwrap_or_else(|| {
                c.problem("state", format!("choose {}", ClauseState::expected()));
                ClauseState::Missing
            });
            c.check()?;
            tx.dpa_clause(dpa_id, &clause, state, c.text("note").trim())
                .map_err(|e| store_problem(e, "dpa_id"))?
        }
        Table::Transfers => {
            let id = c.id("id");
            let processor_id = c.reference("processor_id");
            let draft = TransferDraft {
                country: c.text("country"),
                tool: c.text("tool"),
                dpf_certified: c.flag("dpf_certified"),
                regular: c.flag("regular"),
                tia_reference: c.text("tia_reference"),
                tia_date: c.text("tia_date"),
            };
            let transfer = validate_transfer(&draft).map_err(|e| c.field_errors(e));
            c.check()?;
            let transfer = transfer.map_err(|_| Problems::new())?;
            tx.transfer(id, processor_id, &transfer, c.text("notes").trim())
                .map_err(|e| store_problem(e, "id"))?
        }
        Table::ChangeNotices => {
            let id = c.id("id");
            let processor_id = c.reference("processor_id");
            let draft = NoticeDraft {
                sub_processor: c.text("sub_processor"),
                received_on: c.text("received_on"),
                description: c.text("description"),
            };
            let notice =
                crate::domain::dpa::validate_notice(&draft, today).map_err(|e| c.field_errors(e));
            let notice_days = match row.get("notice_days").trim().parse::<u32>() {
                Ok(days) => days,
                Err(_) => {
                    c.problem(
                        "notice_days",
                        "expected the days the controller had to object, e.g. 30",
                    );
                    0
                }
            };
            let decision = NoticeDecision::parse(row.get("decision")).unwrap_or_else(|| {
                c.problem("decision", format!("choose {}", NoticeDecision::expected()));
                NoticeDecision::Pending
            });
            let decided_on = c.date("decided_on");
            match (decision, decided_on) {
                (NoticeDecision::Pending, Some(_)) => {
                    c.problem("decided_on", "must be empty while the decision is pending")
                }
                (d, None) if d != NoticeDecision::Pending => {
                    c.problem("decided_on", "required: the date of the decision")
                }
                (_, Some(day)) if day > today => {
                    c.problem("decided_on", format!("{day} is in the future"))
                }
                _ => {}
            }
            c.check()?;
            let (sub_processor, received_on, description) = notice.map_err(|_| Problems::new())?;
            if let Some(day) = decided_on.filter(|d| *d < received_on) {
                c.problem(
                    "decided_on",
                    format!("{day} is before the notice arrived ({received_on})"),
                );
                c.check()?;
            }
            let notice = ChangeNotice {
                received_on,
                sub_processor,
                description,
            };
            tx.change_notice(
                id,
                processor_id,
                &notice,
                notice_days,
                decision,
                decided_on,
                c.text("note").trim(),
            )
            .map_err(|e| store_problem(e, "id"))?
        }
    };
    Ok(Some(written))
}

/// The WP248 criteria named in the `dpia_criteria` cell, as the form's indices.
fn criteria_indices(c: &mut Cells) -> String {
    let text = c.text("dpia_criteria");
    let mut indices = Vec::new();
    for name in text.split(';').map(str::trim).filter(|n| !n.is_empty()) {
        match DPIA_CRITERIA
            .iter()
            .position(|known| known.eq_ignore_ascii_case(name))
        {
            Some(i) => indices.push(i.to_string()),
            None => c.problem(
                "dpia_criteria",
                format!(
                    "'{name}' is not one of the WP248 criteria: {}",
                    DPIA_CRITERIA.join("; ")
                ),
            ),
        }
    }
    indices.join(",")
}
