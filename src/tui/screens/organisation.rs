//! The organisation screen: whose register this is, its jurisdiction and time
//! zone (which later drive every deadline), and the DPO contact.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::organisation::{
    jurisdiction_name, validate_organisation, zone_after_jurisdiction_change, Organisation,
    OrganisationDraft, OurRole,
};
use crate::tui::effect::Effect;
use crate::tui::keymap::Command;
use crate::tui::state::{FormTarget, Modal, OpenForm, State};
use crate::tui::widgets::form::{Form, FormField};

pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    if command == Command::Edit {
        if let Some(view) = &state.organisation {
            let (organisation, revision) = (view.organisation.clone(), view.revision);
            open_form(state, &organisation, revision);
        }
    }
    Vec::new()
}

fn open_form(state: &mut State, org: &Organisation, revision: i64) {
    let d = OrganisationDraft::from(org);
    let roles = OurRole::ALL
        .iter()
        .map(|r| (r.code().to_string(), r.label().to_string()))
        .collect();
    let fields = vec![
        FormField::line("name", "Name", true, &d.name, "legal name"),
        FormField::line(
            "org_number",
            "Org. number",
            false,
            &d.org_number,
            "checked for NO, SE, DK, FI",
        ),
        FormField::line(
            "jurisdiction",
            "Jurisdiction",
            false,
            &d.jurisdiction,
            "NO, SE, DK, FI, IE, GB-ENG…",
        ),
        FormField::line(
            "time_zone",
            "Time zone",
            false,
            &d.time_zone,
            "empty: the jurisdiction's zone",
        ),
        FormField::choice("role", "Our role", roles, &d.role),
        FormField::line(
            "dpo_name",
            "DPO name",
            false,
            &d.dpo_name,
            "data protection officer",
        ),
        FormField::line("dpo_email", "DPO e-mail", false, &d.dpo_email, ""),
        FormField::line("dpo_phone", "DPO phone", false, &d.dpo_phone, ""),
    ];
    let form = Form::new("Edit organisation", fields);
    state.modal = Some(Modal::Form(Box::new(OpenForm {
        target: FormTarget::Organisation,
        revision,
        form,
    })));
}

pub fn validate_form(form: &mut Form) -> Option<Organisation> {
    let draft = OrganisationDraft {
        name: form.value("name"),
        org_number: form.value("org_number"),
        jurisdiction: form.value("jurisdiction"),
        time_zone: zone_after_jurisdiction_change(
            &form.initial_value("jurisdiction"),
            &form.initial_value("time_zone"),
            &form.value("jurisdiction"),
            &form.value("time_zone"),
        ),
        role: form.value("role"),
        dpo_name: form.value("dpo_name"),
        dpo_email: form.value("dpo_email"),
        dpo_phone: form.value("dpo_phone"),
    };
    match validate_organisation(&draft) {
        Ok(org) => Some(org),
        Err(errors) => {
            form.show_errors(errors);
            None
        }
    }
}

pub fn render(frame: &mut Frame, state: &State, body: Rect) {
    let theme = &state.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent)
        .title(Span::styled(" Organisation ", theme.title))
        .title_bottom(Line::from(Span::styled(" e edit · ? help ", theme.muted)));
    let Some(view) = &state.organisation else {
        frame.render_widget(Paragraph::new("Loading…").block(block), body);
        return;
    };
    let o = &view.organisation;
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<18}"), theme.label),
            Span::raw(value),
        ])
    };
    let jurisdiction = match jurisdiction_name(&o.jurisdiction) {
        Some(name) => format!("{} ({name})", o.jurisdiction),
        None => "not set: deadlines need it (press e)".to_string(),
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
        field("Register file", state.file_label.clone()),
        field("Schema version", view.schema_version.to_string()),
        field("Processors", view.processors.to_string()),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        body,
    );
}
