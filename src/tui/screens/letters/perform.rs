//! The letters' effects against the register: read what the form offers,
//! draft, write a file next to the register or record a copy, and the
//! controller told.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::domain::letter::{Lang, LetterKind};
use crate::exchange::letters::{self, Letter, LetterOrder};
use crate::store::{LetterAbout, Register, StoreError};
use crate::tui::action::{Action, LetterAction};
use crate::tui::effect::LetterEffect;
use crate::tui::state::LetterView;

pub fn perform(register: &mut Register, effect: LetterEffect, now: DateTime<Utc>) -> Action {
    let result = match effect {
        LetterEffect::Prepare { about, label } => prepare(register, about, label),
        LetterEffect::Draft {
            about,
            order,
            label,
        } => draft(register, about, order, label, now),
        LetterEffect::Write {
            about,
            order,
            letter,
        } => write(register, about, &order, &letter),
        LetterEffect::Copy {
            about,
            order,
            letter,
        } => register
            .record_letter(about, order.kind.code(), order.lang.code(), "clipboard")
            .map(|_| {
                Action::Letters(LetterAction::Copied {
                    text: letter.text,
                    gaps: letter.gaps.len(),
                })
            })
            .map_err(|e| e.to_string()),
        LetterEffect::ControllerTold { id } => controller_told(register, id, now),
    };
    result.unwrap_or_else(|message| Action::Failed {
        message,
        fields: None,
    })
}

fn prepare(register: &Register, about: LetterAbout, label: String) -> Result<Action, String> {
    let text = |e: StoreError| e.to_string();
    let lang = Lang::of_jurisdiction(register.organisation().map_err(text)?.jurisdiction);
    let (kind, subjects) = match about {
        LetterAbout::Request(_) => (
            LetterKind::Acknowledgement,
            letters::subject_choices(register).map_err(text)?,
        ),
        LetterAbout::Breach(id) => {
            let ours = register
                .breach(id)
                .map_err(text)?
                .is_none_or(|row| !row.breach.as_processor());
            let kind = if ours {
                LetterKind::Authority
            } else {
                LetterKind::Controller
            };
            (kind, Vec::new())
        }
    };
    Ok(Action::Letters(LetterAction::Prepared {
        about,
        label,
        lang,
        kind,
        subjects,
    }))
}

fn draft(
    register: &Register,
    about: LetterAbout,
    order: LetterOrder,
    label: String,
    now: DateTime<Utc>,
) -> Result<Action, String> {
    let folder = letters::templates::override_folder();
    let letter = letters::draft(register, about, &order, now, folder.as_deref())
        .map_err(|e| e.to_string())?;
    Ok(Action::Letters(LetterAction::Drafted(Box::new(
        LetterView {
            about,
            order,
            letter,
            label,
            scroll: 0,
        },
    ))))
}

/// The letter in a new file beside the register (`name`, else `name-2`…),
/// then recorded; an existing file is never replaced.
fn write(
    register: &mut Register,
    about: LetterAbout,
    order: &LetterOrder,
    letter: &Letter,
) -> Result<Action, String> {
    let path = free_name(&register.folder(), &letter.file_name);
    crate::exchange::export::write_text_file(&path, false, &letter.text)
        .map_err(|e| e.to_string())?;
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    register
        .record_letter(about, order.kind.code(), order.lang.code(), &file)
        .map_err(|e| e.to_string())?;
    Ok(Action::Letters(LetterAction::Written {
        file,
        gaps: letter.gaps.len(),
    }))
}

/// `name` in `folder`, or the first `stem-N.ext` not there yet.
fn free_name(folder: &Path, name: &str) -> PathBuf {
    let first = folder.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| folder.join(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

fn controller_told(register: &mut Register, id: i64, now: DateTime<Utc>) -> Result<Action, String> {
    letters::record_controller_told(register, id, now).map_err(|e| e.to_string())?;
    Ok(Action::Letters(LetterAction::ControllerTold { id }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_never_replaces_a_file_of_the_same_name() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(free_name(dir.path(), "a-b.txt"), dir.path().join("a-b.txt"));
        std::fs::write(dir.path().join("a-b.txt"), "x").unwrap();
        std::fs::write(dir.path().join("a-b-2.txt"), "x").unwrap();
        assert_eq!(
            free_name(dir.path(), "a-b.txt"),
            dir.path().join("a-b-3.txt")
        );
    }
}
