//! One file per screen: its part of `update` and its drawing.

pub mod activities;
pub mod agreement_form;
pub mod as_of;
pub mod breaches;
pub mod dashboard;
pub mod exchange;
pub mod history;
pub mod letters;
pub mod list_screen;
pub mod notice_form;
pub mod organisation;
pub mod policy_draft;
pub mod processor_agreements;
pub mod processor_records;
pub mod processors;
pub mod record_writes;
pub mod requests;
pub mod suggest;
pub mod switcher;
pub mod transfer_form;
pub mod undo;
pub mod welcome;
