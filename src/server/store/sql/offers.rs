//! Offers, and when the queue's cool-downs run from.

use super::offer_columns;

pub const BY_ID: &str = concat!("SELECT ", offer_columns!(), " FROM offers WHERE id = ?1");

pub const PENDING: &str = concat!(
    "SELECT ",
    offer_columns!(),
    " FROM offers WHERE state = 'pending' ORDER BY expires_ms"
);

pub const FOR_CHAT: &str = concat!(
    "SELECT ",
    offer_columns!(),
    " FROM offers WHERE chat_id = ?1 ORDER BY created_ms, id"
);

/// Bound with an offer's columns in order.
pub const INSERT: &str = concat!(
    "INSERT INTO offers (",
    offer_columns!(),
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
);

/// Bound with an offer's columns in order.
pub const UPDATE: &str = "UPDATE offers SET chat_id = ?2, agent_id = ?3, state = ?4, \
     created_ms = ?5, expires_ms = ?6, ended_ms = ?7, transfer_from = ?8, transfer_note = ?9, \
     transfer_notice = ?10 WHERE id = ?1";

pub const NEXT_EXPIRY: &str = "SELECT MIN(expires_ms) FROM offers WHERE state = 'pending'";

/// `?1`: since when.
pub const EARLIEST_REFUSAL_SINCE: &str = "SELECT MIN(at) FROM ( \
       SELECT o.ended_ms AS at FROM offers o JOIN chats c ON c.id = o.chat_id \
       WHERE c.state = 'queued' AND o.state IN ('declined', 'expired') AND o.ended_ms > ?1 \
       UNION ALL \
       SELECT transferred_ms FROM chats WHERE state = 'queued' AND transferred_ms > ?1) \
     AS refusals";
