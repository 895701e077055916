//! dpo-workbench: GDPR registers for Data Protection Officers, one SQLite file
//! per organisation, kept from a terminal workbench or the command line.

pub mod cli;
pub mod domain;
pub mod exchange;
pub mod platform;
pub mod record;
pub mod services;
pub mod store;
#[cfg(test)]
mod testing;
pub mod tui;
