//! Command-line subcommands other than the console and the server.

pub mod agents;
pub mod exit;
pub mod report;
