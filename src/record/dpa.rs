//! Processor agreements (Art. 28(3)) with their clause checklist: the kinds
//! of record. An agreement belongs to a processor; its clauses belong to it.

use super::{line, text, Context, Entry, Field, Input, Parent, Read, Show};
use crate::domain::dpa::{
    check_dpa, clause_note_lines, parse_clause_notes, parse_notice_days, tick_clauses,
    ticked_clauses, Authorisation, ClauseEntry, ClauseIndex, ClauseLine, ClauseState, Dpa,
    DpaStatus, CLAUSES,
};
use crate::domain::validation::FieldErrors;
use crate::store::DpaRow;

pub struct DpaKind;

fn dpa_of(r: &DpaRow) -> &Dpa {
    &r.dpa
}

/// The clauses, as a checklist offers them: (index, short name).
fn clause_options() -> Vec<(String, String)> {
    CLAUSES
        .iter()
        .enumerate()
        .map(|(i, (_, short, _))| (i.to_string(), short.to_string()))
        .collect()
}

/// A checklist of the clauses in `state`: on the form only (the CSV export
/// has a row per clause in `dpa_clauses`).
const fn checklist(
    key: &'static str,
    label: &'static str,
    state: ClauseState,
) -> Field<Dpa, DpaRow> {
    let (show, read): (Show<Dpa>, Read<Dpa>) = match state {
        ClauseState::Present => (
            |d, _| ticked_clauses(&d.clauses, ClauseState::Present),
            |d, t, _| {
                tick_clauses(&mut d.clauses, t, ClauseState::Present).map_err(|e| e.to_string())
            },
        ),
        _ => (
            |d, _| ticked_clauses(&d.clauses, ClauseState::NotApplicable),
            |d, t, _| {
                tick_clauses(&mut d.clauses, t, ClauseState::NotApplicable)
                    .map_err(|e| e.to_string())
            },
        ),
    };
    Field::on_form(
        key,
        label,
        Input::Checks(clause_options),
        Some(Entry { show, read }),
    )
}

/// Whether the agreement is the one in force.
fn is_current(r: &DpaRow) -> &bool {
    &r.is_current
}

const FIELDS: &[Field<Dpa, DpaRow>] = &[
    crate::export_only!("id", "Agreement id, stable within the register", |r| r
        .id
        .to_string()),
    crate::export_only!("processor_id", "The processor's id (processors.csv)", |r| r
        .processor_id
        .to_string()),
    crate::export_only!(
        "current",
        "yes for the agreement in force; earlier ones are kept as no",
        value is_current
    ),
    crate::field!("status", "Status",
        "not_started, requested, in_negotiation, signed, superseded or terminated",
        Input::Codes(DpaStatus::options), status; dpa_of),
    crate::field!("version", "Version", "The agreement's version as the parties name it",
        line("as the parties name it, e.g. 3.2"), version; dpa_of),
    crate::field!("signed_on", "Signed", "Date signed (YYYY-MM-DD)",
        line("YYYY-MM-DD"), signed_on; dpa_of),
    crate::field!("effective_on", "Effective", "Date it takes effect",
        line("YYYY-MM-DD"), effective_on; dpa_of),
    crate::field!("review_on", "Review by", "Date it must be reviewed (or expires)",
        line("YYYY-MM-DD (shown as due 30 days before)"), review_on; dpa_of),
    crate::field!("document", "Document", "Path or URL of the signed document",
        line("path from the register's folder, or https://…"), document; dpa_of),
    crate::export_only!(
        "document_sha256",
        "SHA-256 of the document when it was a local file at the last save",
        |r| r.document_sha256.clone().unwrap_or_default()
    ),
    crate::field!("authorisation", "Sub-processors",
        "Art. 28(2) authorisation of sub-processors: specific or general",
        Input::Codes(Authorisation::options), authorisation; dpa_of),
    crate::field!("notice_days", "Days to object",
        "For general authorisation: days to object to a change of sub-processor",
        line("for general authorisation, e.g. 30"), notice_days; dpa_of;
        read = |text, _| parse_notice_days(text)),
    crate::export_only!(
        "missing_clauses",
        "Art. 28(3)/(4) terms recorded as missing, \"; \"-separated",
        |r| r.dpa.missing_clauses().join("; ")
    ),
    checklist("present", "Clauses present", ClauseState::Present),
    checklist(
        "not_applicable",
        "Not applicable",
        ClauseState::NotApplicable,
    ),
    Field {
        key: "notes",
        label: "Clause notes",
        description: "",
        input: Some(text("one per line, e.g. 28_3_h: audit rights in clause 9")),
        entry: Some(Entry {
            show: |d, _| clause_note_lines(&d.clauses),
            read: |d, t, _| {
                let notes = parse_clause_notes(t).map_err(|e| e.to_string())?;
                for ((_, note), text) in d.clauses.iter_mut().zip(notes) {
                    *note = text;
                }
                Ok(())
            },
        }),
        stored: None,
        cell: None,
        typed: None,
    },
];

