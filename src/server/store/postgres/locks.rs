//! The advisory locks the nodes share, in one key space of their own: `(SPACE, what)`.

/// The first half of every key: "chdk" in ASCII, so chatdesk's locks do not meet another
/// application's on a shared database.
const SPACE: i32 = 0x6368_646b;

/// Held while migrating, so that nodes starting at once take turns.
pub const MIGRATION: i32 = 1;
/// Held by a transaction from the moment it takes an event id until it commits: the one
/// cluster-wide order of events (see `events.rs`).
pub const EVENT_ORDER: i32 = 2;

/// The statement that takes lock `what` until the end of the transaction.
pub fn take(what: i32) -> String {
    format!("SELECT pg_advisory_xact_lock({SPACE}, {what})")
}
