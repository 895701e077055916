//! Letters from the workbench (`L`): a form to choose the kind, language and
//! format (and for an access answer the categories of data subjects), then the
//! draft in a scrollable pane, to write next to the register or copy through
//! the terminal. The journal records each letter written or copied.

mod perform;
mod render;

pub use perform::perform;
pub use render::render;

use crate::domain::letter::{Lang, LetterFormat, LetterKind, Regarding};
use crate::domain::validation::FieldErrors;
use crate::exchange::letters::LetterOrder;
use crate::store::LetterAbout;
use crate::tui::action::LetterAction;
use crate::tui::effect::{Effect, LetterEffect};
use crate::tui::keymap::{Command, StepKey};
use crate::tui::state::{Confirm, ConfirmAction, FormTarget, Modal, OpenForm, State, Tab};
use crate::tui::widgets::form::{Form, FormField};

/// The record a letter can be drafted from on this screen: the selected
/// request or breach (on the dashboard, the selected item's).
pub fn open(state: &mut State) -> Vec<Effect> {
    let selected = match state.tab {
        Tab::Requests => state
            .requests
            .selected_row()
            .map(|r| (LetterAbout::Request(r.id), r.request.reference.clone())),
        Tab::Breaches => state
            .breaches
            .selected_row()
            .map(|r| (LetterAbout::Breach(r.id), r.breach.title.clone())),
        Tab::Dashboard => state.dashboard.selected_row().and_then(|f| {
            // A count of many requests is no one request to write about.
            let id = f.record.record_id()?;
            let about = match f.record.area.name() {
                "requests" => LetterAbout::Request(id),
                "breaches" => LetterAbout::Breach(id),
                _ => return None,
            };
            Some((about, f.record.label.clone()))
        }),
        _ => None,
    };
    match selected {
        Some((about, label)) => vec![Effect::Letters(LetterEffect::Prepare { about, label })],
        None => {
            state.error("Select a request or a breach: letters are drafted from one");
            Vec::new()
        }
    }
}

pub fn update(state: &mut State, action: LetterAction) -> Vec<Effect> {
    match action {
        LetterAction::Prepared {
            about,
            label,
            lang,
            kind,
            subjects,
        } => {
            open_form(state, about, label, (lang, kind), subjects);
            Vec::new()
        }
        LetterAction::Drafted(view) => {
            let gaps = view.letter.gaps.len();
            state.modal = Some(Modal::Letter(view));
            if gaps > 0 {
                state.info(format!(
                    "{} to fill in, marked in the letter",
                    crate::platform::words::counted(gaps, "gap")
                ));
            }
            Vec::new()
        }
        LetterAction::Written { file, gaps } => {
            state.info(format!(
                "Wrote {file} next to the register{}; the journal records the letter",
                gaps_note(gaps)
            ));
            Vec::new()
        }
        LetterAction::Copied { text, gaps } => {
            state.clipboard = Some(text);
            state.info(format!(
                "Copied through the terminal (OSC 52){}; where the terminal does not pass it on, w writes a file",
                gaps_note(gaps)
            ));
            Vec::new()
        }
        LetterAction::ControllerTold { id } => {
            state.modal = None;
            state.info("The controller is recorded as told now (Art. 33(2))");
            crate::tui::screens::list_screen::reload::<crate::tui::screens::breaches::Breaches>(
                state,
                crate::tui::effect::Focus::Id(id),
            )
        }
    }
}

fn gaps_note(gaps: usize) -> String {
    match gaps {
        0 => String::new(),
        n => format!(
            " ({} still to fill in)",
            crate::platform::words::counted(n, "gap")
        ),
    }
}

fn open_form(
    state: &mut State,
    about: LetterAbout,
    label: String,
    (lang, first): (Lang, LetterKind),
    subjects: Vec<String>,
) {
    let regarding = match about {
        LetterAbout::Request(_) => Regarding::Request,
        LetterAbout::Breach(_) => Regarding::Breach,
    };
    let kinds = LetterKind::of(regarding)
        .map(|k| (k.code().to_string(), k.label().to_string()))
        .collect();
    let mut fields = vec![
        FormField::choice("kind", "Letter", kinds, first.code()),
        FormField::choice("lang", "Language", Lang::options(), lang.code()),
        FormField::choice("format", "Format", LetterFormat::options(), "text"),
    ];
    if regarding == Regarding::Request {
        let options = subjects
            .iter()
            .enumerate()
            .map(|(i, s)| (i.to_string(), s.clone()))
            .collect();
        fields.push(FormField::checklist(
            "subjects",
            "Data subjects",
            options,
            &[],
        ));
        fields.push(FormField::line(
            "reason",
            "Reasons",
            false,
            "",
            "for an extension or refusal, where the request holds none",
        ));
    }
    let form = Form::new(format!("Draft a letter · {label}"), fields).submitting("draft");
    state.letter_subjects = subjects;
    state.letter_label = label;
    state.modal = Some(Modal::Form(Box::new(OpenForm {
        target: FormTarget::Letter(about),
        revision: 0,
        form,
    })));
}

