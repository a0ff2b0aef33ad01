//! The one order of events, read back per stream.
//!
//! A `message.created` event does not copy its message: the row keeps the message's key
//! (`message_sender`, `message_client_id`) and the message is read back from its own row when
//! the event is replayed.

use super::event_columns;

/// The event's columns, then its message's when it refers to one (`e` and `m`).
macro_rules! replay_columns {
    () => {
        "e.seq, e.chat_id, e.to_customer, e.to_agent, e.to_queue, e.kind, e.json, e.to_leads, \
         m.id, m.chat_id, m.seq, m.author, m.author_name, m.body, m.client_msg_id, m.at_ms"
    };
}

macro_rules! replay_from {
    () => {
        "events e LEFT JOIN messages m ON e.message_sender IS NOT NULL \
         AND m.chat_id = e.chat_id AND m.sender = e.message_sender \
         AND m.client_msg_id = e.message_client_id"
    };
}

/// Where the columns of the message an event refers to start in a replayed row.
pub const REPLAY_MESSAGE_AT: usize = 8;

/// A customer's stream (`?1` chat, `?2` after, `?3` limit): the chat's other events from the
/// customer's index, its messages from the messages themselves, joined to their events for the
/// audience (a message event has no entry in that index: one index entry fewer written per
/// message). A chat's messages are one range of their table; the range is read whole and
/// filtered by `seq`, which stays cheap at the length of a conversation.
pub const CUSTOMER_REPLAY: &str = concat!(
    "SELECT ",
    replay_columns!(),
    " FROM ",
    replay_from!(),
    " WHERE e.chat_id = ?1 AND e.to_customer = 1 AND e.message_sender IS NULL AND e.seq > ?2 \
     UNION ALL SELECT ",
    replay_columns!(),
    " FROM messages m JOIN events e ON e.seq = m.seq \
     AND e.chat_id = m.chat_id AND e.message_sender = m.sender \
     AND e.message_client_id = m.client_msg_id \
     WHERE m.chat_id = ?1 AND m.seq > ?2 AND e.to_customer = 1 \
     ORDER BY 1 LIMIT ?3"
);

/// An agent's (or lead's) stream: `?1` agent, `?2` after, `?3` the queues they serve, `?4`
/// limit. `queue_listed` is the dialect's test that `e.to_queue` is one of the queues bound
/// to `?3`; with `lead`, what is addressed to every lead is carried too.
pub fn agent_replay(queue_listed: &str, lead: bool) -> String {
    let to_leads = if lead { "OR e.to_leads = 1" } else { "" };
    format!(
        "SELECT {} FROM {} WHERE e.seq > ?2 AND (e.to_agent = ?1 OR {queue_listed} {to_leads}) \
         ORDER BY e.seq LIMIT ?4",
        replay_columns!(),
        replay_from!(),
    )
}

/// Appends one event: its columns, then its message's key.
pub const APPEND: &str = concat!(
    "INSERT INTO events (",
    event_columns!(),
    ", message_sender, message_client_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
);

pub const LAST_ID: &str = "SELECT COALESCE(MAX(seq), 0) FROM events";

pub const NEXT_ID: &str = "SELECT COALESCE(MAX(seq), 0) + 1 FROM events";

/// Every event after `?1`, up to `?2` of them, in order: what a node hands its own streams of
/// what any node committed.
pub const ALL_AFTER: &str = concat!(
    "SELECT ",
    replay_columns!(),
    " FROM ",
    replay_from!(),
    " WHERE e.seq > ?1 ORDER BY e.seq LIMIT ?2"
);
