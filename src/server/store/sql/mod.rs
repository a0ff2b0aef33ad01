//! The SQL both stores run. Statements are written once, in the dialect SQLite and PostgreSQL
//! share: `?N` placeholders (PostgreSQL's store turns them into `$N` when it prepares them),
//! `ON CONFLICT … DO NOTHING`, INTEGER flags compared with `= 1`. Where the dialects differ the
//! difference is a named fragment each store supplies ([`events::agent_replay`] takes the test
//! "this queue is one of the listed ones").
//!
//! The column lists are macros so that statements stay `&'static str` built by `concat!`.
//! Beside the statements of a feature are the functions that read their rows, once for both
//! stores, through [`super::cells::Cells`].

pub mod agents;
pub mod chats;
pub mod escalations;
pub mod events;
pub mod lead;
pub mod missed;
pub mod offers;
pub mod procedure;
pub mod review;

/// The columns of a chat, in the order [`crate::server::store::columns`] values are bound.
macro_rules! chat_columns {
    () => {
        "id, token_hash, queue, state, customer_name, customer_email, client_id, agent_id, \
         created_ms, queued_ms, accepted_ms, ended_ms, ended_by, transfer_note, \
         disposition_code, disposition_notes, transferred_from, transferred_ms, verification, \
         verified_ms, hold_since_ms, nudged_ms, last_agent_ms, last_customer_ms, disposition_tags"
    };
}

macro_rules! agent_columns {
    () => {
        "id, name, display_name, role, queues, token_hash, presence, presence_ms, \
         idle_since_ms, created_ms"
    };
}

macro_rules! offer_columns {
    () => {
        "id, chat_id, agent_id, state, created_ms, expires_ms, ended_ms, transfer_from, \
         transfer_note, transfer_notice"
    };
}

macro_rules! message_columns {
    () => {
        "id, chat_id, seq, author, author_name, body, client_msg_id, at_ms"
    };
}

macro_rules! event_columns {
    () => {
        "seq, chat_id, to_customer, to_agent, to_queue, kind, json, to_leads"
    };
}

pub(crate) use {agent_columns, chat_columns, event_columns, message_columns, offer_columns};
