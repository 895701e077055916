//! The organisation screen: whose register this is, its jurisdiction and time
//! zone, the DPO contact, and how the register counts request deadlines.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::activities::Activities;
use super::list_screen as ls;
use super::requests::Requests;
use crate::domain::organisation::zone_after_jurisdiction_change;
use crate::domain::organisation::Organisation;
use crate::domain::request::DeadlineSettings;
use crate::domain::validation::FieldErrors;
use crate::record::organisation::OrganisationKind;
use crate::record::settings::SettingsKind;
use crate::record::{draft_of, validate, Context};
use crate::store::{Register, StoreResult};
use crate::tui::action::{Action, OrganisationView};
use crate::tui::effect::{Effect, Focus};
use crate::tui::keymap::{Command, Mode};
use crate::tui::state::{FormTarget, State};
use crate::tui::widgets::form::{self, Form};

pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    if command == Command::Edit {
        if let Some(view) = state.organisation.clone() {
            open_form(state, &view);
        }
    }
    Vec::new()
}

fn open_form(state: &mut State, view: &OrganisationView) {
    let organisation = draft_of::<OrganisationKind>(&view.organisation, &state.context());
    let settings = draft_of::<SettingsKind>(&view.settings, &state.context());
    let mut fields = form::fields_of::<OrganisationKind>(&organisation, Vec::new());
    fields.extend(form::fields_of::<SettingsKind>(&settings, Vec::new()));
    let form = Form::new("Edit organisation and deadline settings", fields);
    state.open_form(FormTarget::Organisation, view.revision, form);
}

/// The save of a valid form (organisation and settings together), or its errors.
pub fn save_effect(revision: i64, form: &Form, context: &Context) -> Result<Effect, FieldErrors> {
    let mut draft = crate::record::draft::<OrganisationKind>(|field| form.value(field.key));
    // A new jurisdiction brings its own zone unless the zone was changed too.
    let zone = zone_after_jurisdiction_change(
        &form.initial_value("jurisdiction"),
        &form.initial_value("time_zone"),
        &form.value("jurisdiction"),
        &form.value("time_zone"),
    );
    draft.set("time_zone", zone);
    let organisation = validate::<OrganisationKind>(&draft, context);
    let settings = form::read::<SettingsKind>(form, context);
    let mut errors = organisation.as_ref().err().cloned().unwrap_or_default();
    if let Err(e) = &settings {
        errors.0.extend(e.0.iter().cloned());
    }
    match (organisation, settings) {
        (Ok(organisation), Ok(mut settings)) => {
            settings.jurisdiction = organisation.jurisdiction;
            if settings.swedish_eves && organisation.jurisdiction_code() != "SE" {
                errors.push(
                    "swedish_eves",
                    "only for a Swedish register (jurisdiction SE)",
                );
                return Err(errors);
            }
            Ok(Effect::SaveOrganisation {
                organisation,
                settings,
                revision,
            })
        }
        _ => Err(errors),
    }
}

