//! chatdesk: a keyboard-first console for live-chat support teams, and its backend.

pub mod assets;
pub mod canned;
pub mod cli;
pub mod client;
pub mod console;
pub mod demo;
pub mod loadtest;
pub mod policy;
pub mod protocol;
pub mod server;
pub mod sim;
pub mod spelling;
pub mod transcript;
