//! The GDPR model and its rules: plain types and pure functions. No I/O, no SQL,
//! no clock (the current time is always a parameter).

pub mod activity;
pub mod activity_form;
pub mod activity_templates;
pub mod authorities;
pub mod breach;
pub mod breach_clock;
pub mod catalogue;
pub mod code_enum;
pub mod country;
pub mod deadline;
pub mod dpa;
pub mod draft;
pub mod findings;
pub mod holidays;
pub mod jurisdiction;
pub mod letter;
pub mod org_number;
pub mod organisation;
pub mod processor;
pub mod request;
pub mod text;
pub mod transfer;
pub mod typed_date;
pub mod urgency;
pub mod validation;
