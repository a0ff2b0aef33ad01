//! Chats and their messages.

use super::{chat_columns, message_columns};

/// The chat `c` has no message from an agent.
macro_rules! no_agent_wrote {
    () => {
        "NOT EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = c.id AND m.author = 'agent')"
    };
}

pub const BY_ID: &str = concat!("SELECT ", chat_columns!(), " FROM chats WHERE id = ?1");

pub const ID_BY_TOKEN: &str = "SELECT id FROM chats WHERE token_hash = ?1";

/// Bound with a chat's columns in order.
pub const INSERT: &str = concat!(
    "INSERT INTO chats (",
    chat_columns!(),
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
     ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)"
);

/// Bound with a chat's columns in order.
pub const UPDATE: &str = "UPDATE chats SET token_hash = ?2, queue = ?3, state = ?4, \
     customer_name = ?5, customer_email = ?6, client_id = ?7, agent_id = ?8, created_ms = ?9, \
     queued_ms = ?10, accepted_ms = ?11, ended_ms = ?12, ended_by = ?13, transfer_note = ?14, \
     disposition_code = ?15, disposition_notes = ?16, transferred_from = ?17, \
     transferred_ms = ?18, verification = ?19, verified_ms = ?20, hold_since_ms = ?21, \
     nudged_ms = ?22, last_agent_ms = ?23, last_customer_ms = ?24, \
     disposition_tags = ?25 WHERE id = ?1";

/// `?1`: the queue, or NULL for every queue (compared first: PostgreSQL takes the
/// parameter's type from its first use).
pub const QUEUED: &str = concat!(
    "SELECT ",
    chat_columns!(),
    " FROM chats WHERE state = 'queued' AND (queue = ?1 OR ?1 IS NULL) ORDER BY queued_ms, id"
);

pub const QUEUE_LINE: &str =
    "SELECT id FROM chats WHERE state = 'queued' AND queue = ?1 ORDER BY queued_ms, id";

/// `?1` queue, `?2` queued_ms, `?3` id.
pub const WAITING_AHEAD: &str = "SELECT COUNT(*) FROM chats WHERE state = 'queued' \
     AND queue = ?1 AND (queued_ms < ?2 OR (queued_ms = ?2 AND id < ?3))";

pub const UNANSWERED_QUEUED: &str = concat!(
    "SELECT ",
    chat_columns!(),
    " FROM chats c WHERE state = 'queued' AND created_ms <= ?1 AND ",
    no_agent_wrote!(),
    " ORDER BY created_ms, id"
);

pub const FIRST_UNANSWERED_QUEUED: &str = concat!(
    "SELECT MIN(created_ms) FROM chats c WHERE state = 'queued' AND ",
    no_agent_wrote!()
);

pub const OF_AGENT: &str = concat!(
    "SELECT ",
    chat_columns!(),
    " FROM chats WHERE agent_id = ?1 AND \
     (state = 'active' OR (state = 'ended' AND disposition_code IS NULL)) \
     ORDER BY COALESCE(accepted_ms, created_ms), id"
);

pub const ACTIVE_COUNTS: &str =
    "SELECT agent_id, COUNT(*) FROM chats WHERE state = 'active' GROUP BY agent_id";

pub const MESSAGES: &str = concat!(
    "SELECT ",
    message_columns!(),
    " FROM messages WHERE chat_id = ?1 ORDER BY seq"
);

/// `?1` chat, `?2` sender, `?3` client message id.
pub const MESSAGE_BY_CLIENT_ID: &str = concat!(
    "SELECT ",
    message_columns!(),
    " FROM messages WHERE chat_id = ?1 AND sender = ?2 AND client_msg_id = ?3"
);

/// `?1` chat, `?2` sender, `?3` since.
pub const MESSAGES_FROM_SINCE: &str = concat!(
    "SELECT ",
    message_columns!(),
    " FROM messages WHERE chat_id = ?1 AND sender = ?2 AND at_ms >= ?3 ORDER BY seq"
);

pub const AGENT_WROTE: &str =
    "SELECT 1 FROM messages WHERE chat_id = ?1 AND author = 'agent' LIMIT 1";

/// Bound with a message's columns in order, then its sender.
pub const INSERT_MESSAGE: &str = concat!(
    "INSERT INTO messages (",
    message_columns!(),
    ", sender) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
);
