//! What a new record's name field offers as it is typed: the processor
//! catalogue under a new processor's name, the activity templates under a
//! new activity's. ↓ and Enter take an entry (Enter alone one typed by its
//! whole name); it fills the form, which
//! stays editable, and the form says what else the save will record.

use crate::domain::{activity_templates, catalogue};
use crate::record::processor::ProcessorKind;
use crate::record::{draft_of, Context};
use crate::tui::state::{FormTarget, OpenForm};
use crate::tui::widgets::form::Suggestions;

/// How many entries are offered at a time.
const OFFERED: usize = 6;

/// Offers the entries matching what the focused name field holds, if the
/// form is a new processor's or a new activity's.
pub fn offer(open: &mut OpenForm) {
    let form = &mut open.form;
    let on_name = form.fields.get(form.focus).is_some_and(|f| f.key == "name");
    let typed = form.value("name");
    // Its own name, not another word for it ("teams" stays what it is).
    let named = |name: &str| name.eq_ignore_ascii_case(typed.trim());
    // (id, label, whether it is the entry typed by its name)
    let offered: Vec<(String, String, bool)> = match open.target {
        FormTarget::Processor(None) if on_name => catalogue::shipped()
            .matching(&typed)
            .into_iter()
            .take(OFFERED)
            .map(|s| {
                let label = format!("{} — {} ({})", s.name, s.entity.value, s.country.value);
                (s.id.clone(), label, named(&s.name))
            })
            .collect(),
        FormTarget::Activity(None) if on_name => activity_templates::shipped()
            .matching(&typed)
            .into_iter()
            .take(OFFERED)
            .map(|t| {
                (
                    t.id.clone(),
                    format!("{} — template", t.name),
                    named(&t.name),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    // An entry typed by its whole name is highlighted: Enter takes it, as
    // after ↓ (typed "Stripe", Enter left a bare processor to fill by hand);
    // only in a form still empty but for the name, since taking an entry
    // fills the others (a copy's, or what was typed there first).
    let untouched = form.initial_value("name").is_empty()
        && form
            .fields
            .iter()
            .filter(|f| f.key != "name")
            .all(|f| f.value() == form.initial_value(f.key));
    let highlighted = offered
        .iter()
        .position(|(_, _, exact)| *exact)
        .filter(|_| untouched);
    form.suggestions = Some(Suggestions {
        field: "name",
        options: offered
            .into_iter()
            .map(|(id, label, _)| (id, label))
            .collect(),
        highlighted,
    });
}

/// Fills the form from the entry just taken and says what the save adds.
pub fn take(open: &mut OpenForm, context: &Context) {
    let Some(id) = open.form.accepted.clone() else {
        return;
    };
    match open.target {
        FormTarget::Processor(None) => take_processor(open, &id, context),
        FormTarget::Activity(None) => take_activity(open, &id),
        _ => {}
    }
}

fn take_processor(open: &mut OpenForm, id: &str, context: &Context) {
    let Some(entry) = catalogue::shipped().get(id) else {
        return;
    };
    let draft = draft_of::<ProcessorKind>(&entry.processor(), context);
    let form = &mut open.form;
    // Every field the entry knows, and the company's own details emptied
    // (a copied processor's address is not the catalogue company's).
    for field in [
        "name",
        "country",
        "service",
        "role",
        "status",
        "notes",
        "org_number",
        "address",
        "contact_email",
    ] {
        form.set_value(field, draft.get(field));
    }
    form.title = format!("New processor from the catalogue: {}", entry.name);
    form.notice = Some(format!(
        "Saving also records {}. Catalogue facts {}: check them at their sources (in Notes).",
        entry.also_adds(),
        entry.as_of()
    ));
    form.next_field();
}

fn take_activity(open: &mut OpenForm, id: &str) {
    let Some(template) = activity_templates::shipped().get(id) else {
        return;
    };
    let form = &mut open.form;
    for (field, text) in template.form_values() {
        form.set_value(field, &text);
    }
    form.title = format!(
        "New record of processing from the template: {}",
        template.name
    );
    form.notice = Some(
        "A template: check the purposes, categories, retention and bases against this client's practice."
            .to_string(),
    );
    form.next_field();
}
