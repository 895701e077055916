//! The part of a processor's details about its contracts and data flows: the
//! processor agreement and its clause checklist, earlier agreements, transfers
//! with what is inconsistent about them, and sub-processor change notices.

use chrono::NaiveDate;
use ratatui::style::Style;

use crate::domain::dpa::{
    objection_open, review_state, Authorisation, ClauseState, NoticeDecision, ReviewState, CLAUSES,
};
use crate::domain::transfer::{adequacy_for, transfer_warnings, TransferTool};
use crate::tui::state::ProcessorExtras;
use crate::tui::widgets::details::Details;

/// Adds what is known about `extras` to `out`; `needs_contract` says whether
/// a missing agreement is a problem (a processor) or expected (a recipient).
/// What the register expects of a recipient's Art. 28 agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContractNeed {
    /// An active processor: a contract of its own (Art. 28(3)).
    Own,
    /// A sub-processor: bound through the processor above it (Art. 28(4)).
    ViaParent(String),
    /// Not known yet who it is: first found out, then the contract.
    AfterIdentifying,
    /// Not a processor, or no longer one.
    None,
}

pub fn describe(
    out: &mut Details<'_>,
    extras: &ProcessorExtras,
    need: &ContractNeed,
    today: NaiveDate,
) {
    agreement_lines(out, extras, need, today);
    transfer_lines(out, extras, today);
    notice_lines(out, extras, today);
}

/// The current agreement with its checklist, and the earlier ones.
fn agreement_lines(
    out: &mut Details<'_>,
    extras: &ProcessorExtras,
    need: &ContractNeed,
    today: NaiveDate,
) {
    let theme = out.theme;
    let plain = Style::default();
    out.heading("Processor agreement (Art. 28)");
    match extras.dpas.iter().find(|d| d.is_current) {
        None => match need {
            ContractNeed::Own => out.bullet(
                "✗ ",
                "No agreement recorded: Art. 28(3) requires a contract",
                theme.error,
            ),
            ContractNeed::ViaParent(parent) => out.field_if_any(
                "Agreement",
                &format!("via parent ({parent}): its contract binds this one (Art. 28(4))"),
                plain,
            ),
            ContractNeed::AfterIdentifying => out.field_if_any(
                "Agreement",
                "to be identified first: then record its agreement",
                theme.warning,
            ),
            ContractNeed::None => {
                out.field_if_any("Agreement", "none recorded (not a processor)", theme.muted);
            }
        },
        Some(current) => {
            let d = &current.dpa;
            let version = if d.version.is_empty() {
                String::new()
            } else {
                format!(", {}", d.version)
            };
            out.field_if_any("Status", &format!("{}{version}", d.status.label()), plain);
            let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            out.field_if_any("Signed", &date(d.signed_on), plain);
            out.field_if_any("Effective", &date(d.effective_on), plain);
            let (review, style) = match review_state(d.review_on, today) {
                ReviewState::Unset => (String::new(), plain),
                ReviewState::Ok { days_left } => (
                    format!("{} (in {days_left} days)", date(d.review_on)),
                    plain,
                ),
                ReviewState::DueSoon { days_left } => (
                    format!("{} (in {days_left} days)", date(d.review_on)),
                    theme.warning,
                ),
                ReviewState::Overdue { days_late } => (
                    format!("{} ({days_late} days overdue)", date(d.review_on)),
                    theme.error,
                ),
            };
            out.field_if_any("Review", &review, style);
            out.field_if_any("Document", &d.document, plain);
            match extras.document_matches {
                Some(true) => out.field_if_any("", "the file matches its recorded SHA-256", theme.muted),
                Some(false) => out.field_if_any(
                    "",
                    "the file has changed or gone since it was recorded: check it and save the agreement again",
                    theme.error,
                ),
                None => {}
            }
            let present = d
                .clauses
                .iter()
                .filter(|(s, _)| *s != ClauseState::Missing)
                .count();
            let missing = d.missing_clauses();
            if missing.is_empty() {
                out.field_if_any(
                    "Clauses",
                    &format!("all {} Art. 28(3)/(4) terms covered", CLAUSES.len()),
                    theme.info,
                );
            } else {
                out.field_if_any(
                    "Clauses",
                    &format!(
                        "{present} of {} covered; missing: {}",
                        CLAUSES.len(),
                        missing.join(", ")
                    ),
                    theme.error,
                );
            }
            for ((_, name, _), (state, note)) in CLAUSES.iter().zip(&d.clauses) {
                if !note.is_empty() {
                    let state = state.label().to_lowercase();
                    out.bullet("  ", &format!("{name} ({state}): {note}"), theme.muted);
                }
            }
            let authorisation = match (d.authorisation, d.notice_days) {
                (Authorisation::General, Some(days)) => {
                    format!("general authorisation, {days} days to object to a change")
                }
                (a, _) => a.label().to_lowercase(),
            };
            out.field_if_any("Sub-processors", &authorisation, plain);
        }
    }
    for earlier in extras.dpas.iter().filter(|d| !d.is_current) {
        let signed = earlier
            .dpa
            .signed_on
            .map(|d| format!(", signed {d}"))
            .unwrap_or_default();
        out.field_if_any(
            "Earlier",
            &format!(
                "{}{signed} ({})",
                earlier.dpa.version,
                earlier.dpa.status.label().to_lowercase()
            ),
            theme.muted,
        );
    }
}

