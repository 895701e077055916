//! The run loop: the one place that reads terminal events, performs effects on
//! the store, and draws. Everything it does in between is `update` and `render`.

use std::collections::VecDeque;
use std::io;

use crossterm::event;

use super::action::{Action, OrganisationView};
use super::effect::{Effect, Focus};
use super::render::render;
use super::state::State;
use super::terminal;
use super::theme::Theme;
use super::update::{event_to_action, init, update};
use super::widgets::list_window::Page;
use crate::store::{Register, StoreError, StoreResult};

pub fn run(mut register: Register, file_label: String) -> io::Result<()> {
    let (mut term, _guard) = terminal::init()?;
    let size = term.size()?;
    let mut state = State::new(file_label, Theme::from_env(), size.width, size.height);
    let mut effects: VecDeque<Effect> = init(&state).into();
    loop {
        while let Some(effect) = effects.pop_front() {
            let action = perform(&mut register, effect);
            effects.extend(update(&mut state, action));
        }
        term.draw(|frame| render(frame, &state))?;
        if state.should_quit {
            return Ok(());
        }
        if let Some(action) = event_to_action(&state, event::read()?) {
            effects.extend(update(&mut state, action));
        }
    }
}

/// Performs one effect against the store and reports the outcome as an action.
pub fn perform(register: &mut Register, effect: Effect) -> Action {
    let result = match effect {
        Effect::LoadProcessors {
            filter,
            focus,
            window,
        } => load_processors(register, filter, focus, window),
        Effect::PrepareProcessorForm { id } => prepare_form(register, id),
        Effect::SaveProcessor {
            id,
            revision,
            fields,
        } => {
            let created = id.is_none();
            match id {
                Some(id) => register
                    .update_processor(id, revision, &fields)
                    .map(|()| id),
                None => register.insert_processor(&fields),
            }
            .map(|id| Action::ProcessorSaved {
                id,
                name: fields.name.clone(),
                created,
            })
        }
        Effect::PrepareDelete { id } => prepare_delete(register, id),
        Effect::DeleteProcessor { id } => register.processor(id).and_then(|row| {
            let name = row.map(|r| r.processor.fields.name).unwrap_or_default();
            register
                .delete_processor(id)
                .map(|rows| Action::ProcessorDeleted { name, rows })
        }),
        Effect::LoadOrganisation => load_organisation(register).map(Action::OrganisationLoaded),
        Effect::SaveOrganisation {
            organisation,
            revision,
        } => register
            .update_organisation(&organisation, revision)
            .map(|()| Action::OrganisationSaved(organisation)),
    };
    result.unwrap_or_else(|error| {
        let fields = match &error {
            StoreError::Invalid(fields) => Some(fields.clone()),
            _ => None,
        };
        Action::Failed {
            message: error.to_string(),
            fields,
        }
    })
}

fn load_processors(
    register: &Register,
    filter: String,
    focus: Focus,
    window: usize,
) -> StoreResult<Action> {
    let total = register.count_processors(&filter)?;
    let selected = match focus {
        Focus::Index(i) => i,
        Focus::Id(id) => register.processor_position(&filter, id)?.unwrap_or(0),
    }
    .min(total.saturating_sub(1));
    let offset = selected.saturating_sub(window / 3);
    let rows = register.processor_page(&filter, offset, window)?;
    Ok(Action::ProcessorsLoaded(Page {
        filter,
        total,
        offset,
        rows,
        selected,
    }))
}

fn prepare_form(register: &Register, id: Option<i64>) -> StoreResult<Action> {
    let current = match id {
        Some(id) => Some(
            register
                .processor(id)?
                .ok_or(StoreError::NotFound {
                    what: "processor",
                    id,
                })?
                .processor,
        )
        .map(|p| (p.revision, p.fields)),
        None => None,
    };
    let parents = register.parent_candidates(id)?;
    Ok(Action::ProcessorFormReady {
        id,
        current,
        parents,
    })
}

fn prepare_delete(register: &Register, id: i64) -> StoreResult<Action> {
    let row = register.processor(id)?.ok_or(StoreError::NotFound {
        what: "processor",
        id,
    })?;
    let dependants = register.processor_dependants(id)?;
    Ok(Action::DeleteReady {
        id,
        name: row.processor.fields.name,
        dependants,
    })
}

fn load_organisation(register: &Register) -> StoreResult<OrganisationView> {
    Ok(OrganisationView {
        organisation: register.organisation()?,
        revision: register.organisation_revision()?,
        schema_version: register.schema_version()?,
        processors: register.count_processors("")?,
    })
}
