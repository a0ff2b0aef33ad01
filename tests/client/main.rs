//! The console's client against a real backend: signing in, typed calls, the event feed across
//! outages, and the outbox.

mod calls;
#[path = "../common/mod.rs"]
mod common;
mod feed;
mod outbox;
