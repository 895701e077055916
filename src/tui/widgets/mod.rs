//! Reusable pieces of the screen.

pub mod choices;
pub mod confirm;
pub mod details;
pub mod dialog;
pub mod form;
pub mod help;
pub mod list_window;
pub mod palette;
pub mod pick;
pub mod progress;
pub mod report;
pub mod status_bar;
pub mod tabs;
pub mod text;
pub mod text_box;
