//! Looking at the register as it stood on an earlier day (`@`): the file's
//! change journal is replayed into a copy in memory, every screen shows that
//! copy, the clocks stand at that moment, and nothing can be saved until the
//! view returns to now (`@` again, with the field empty).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::breach_clock::parse_instant;
use crate::domain::findings::end_of_day;
use crate::domain::typed_date::{expand_typed_time, parse_typed_date};
use crate::domain::validation::FieldErrors;
use crate::tui::effect::Effect;
use crate::tui::state::{FormTarget, State};
use crate::tui::widgets::form::{Form, FormField};

pub fn open(state: &mut State) -> Vec<Effect> {
    // Empty to start with: Enter on it returns to now.
    let current = String::new();
    let showing = state.as_of.as_ref().map(|(_, label)| label.clone());
    let mut form = Form::new(
        "View the register as of",
        vec![FormField::line(
            "as_of",
            "As of",
            false,
            &current,
            "YYYY-MM-DD (end of day) or YYYY-MM-DDTHH:MM; empty: now",
        )],
    )
    .submitting("view");
    form.warnings = vec![idle_warning(showing.as_deref())];
    state.open_form(FormTarget::AsOf, 0, form);
    Vec::new()
}

/// What the dialog says while nothing is under way: what is shown now, or
/// what viewing an earlier day is.
fn idle_warning(showing: Option<&str>) -> String {
    match showing {
        Some(label) => format!("Showing {label}; empty and Enter: back to now"),
        None => {
            "Rebuilt from the change journal; read-only while you look (E exports it)".to_string()
        }
    }
}

/// A rebuild refused (its reason is at the field): the dialog no longer
/// says one is under way.
pub fn refused(state: &mut State) {
    let showing = state.as_of.as_ref().map(|(_, label)| label.clone());
    if let Some(open) = state.form_mut() {
        open.form.warnings = vec![idle_warning(showing.as_deref())];
    }
}

/// The run loop rebuilds the register on its own thread: until it is shown,
/// the dialog stays open (a refusal then shows at its field) and says what
/// is under way, as the status bar does.
pub fn rebuilding(state: &mut State, earlier: bool, label: &str) {
    let working = if earlier {
        format!("Rebuilding the register as of {label} from its journal…")
    } else {
        "Opening the register as it is…".to_string()
    };
    if let Some(open) = state.form_mut() {
        open.form.warnings = vec![working.clone()];
    }
    state.info(working);
}

/// The moment typed: a day means the end of it in the register's zone.
/// `wall` is the real clock (the state's `now` stands in the past while one is shown).
pub fn view_effect(form: &Form, zone: &Tz, wall: DateTime<Utc>) -> Result<Effect, FieldErrors> {
    let typed = form.value("as_of").trim().to_string();
    let fail = |message: String| {
        let mut errors = FieldErrors::default();
        errors.push("as_of", message);
        Err(errors)
    };
    if typed.is_empty() {
        return Ok(Effect::ViewAsOf {
            at: None,
            label: String::new(),
        });
    }
    let today = crate::platform::clock::date_in(wall, zone);
    // A time (`14:30`, `yesterday 23:10`, `2026-12-01T09:00+01:00`), else a day.
    let time =
        expand_typed_time(&typed, today).or_else(|| typed.contains(':').then(|| typed.clone()));
    let is_day = time.is_none();
    let at: DateTime<Utc> = match time {
        Some(time) => match parse_instant(&time, zone) {
            Ok(at) => at,
            Err(e) => return fail(e.to_string()),
        },
        None => {
            let day = match parse_typed_date(&typed, today) {
                Ok(day) => day,
                Err(e) => return fail(e.to_string()),
            };
            match end_of_day(day, zone) {
                Some(at) => at,
                None => return fail(format!("{day} has no end in {}", zone.name())),
            }
        }
    };
    // Today's date means as it is now; a later day has not happened.
    let now = wall;
    let at = if is_day && at > now && at - now < chrono::Duration::days(1) {
        now
    } else {
        at
    };
    if at > now {
        return fail("that is in the future: the register as of now is the one open".into());
    }
    Ok(Effect::ViewAsOf {
        at: Some(at),
        label: typed,
    })
}

/// The register as of an earlier moment, or as it is again.
pub fn viewing(
    state: &mut State,
    at: Option<chrono::DateTime<chrono::Utc>>,
    label: String,
) -> Vec<Effect> {
    state.modal = None;
    match at {
        Some(at) => {
            state.now = at;
            state.today = crate::platform::clock::date_in(at, &state.time_zone());
            state.as_of = Some((at, label.clone()));
            state.info(format!(
                "The register as of {label}, from its journal: read-only; @ and an empty field return to now"
            ));
        }
        None => {
            state.as_of = None;
            state.info("Back to the register as it is");
            // The run loop's next tick brings the clock back to now.
        }
    }
    super::exchange::reload_everything(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Noon in Oslo on Monday 7 December 2026.
    fn wall() -> DateTime<Utc> {
        "2026-12-07T11:00:00Z".parse().unwrap()
    }

    fn viewed(typed: &str) -> Result<DateTime<Utc>, String> {
        let mut form = Form::new(
            "As of",
            vec![FormField::line("as_of", "As of", false, "", "")],
        );
        form.set_value("as_of", typed);
        match view_effect(&form, &chrono_tz::Europe::Oslo, wall()) {
            Ok(Effect::ViewAsOf { at: Some(at), .. }) => Ok(at),
            Ok(other) => panic!("{typed}: {other:?}"),
            Err(errors) => Err(errors.get("as_of").unwrap_or_default().to_string()),
        }
    }

    #[test]
    fn a_day_or_a_time_is_taken_as_people_type_it() {
        let end_of_sunday: DateTime<Utc> = "2026-12-06T22:59:59Z".parse().unwrap();
        for day in ["yesterday", "6.12", "6.12.2026", "2026-12-06", "-1d"] {
            let at = viewed(day).unwrap();
            assert!(
                at >= end_of_sunday && at < end_of_sunday + chrono::Duration::seconds(1),
                "{day}: {at}"
            );
        }
        let at = |t: &str| t.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(viewed("yesterday 14:00"), Ok(at("2026-12-06T13:00:00Z")));
        assert_eq!(viewed("9:30"), Ok(at("2026-12-07T08:30:00Z")));
        assert_eq!(
            viewed("2026-12-01T09:00+01:00"),
            Ok(at("2026-12-01T08:00:00Z"))
        );
        // Today is as it is now.
        assert_eq!(viewed("today"), Ok(wall()));
        assert!(viewed("tomorrow").unwrap_err().contains("future"));
        assert!(viewed("last week").is_err());
    }
}
