//! The support procedure: the inactivity clock's facts, commitments and tickets.

use uuid::Uuid;

use crate::policy::inactivity::Silence;
use crate::protocol::{Commitment, Customer, FollowUpChannel, Party, PreferredContact, Ticket};
use crate::server::store::StoreResult;
use crate::server::store::cells::Cells;

/// `?1` chat, `?2` when: the statement that notes an author's last message, if any is kept.
pub fn note_last_message(author: Party) -> Option<&'static str> {
    match author {
        Party::Customer => Some("UPDATE chats SET last_customer_ms = ?2 WHERE id = ?1"),
        Party::Agent => Some("UPDATE chats SET last_agent_ms = ?2 WHERE id = ?1"),
        Party::System => None,
    }
}

pub const ACTIVE_SILENCES: &str = "SELECT id, hold_since_ms, last_agent_ms, last_customer_ms, \
     nudged_ms FROM chats WHERE state = 'active'";

pub fn silence_from(row: &impl Cells) -> StoreResult<(Uuid, Silence)> {
    Ok((
        row.id(0)?,
        Silence {
            active: true,
            on_hold: row.opt_int(1)?.is_some(),
            last_agent_ms: row.opt_int(2)?,
            last_customer_ms: row.opt_int(3)?,
            nudged_ms: row.opt_int(4)?,
        },
    ))
}

pub const DELETE_COMMITMENT: &str = "DELETE FROM commitments WHERE chat_id = ?1";

/// id, chat, agent, due, channel, note, created, done.
pub const SET_COMMITMENT: &str = "INSERT INTO commitments \
     (id, chat_id, agent_id, due_ms, channel, note, created_ms, done_ms) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
     ON CONFLICT (chat_id) DO UPDATE SET agent_id = excluded.agent_id, \
     due_ms = excluded.due_ms, channel = excluded.channel, note = excluded.note";

pub const DELETE_TICKET: &str = "DELETE FROM tickets WHERE chat_id = ?1";

/// id, chat, agent, subject, contact, note, created.
pub const SET_TICKET: &str = "INSERT INTO tickets \
     (id, chat_id, agent_id, subject, contact, note, created_ms) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
     ON CONFLICT (chat_id) DO UPDATE SET agent_id = excluded.agent_id, \
     subject = excluded.subject, contact = excluded.contact, note = excluded.note";

macro_rules! commitment_select {
    () => {
        "SELECT m.id, m.chat_id, m.agent_id, c.customer_name, c.customer_email, c.client_id, \
         m.due_ms, m.channel, m.note, m.created_ms, m.done_ms \
         FROM commitments m JOIN chats c ON c.id = m.chat_id"
    };
}

macro_rules! ticket_select {
    () => {
        "SELECT t.id, t.chat_id, t.agent_id, c.customer_name, c.customer_email, c.client_id, \
         t.subject, t.contact, t.note, t.created_ms FROM tickets t JOIN chats c ON c.id = t.chat_id"
    };
}

pub const TICKET_OF_CHAT: &str = concat!(ticket_select!(), " WHERE t.chat_id = ?1");

pub const COMMITMENT: &str = concat!(commitment_select!(), " WHERE m.id = ?1");

pub const SET_COMMITMENT_DONE: &str =
    "UPDATE commitments SET done_ms = ?2 WHERE id = ?1 AND done_ms IS NULL";

pub const OPEN_COMMITMENTS: &str = concat!(
    commitment_select!(),
    " WHERE m.agent_id = ?1 AND m.done_ms IS NULL ORDER BY m.due_ms, m.id"
);

/// `?1` agent, `?2` limit.
pub const RECENT_TICKETS: &str = concat!(
    ticket_select!(),
    " WHERE t.agent_id = ?1 ORDER BY t.created_ms DESC, t.id DESC LIMIT ?2"
);

pub fn channel_str(channel: FollowUpChannel) -> &'static str {
    match channel {
        FollowUpChannel::Call => "call",
        FollowUpChannel::Email => "email",
    }
}

fn channel(text: &str) -> Option<FollowUpChannel> {
    match text {
        "call" => Some(FollowUpChannel::Call),
        "email" => Some(FollowUpChannel::Email),
        _ => None,
    }
}

pub fn contact_str(contact: PreferredContact) -> &'static str {
    match contact {
        PreferredContact::CallBack => "call_back",
        PreferredContact::Email => "email",
    }
}

fn contact(text: &str) -> Option<PreferredContact> {
    match text {
        "call_back" => Some(PreferredContact::CallBack),
        "email" => Some(PreferredContact::Email),
        _ => None,
    }
}

fn customer_at(row: &impl Cells, first: usize) -> StoreResult<Customer> {
    Ok(Customer {
        name: row.text(first)?,
        email: row.text(first + 1)?,
        client_id: row.opt_text(first + 2)?,
    })
}

pub fn commitment_from(row: &impl Cells) -> StoreResult<Commitment> {
    Ok(Commitment {
        id: row.id(0)?,
        chat_id: row.id(1)?,
        agent_id: row.id(2)?,
        customer: customer_at(row, 3)?,
        due_at: row.moment(6)?,
        channel: row.named(7, "channel", channel)?,
        note: row.text(8)?,
        created_at: row.moment(9)?,
        done_at: row.opt_moment(10)?,
    })
}

pub fn ticket_from(row: &impl Cells) -> StoreResult<Ticket> {
    Ok(Ticket {
        id: row.id(0)?,
        chat_id: row.id(1)?,
        agent_id: row.id(2)?,
        customer: customer_at(row, 3)?,
        subject: row.text(6)?,
        contact: row.named(7, "contact", contact)?,
        note: row.opt_text(8)?,
        created_at: row.moment(9)?,
    })
}
