//! The letters drafted from the register (`letters`): written by the store
//! as letters are produced, exported and read back as they are.

use super::Field;
use crate::store::{LetterAbout, LetterRow};

pub struct LetterRecordKind;

fn about_request(l: &LetterRow) -> String {
    match l.about {
        LetterAbout::Request(id) => id.to_string(),
        LetterAbout::Breach(_) => String::new(),
    }
}

fn about_breach(l: &LetterRow) -> String {
    match l.about {
        LetterAbout::Breach(id) => id.to_string(),
        LetterAbout::Request(_) => String::new(),
    }
}

const FIELDS: &[Field<(), LetterRow>] = &[
    crate::export_only!(
        "request_id",
        "The request the letter answers (requests.csv), or empty",
        about_request
    ),
    crate::export_only!(
        "breach_id",
        "The breach the letter concerns (breaches.csv), or empty",
        about_breach
    ),
    crate::export_only!(
        "kind",
        "acknowledgement, identity, extension, refusal, answer, authority, subjects or controller",
        |l| l.kind.clone()
    ),
    crate::export_only!("lang", "nb, sv or en", |l| l.lang.clone()),
    crate::export_only!("produced_at", "When it was drafted, RFC 3339 UTC", |l| l
        .produced_at
        .clone()),
    crate::export_only!(
        "produced_to",
        "Where it went: a file's name, clipboard or standard output (never its text)",
        |l| l.produced_to.clone()
    ),
];

crate::record_kind! {
    LetterRecordKind: (), LetterRow; table "letters", one "letter",
    fields FIELDS
}