/// The draft the letter form asks for, or what it still needs.
pub fn draft_effect(
    about: LetterAbout,
    form: &Form,
    subjects: &[String],
    label: &str,
) -> Result<Effect, FieldErrors> {
    let mut errors = FieldErrors::default();
    let kind = LetterKind::parse(&form.value("kind")).unwrap_or(LetterKind::Acknowledgement);
    let lang = Lang::parse(&form.value("lang")).unwrap_or(Lang::En);
    let format = LetterFormat::parse(&form.value("format")).unwrap_or(LetterFormat::Text);
    let chosen: Vec<String> = form
        .ticked_ids("subjects")
        .into_iter()
        .filter_map(|i| subjects.get(usize::try_from(i).ok()?).cloned())
        .collect();
    if kind == LetterKind::Answer && chosen.is_empty() {
        errors.push(
            "subjects",
            "tick the categories of data subjects the person belongs to: the answer lists their activities",
        );
    }
    errors.into_result(())?;
    let reason = form.value("reason");
    let order = LetterOrder {
        kind,
        lang,
        format,
        // Each category as the register words it picks exactly its activities.
        subjects: chosen,
        reason: (!reason.trim().is_empty()).then(|| reason.trim().to_string()),
    };
    Ok(Effect::Letters(LetterEffect::Draft {
        about,
        order,
        label: label.to_string(),
    }))
}

/// The keys of the letter pane.
pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    let Some(Modal::Letter(view)) = &mut state.modal else {
        return Vec::new();
    };
    let page = state.height.saturating_sub(8).max(1);
    match command {
        Command::Down => view.scroll = view.scroll.saturating_add(1),
        Command::Up => view.scroll = view.scroll.saturating_sub(1),
        Command::PageDown => view.scroll = view.scroll.saturating_add(page),
        Command::PageUp => view.scroll = view.scroll.saturating_sub(page),
        Command::Home => view.scroll = 0,
        Command::End => view.scroll = u16::MAX / 2,
        Command::NextLanguage | Command::ToggleFormat => {
            let mut order = view.order.clone();
            if command == Command::NextLanguage {
                let at = Lang::ALL.iter().position(|l| *l == order.lang).unwrap_or(0);
                order.lang = Lang::ALL[(at + 1) % Lang::ALL.len()];
            } else {
                order.format = match order.format {
                    LetterFormat::Text => LetterFormat::Markdown,
                    LetterFormat::Markdown => LetterFormat::Text,
                };
            }
            return vec![Effect::Letters(LetterEffect::Draft {
                about: view.about,
                order,
                label: view.label.clone(),
            })];
        }
        Command::WriteLetter => {
            return vec![Effect::Letters(LetterEffect::Write {
                about: view.about,
                order: view.order.clone(),
                letter: view.letter.clone(),
            })]
        }
        Command::CopyLetter => {
            return vec![Effect::Letters(LetterEffect::Copy {
                about: view.about,
                order: view.order.clone(),
                letter: view.letter.clone(),
            })]
        }
        Command::LetterSent => return sent(state),
        Command::Cancel => state.modal = None,
        _ => {}
    }
    Vec::new()
}

/// Letters as events: an extension notice opens the request's extension
/// step (its reasons and the day the notice was sent); a controller notice
/// asks to record the controller as told now.
fn sent(state: &mut State) -> Vec<Effect> {
    let Some(Modal::Letter(view)) = &state.modal else {
        return Vec::new();
    };
    let (about, kind, reason) = (view.about, view.order.kind, view.order.reason.clone());
    match (kind, about) {
        (LetterKind::Extension, LetterAbout::Request(id)) => {
            let selected = state.requests.selected_row().map(|r| r.id) == Some(id);
            if state.tab != Tab::Requests || !selected {
                state.error("Record the extension on the Requests screen: select the request, x");
                return Vec::new();
            }
            state.modal = None;
            let effects =
                crate::tui::screens::requests::command(state, Command::Step(StepKey::Extend));
            if let (Some(open), Some(reason)) = (state.form_mut(), reason) {
                if open.form.value("reason").trim().is_empty() {
                    open.form.set_value("reason", &reason);
                }
            }
            effects
        }
        (LetterKind::Controller, LetterAbout::Breach(id)) => {
            let told = state
                .breaches
                .selected_row()
                .filter(|r| r.id == id)
                .and_then(|r| r.breach.controller_told_at);
            if let Some(told) = told {
                state.info(crate::exchange::letters::already_told(told));
                return Vec::new();
            }
            state.modal = Some(Modal::Confirm(Confirm {
                title: "The controller was told".into(),
                lines: vec![
                    "Record that the controller was told now, by this notice (Art. 33(2))?".into(),
                    "The breach's \"Controller told\" takes this moment.".into(),
                ],
                on_yes: ConfirmAction::ControllerTold { id },
            }));
            Vec::new()
        }
        _ => {
            state.info("Only an extension notice or a controller notice is recorded as sent here; record other steps on the request or the breach");
            Vec::new()
        }
    }
}
