//! The organisation screen: whose register this is, its jurisdiction and time
//! zone, the DPO contact, and how the register counts request deadlines.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::organisation::{jurisdiction_name, zone_after_jurisdiction_change};
use crate::domain::validation::FieldErrors;
use crate::record::organisation::OrganisationKind;
use crate::record::settings::SettingsKind;
use crate::record::{draft_of, validate, Context};
use crate::tui::action::OrganisationView;
use crate::tui::effect::Effect;
use crate::tui::keymap::{footer, Command, Mode};
use crate::tui::state::{FormTarget, Modal, OpenForm, State};
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
    state.modal = Some(Modal::Form(Box::new(OpenForm {
        target: FormTarget::Organisation,
        revision: view.revision,
        form,
    })));
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
            settings.jurisdiction = organisation.jurisdiction.clone();
            if settings.swedish_eves && settings.jurisdiction != "SE" {
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
            footer(Mode::Organisation, &[(Command::Edit, "edit")]),
            theme.muted,
        )));
    let Some(view) = &state.organisation else {
        frame.render_widget(Paragraph::new("Loading…").block(block), body);
        return;
    };
    let o = &view.organisation;
    let s = &view.settings;
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<18}"), theme.label),
            Span::raw(value),
        ])
    };
    let jurisdiction = match jurisdiction_name(&o.jurisdiction) {
        Some(name) => format!("{} ({name})", o.jurisdiction),
        None => "not set: deadlines count weekends only (press e)".to_string(),
    };
    let yes_no = |b: bool, yes: &str, no: &str| if b { yes.to_string() } else { no.to_string() };
    let closures = if s.closure_days.is_empty() {
        "none".to_string()
    } else {
        s.closure_days
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let lines = vec![
        Line::from(Span::styled(o.name.clone(), theme.title)),
        Line::default(),
        field("Org. number", o.org_number.clone()),
        field("Jurisdiction", jurisdiction),
        field("Time zone", o.time_zone.clone()),
        field("Our role", o.role.label().to_string()),
        field("DPO", o.dpo_name.clone()),
        field("DPO e-mail", o.dpo_email.clone()),
        field("DPO phone", o.dpo_phone.clone()),
        Line::default(),
        Line::from(Span::styled(
            "Request deadlines (see docs/legal-rules.md)",
            theme.header,
        )),
        field("Identity wait", s.id_model.label().to_string()),
        field(
            "Extension",
            yes_no(
                s.strict_extension,
                "two months after the unrolled first month (strict)",
                "three months from the start (ICO; default)",
            ),
        ),
        field(
            "Swedish eves",
            yes_no(
                s.swedish_eves,
                "rolled (Lag 1930:173)",
                "not rolled (public holidays only; default)",
            ),
        ),
        field("Closure days", closures),
        Line::default(),
        field("Register file", state.file_label.clone()),
        field("Schema version", view.schema_version.to_string()),
        field("Processors", view.processors.to_string()),
        field("Requests", view.requests.to_string()),
        field("Breaches", view.breaches.to_string()),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        body,
    );
}