/// Each transfer with its tool and what is inconsistent about it.
fn transfer_lines(out: &mut Details<'_>, extras: &ProcessorExtras, today: NaiveDate) {
    let plain = Style::default();
    if !extras.transfers.is_empty() {
        out.heading("Transfers (Chapter V)");
        for t in &extras.transfers {
            let tr = &t.transfer;
            let mut text = format!("{} · {}", tr.country, tr.tool.label());
            if tr.tool == TransferTool::Dpf && tr.dpf_certified {
                text.push_str(" · recipient certified");
            }
            if let (true, Some(d)) = (
                tr.tool == TransferTool::Adequacy,
                adequacy_for(&tr.country, today),
            ) {
                text.push_str(&format!(" · {} of {}", d.decision, d.name));
            }
            if !tr.tia_reference.is_empty() {
                let date = tr.tia_date.map(|d| format!(" of {d}")).unwrap_or_default();
                text.push_str(&format!(" · TIA {}{date}", tr.tia_reference));
            }
            out.bullet("• ", &text, plain);
            for warning in transfer_warnings(tr, today) {
                out.bullet("  ! ", &warning, out.theme.warning);
            }
        }
    }
}

/// Change notices with the days left to object.
fn notice_lines(out: &mut Details<'_>, extras: &ProcessorExtras, today: NaiveDate) {
    let theme = out.theme;
    let plain = Style::default();
    if !extras.notices.is_empty() {
        out.heading("Sub-processor change notices (Art. 28(2))");
        for n in &extras.notices {
            let head = format!(
                "{}, received {}",
                n.notice.sub_processor, n.notice.received_on
            );
            let (text, style) =
                if objection_open(n.notice.received_on, n.notice_days, n.decision, today) {
                    let left = (n.objection_deadline - today).num_days();
                    (
                        format!(
                            "{head}: object by {} ({left} days left)",
                            n.objection_deadline
                        ),
                        theme.warning,
                    )
                } else if n.decision == NoticeDecision::Pending {
                    (
                        format!(
                            "{head}: the objection period ended {} without a decision",
                            n.objection_deadline
                        ),
                        theme.error,
                    )
                } else {
                    let on = n.decided_on.map(|d| format!(" on {d}")).unwrap_or_default();
                    (
                        format!("{head}: {}{on}", n.decision.label().to_lowercase()),
                        plain,
                    )
                };
            out.bullet("• ", &text, style);
            if !n.notice.description.is_empty() {
                out.bullet("  ", &n.notice.description, theme.muted);
            }
        }
    }
}
