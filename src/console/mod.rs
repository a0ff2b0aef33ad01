//! The agent's console: state and `update` (pure), drawing (pure), and the loop that connects
//! them to the terminal and the backend.

pub mod action;
pub mod app;
pub mod chat;
pub mod config;
pub mod draft_spelling;
pub mod drafts;
pub mod folding;
pub mod history;
pub mod keymap;
pub mod log;
pub mod monitor;
pub mod perform;
pub mod prompts;
pub mod rooms;
pub mod run;
pub mod scrollback;
pub mod theme;
pub mod ui;
pub mod wrap;
