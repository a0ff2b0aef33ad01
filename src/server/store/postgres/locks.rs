//! The advisory locks the nodes share, in one key space of their own: `(SPACE, what)`.

/// The first half of every key: "chdk" in ASCII, so chatdesk's locks do not meet another
/// application's on a shared database.
const SPACE: i32 = 0x6368_646b;

/// Held while migrating, so that nodes starting at once take turns.
pub const MIGRATION: i32 = 1;
/// Held by every write transaction from its start to its end: the cluster's writes run one at
/// a time, as SQLite's one writer runs them. The engine's rules were written for that (read
/// the agent's chats, then give them one more; read the offer, then accept it), so they hold
/// across nodes unchanged; and event ids, read under the lock, commit in their order (see
/// `events.rs`).
pub const WRITES: i32 = 2;

/// The statement that takes lock `what` until the end of the transaction.
pub fn take(what: i32) -> String {
    format!("SELECT pg_advisory_xact_lock({SPACE}, {what})")
}

/// Held, for as long as its session lasts, by the one node that runs the timers (see
/// `leader.rs`). Released by PostgreSQL when that node's connection ends, however it ends.
pub const TIMERS: i32 = 3;

/// The statement that tries to take lock `what` for the rest of the session, without waiting:
/// one row, `true` when it was granted.
pub fn try_for_session(what: i32) -> String {
    format!("SELECT pg_try_advisory_lock({SPACE}, {what})")
}
