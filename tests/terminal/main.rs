//! The real binary as a person runs it: the console and the lead's monitor in tmux, the demo, and the command line's other commands.
//! One test binary for them all: each links the whole library, and on two cores the
//! links, not the tests, took most of the time.

#[path = "../common/mod.rs"]
mod common;

mod agent_tmux;
mod command_line;
mod console_tmux;
mod demo_lead_tmux;
mod lead_tmux;
mod missed_review_tmux;
mod procedure_tmux;
