//! dpo-workbench: GDPR registers for Data Protection Officers, one SQLite file
//! per organisation, kept from a terminal workbench or the command line.

pub mod check;
pub mod cli;
pub mod clock;
pub mod document;
pub mod domain;
pub mod exchange;
pub mod hex;
pub mod passphrase;
pub mod portfolio;
pub mod private_file;
pub mod recent;
pub mod record;
pub mod signing;
pub mod store;
pub mod tui;
