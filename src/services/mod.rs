//! Read-side services the command line and the workbench share: the
//! register's findings (`check`) and the overview of many registers
//! (`portfolio`).

pub mod check;
pub mod portfolio;
