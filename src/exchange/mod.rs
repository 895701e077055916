//! CSV in and out of a register: the column list of each table in one place,
//! exports, and the demo register's content (which is CSV too).

pub mod authority_registers;
pub mod bundle;
pub mod columns;
pub mod demo;
mod demo_agreements;
pub mod export;
pub mod import;
pub mod layouts;
pub mod letters;
pub mod profile;
pub mod progress;
mod readers;
pub mod synthetic;
pub mod tables;
pub mod tool_words;
pub mod workbook;

use std::path::PathBuf;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error(
        "unknown table '{name}'{}; the tables are: {known}",
        .near.map_or(String::new(), |n| format!(" (did you mean {n}?)"))
    )]
    UnknownTable {
        name: String,
        near: Option<&'static str>,
        known: String,
    },
    #[error("{file} line {line}: {message}")]
    Row {
        file: String,
        line: u64,
        message: String,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Profile(String),
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The register could not be written (a full disk): SQLite undid the
    /// import's transaction by itself, and the import stopped there.
    #[error("{file} line {line}: {cause}; the import stopped there")]
    Undone {
        file: String,
        line: u64,
        cause: String,
    },
    #[error("stopped before the end; an import then writes nothing")]
    Stopped,
}

impl ExchangeError {
    /// What is wrong with line `line` of `file`.
    pub fn row(file: &str, line: u64, message: impl Into<String>) -> Self {
        ExchangeError::Row {
            file: file.into(),
            line,
            message: message.into(),
        }
    }

    /// `row` for one line: what `map_err` takes for a problem found in it.
    pub fn in_row(file: &str, line: u64) -> impl Fn(String) -> Self + Copy + '_ {
        move |message| ExchangeError::row(file, line, message)
    }
}

impl ExchangeError {
    /// This error, with a read that met binary data told by record and column.
    pub fn naming_binary_values(self, register: &crate::store::Register) -> Self {
        match self {
            ExchangeError::Store(e) => {
                ExchangeError::Store(register.naming_binary_values::<()>(Err(e)).unwrap_err())
            }
            other => other,
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            ExchangeError::Store(e) => e.exit_code(),
            ExchangeError::Undone { .. } => 3,
            _ => 2,
        }
    }
}