pub fn render(frame: &mut Frame, state: &State, body: Rect) {
    let theme = &state.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent)
        .title(Span::styled(" Organisation ", theme.title))
        .title_bottom(Line::from(Span::styled(
            state
                .keys
                .footer(Mode::Organisation, &[(Command::Edit, "edit")]),
            theme.muted,
        )));
    let Some(view) = &state.organisation else {
        frame.render_widget(Paragraph::new("Loading…").block(block), body);
        return;
    };
    // A value wider than the screen goes on under itself, broken between
    // the items of a list ("name · e-mail · phone") where it can.
    let value_width = usize::from(block.inner(body).width.saturating_sub(18)).max(1);
    let field = |label: &str, value: String| -> Vec<Line<'static>> {
        crate::tui::widgets::text::wrap_list(&value, value_width)
            .into_iter()
            .enumerate()
            .map(|(i, part)| {
                let label = if i == 0 { label } else { "" };
                Line::from(vec![
                    Span::styled(format!("{label:<18}"), theme.label),
                    Span::raw(part),
                ])
            })
            .collect()
    };
    let heading = |text: &'static str| Line::from(Span::styled(text, theme.header));
    let mut lines = vec![
        Line::from(Span::styled(view.organisation.name.clone(), theme.title)),
        Line::default(),
    ];
    lines.extend(
        controller_rows(
            &view.organisation,
            &state.key(Mode::Organisation, Command::Edit),
        )
        .into_iter()
        .flat_map(|(label, value)| field(label, value)),
    );
    if !view.organisation.identifies_controller() {
        lines.push(Line::from(Span::styled(
            format!(
                "✗ 30(1)(a): give an e-mail or phone for the organisation or its DPO (press {})",
                state.key(Mode::Organisation, Command::Edit)
            ),
            theme.severity(crate::domain::findings::Severity::Warning),
        )));
    }
    lines.push(Line::default());
    lines.push(heading("Request deadlines (see docs/legal-rules.md)"));
    lines.extend(
        settings_rows(&view.settings)
            .into_iter()
            .flat_map(|(label, value)| field(label, value)),
    );
    lines.push(Line::default());
    lines.extend(
        [
            ("Register file", state.file_label.clone()),
            ("Schema version", view.schema_version.to_string()),
            ("Processors", view.processors.to_string()),
            (
                "Requests",
                view.requests
                    .map_or_else(|| "counting…".to_string(), |n| n.to_string()),
            ),
            ("Breaches", view.breaches.to_string()),
        ]
        .into_iter()
        .flat_map(|(label, value)| field(label, value)),
    );
    // A small window scrolls the screen (↓/↑) and says there is more.
    let inner = block.inner(body);
    let texts: Vec<String> = lines.iter().map(ToString::to_string).collect();
    let rows = crate::tui::widgets::text_box::rows(&texts, usize::from(inner.width)).len();
    let last = u16::try_from(rows.saturating_sub(usize::from(inner.height))).unwrap_or(u16::MAX);
    let scroll = state.detail_scroll.min(last);
    let block = if scroll < last {
        block.title(Line::from(Span::styled(" ↓ more ", theme.muted)).right_aligned())
    } else {
        block
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        body,
    );
}

/// The organisation's own rows: who it is, where, and how it is reached
/// (Art. 30(1)(a)); the representative where Art. 27 may ask for one.
fn controller_rows(o: &Organisation, edit: &str) -> Vec<(&'static str, String)> {
    let jurisdiction = match o.jurisdiction {
        Some(j) => j.described(),
        None => format!("not set: deadlines count weekends only (press {edit})"),
    };
    let mut rows = vec![
        ("Org. number", o.org_number.clone()),
        ("Jurisdiction", jurisdiction),
        ("Time zone", o.time_zone.name().to_string()),
        ("Our role", o.role.label().to_string()),
        (
            "Address",
            o.address
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "Contact",
            joined(&[&o.contact_email, &o.contact_phone, &o.website]),
        ),
        ("DPO", joined(&[&o.dpo_name, &o.dpo_email, &o.dpo_phone])),
    ];
    let outside_eea = o.jurisdiction.is_some_and(|j| !j.in_eea());
    if outside_eea || !o.representative_name.is_empty() {
        let representative = if o.lacks_representative() {
            "none named (Art. 27, where Art. 3(2) applies)".to_string()
        } else {
            joined(&[&o.representative_name, &o.representative_contact])
        };
        rows.push(("Representative", representative));
    }
    rows
}

