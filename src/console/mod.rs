//! The agent's console: state and `update` (pure), drawing (pure), and the loop that connects
//! them to the terminal and the backend.

pub mod action;
pub mod app;
pub mod chat;
pub mod config;
pub mod drafts;
pub mod keymap;
pub mod picker;
pub mod run;
pub mod ui;
pub mod wrap;
