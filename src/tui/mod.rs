//! The terminal workbench: state + actions + a pure update + a pure render, and
//! one run loop that touches the terminal and the store.

pub mod action;
pub mod app;
pub mod background;
pub mod effect;
pub mod job;
pub mod keymap;
pub mod layout;
pub mod render;
pub mod screens;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod widgets;

pub use app::run;