/// How the register counts request deadlines, in words.
fn settings_rows(s: &DeadlineSettings) -> Vec<(&'static str, String)> {
    let chosen = |b: bool, yes: &str, no: &str| if b { yes } else { no }.to_string();
    let closures = if s.closure_days.is_empty() {
        "none".to_string()
    } else {
        let days: Vec<String> = s.closure_days.iter().map(ToString::to_string).collect();
        days.join(" ")
    };
    vec![
        ("Identity wait", s.id_model.label().to_string()),
        (
            "Extension",
            chosen(
                s.strict_extension,
                "two months after the unrolled first month (strict)",
                "three months from the start (ICO; default)",
            ),
        ),
        (
            "Swedish eves",
            chosen(
                s.swedish_eves,
                "rolled (Lag 1930:173)",
                "not rolled (public holidays only; default)",
            ),
        ),
        ("Closure days", closures),
        (
            "Promised answer",
            s.promised_days
                .map_or("none (the legal month only)".to_string(), |n| {
                    format!("within {n} days, shown beside the legal deadline")
                }),
        ),
    ]
}

/// The parts given, by " · ".
fn joined(parts: &[&String]) -> String {
    let given: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    given.join(" · ")
}

/// The organisation and the counts its screen and the tabs show.
pub fn load(
    register: &Register,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> StoreResult<OrganisationView> {
    Ok(OrganisationView {
        organisation: register.organisation()?,
        settings: register.deadline_settings()?,
        revision: register.organisation_revision()?,
        schema_version: register.schema_version()?,
        processors: register.count_processors("")?,
        breaches: register.count_breaches("")?,
        requests: match register.count_requests_at_most("", crate::store::QUICK_COUNT)? {
            (n, true) => Some(n),
            (_, false) => None,
        },
        overdue_requests: register.count_overdue_requests(today)?,
        overdue_breaches: register.count_overdue_breaches(now)?,
        incomplete_activities: register.count_activities("", true)?,
        read_only: register.is_read_only(),
        demo: is_demo(register)?,
    })
}

/// Whether `register` is a demo client's: its organisation bears a demo
/// client's made-up name.
fn is_demo(register: &Register) -> crate::store::StoreResult<bool> {
    let name = register.organisation()?.name;
    Ok(crate::exchange::demo::demo_organisation_names().contains(&name))
}

/// The organisation and its counts; schema findings said when first seen.
pub fn loaded(state: &mut State, view: OrganisationView) -> Vec<Effect> {
    // More requests than the quick count, not counted since the last write:
    // counted on the background thread (its answer fills the summary).
    let count = view.requests.is_none();
    state.organisation = Some(view);
    if count {
        vec![Effect::Requests(
            crate::tui::effect::RequestEffect::CountRequests {
                filter: String::new(),
            },
        )]
    } else {
        Vec::new()
    }
}

/// The schema compared with the register's own: what is wrong is said when
/// first seen, not at every check.
pub fn schema_checked(state: &mut State, findings: Vec<String>) -> Vec<Effect> {
    if !findings.is_empty() && findings != state.schema_findings {
        state.error(format!(
            "Warning: {}; dpo verify names it, dpo verify --repair puts it right",
            findings.join("; ")
        ));
    }
    state.schema_findings = findings;
    Vec::new()
}

/// The organisation saved: every request's dates and Art. 30(1)(a) may move.
pub fn saved(state: &mut State, org: crate::domain::organisation::Organisation) -> Vec<Effect> {
    state.modal = None;
    state.info(format!("Saved the organisation {}", org.name));
    // New settings or a new jurisdiction move every request's dates.
    let selected = state.requests.selected;
    let mut effects = vec![Effect::LoadOrganisation];
    effects.extend(ls::reload::<Requests>(state, Focus::Index(selected)));
    // Art. 30(1)(a) depends on the organisation's contact details.
    let activity = state.activities.selected;
    effects.extend(ls::reload::<Activities>(state, Focus::Index(activity)));
    effects
}

/// Saves the organisation and its deadline settings over `revision`.
pub fn save(
    register: &mut Register,
    organisation: Organisation,
    settings: &DeadlineSettings,
    revision: i64,
) -> StoreResult<Action> {
    register
        .update_organisation(&organisation, Some(settings), revision)
        .map(|()| Action::OrganisationSaved(organisation))
}
