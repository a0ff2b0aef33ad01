//! Command-line subcommands other than the console and the server.

pub mod agents;
pub mod backup;
pub mod check;
pub mod console;
pub mod exit;
pub mod report;
pub mod serve;
