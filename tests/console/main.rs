//! The console without a terminal: `update` as a pure function, and the screens it draws,
//! rendered into ratatui's TestBackend.

mod fixture;
mod help;
mod hold;
mod inactivity;
mod key_hints;
mod key_names;
mod keymap;
mod lead;
mod long_shift;
mod monitor;
mod notices;
mod picker;
mod procedure;
mod procedure_screens;
mod review;
mod review_filter;
mod rooms;
mod screens;
mod scrolling;
mod sending;
mod shared_rules;
mod small_terminals;
mod themes;
mod ticket;
mod transfer;
mod update;
mod wrap_up;
mod wrap_up_restart;