/// The clause rows of agreements (`dpa_clauses`): the CSV's view of each
/// agreement's checklist.
pub struct ClauseKind;

fn entry_of(l: &ClauseLine) -> &ClauseEntry {
    &l.entry
}

impl super::FieldValue for ClauseIndex {
    fn show(&self) -> String {
        self.code().to_string()
    }

    fn parse(text: &str, _: &super::Spec, _: &Context) -> Result<Self, String> {
        ClauseIndex::parse(text).map_err(|e| e.to_string())
    }

    fn to_sql(&self) -> rusqlite::types::ToSqlOutput<'_> {
        self.code().into()
    }

    fn from_sql(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        let code: String = row.get(i)?;
        Ok(ClauseIndex::parse(&code).unwrap_or_default())
    }
}

const CLAUSE_FIELDS: &[Field<ClauseEntry, ClauseLine>] = &[
    crate::export_only!("dpa_id", "The agreement's id (dpas.csv)", |l| l
        .dpa_id
        .to_string()),
    crate::field!("clause", "Clause",
        "28_3_a … 28_3_h, 28_3_infringing (duty to flag infringing instructions) or 28_4 (flow-down to sub-processors)",
        line(""), clause; entry_of),
    crate::export_only!("clause_name", "The clause in words", |l| l
        .entry
        .clause
        .name()
        .to_string()),
    crate::field!("state", "State", "present, missing or not_applicable",
        Input::Codes(ClauseState::options), state; entry_of),
    crate::field!("note", "Note", "Where it is in the contract, or why it does not apply",
        text(""), note; entry_of),
];

crate::record_kind! {
    ClauseKind: ClauseEntry, ClauseLine; table "dpa_clauses", one "clause",
    fields CLAUSE_FIELDS,
    parent Parent::of::<super::dpa::DpaKind>("dpa_id")
}

fn dpa_rules(dpa: &mut Dpa, errors: &mut FieldErrors, _: &Context) {
    check_dpa(dpa, errors);
}

crate::record_kind! {
    DpaKind: Dpa, DpaRow; table "dpas", one "processor agreement",
    fields FIELDS,
    parent Parent::of::<super::processor::ProcessorKind>("processor_id"),
    check dpa_rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{test_context, validate, Draft};

    fn check(d: &Draft) -> Result<Dpa, FieldErrors> {
        validate::<DpaKind>(d, &test_context())
    }

    #[test]
    fn dates_are_checked_against_each_other() {
        let specific = Draft::default().with("authorisation", "specific");
        let d = specific
            .clone()
            .with("status", "signed")
            .with("signed_on", "2026-03-01")
            .with("effective_on", "2026-02-01")
            .with("review_on", "2025-03-01");
        let errors = check(&d).unwrap_err();
        errors.assert_says("review_on", "before the signing date");
        errors.assert_says("effective_on", "before it is signed");
        let d = specific
            .clone()
            .with("status", "signed")
            .with("signed_on", "2026-02-30");
        check(&d)
            .unwrap_err()
            .assert_says("signed_on", "not a calendar date");
        let d = specific.clone().with("status", "signed");
        check(&d)
            .unwrap_err()
            .assert_says("signed_on", "needs its signing date");
        let ok = check(&specific.with("status", "requested")).unwrap();
        assert_eq!(
            (ok.signed_on, ok.effective_on, ok.review_on),
            (None, None, None)
        );
    }

    #[test]
    fn the_agreement_form_checks_dates_period_and_checklist() {
        let draft = Draft::default()
            .with("status", "signed")
            .with("version", "3.0")
            .with("signed_on", "2026-05-01")
            .with("review_on", "2026-04-01")
            .with("authorisation", "general")
            .with("present", "0,1,2")
            .with("not_applicable", "2,9");
        let errors = check(&draft).unwrap_err();
        errors.assert_says("review_on", "before the signing date");
        errors.assert_says("notice_days", "days the contract gives");
        errors.assert_says("not_applicable", "28(3)(c) security");
        let draft = draft
            .with("review_on", "2027-05-01")
            .with("notice_days", "30")
            .with("not_applicable", "9");
        let dpa = check(&draft).unwrap();
        assert_eq!(dpa.notice_days, Some(30));
        assert_eq!(dpa.clauses[0].0, ClauseState::Present);
        assert_eq!(dpa.clauses[9].0, ClauseState::NotApplicable);
        assert_eq!(dpa.missing_clauses().len(), 6);
    }

    #[test]
    fn a_form_shows_the_checklist_and_notes_it_reads() {
        let mut dpa = Dpa::default();
        dpa.clauses[1] = (ClauseState::Present, "clause 7.2".into());
        dpa.clauses[9].0 = ClauseState::NotApplicable;
        let draft = crate::record::draft_of::<DpaKind>(&dpa, &test_context());
        assert_eq!(draft.get("present"), "1");
        assert_eq!(draft.get("not_applicable"), "9");
        assert_eq!(draft.get("notes"), "28_3_b: clause 7.2");
        assert_eq!(check(&draft).unwrap(), dpa);
    }
}
