//! What a row is written with and what its names mean, in either dialect: the values bound to
//! the statements of [`super::sql`] (in the order of its column lists, every one a masked
//! [`Column`]), and the fixed names of states stored as text.

use crate::policy::cards::{Masked, mask, mask_json};
use crate::protocol::{ChatState, Message, OfferEnd, Party};
use crate::server::store::columns::Column;
use crate::server::store::{AgentRow, ChatRow, OfferRow, OfferState};

/// A JSON array of text (check ids, tags), masked.
pub fn texts_json(texts: &[String]) -> Masked {
    // A list of strings always makes JSON.
    mask_json(texts).expect("a list of text serialises")
}

/// `text` masked, when there is one.
pub fn masked(text: &Option<String>) -> Option<Masked> {
    text.as_deref().map(mask)
}

pub fn chat_state(text: &str) -> Option<ChatState> {
    match text {
        "queued" => Some(ChatState::Queued),
        "active" => Some(ChatState::Active),
        "ended" => Some(ChatState::Ended),
        _ => None,
    }
}

pub fn chat_state_str(state: ChatState) -> &'static str {
    match state {
        ChatState::Queued => "queued",
        ChatState::Active => "active",
        ChatState::Ended => "ended",
    }
}

pub fn offer_state_str(state: OfferState) -> &'static str {
    match state {
        OfferState::Pending => "pending",
        OfferState::Ended(end) => end.as_str(),
    }
}

pub fn offer_state(text: &str) -> Option<OfferState> {
    if text == "pending" {
        Some(OfferState::Pending)
    } else {
        OfferEnd::parse(text).map(OfferState::Ended)
    }
}

/// A chat's values in the order of `sql::chat_columns!`.
pub fn chat_values(c: &ChatRow) -> [Column<'_>; 25] {
    [
        c.id.into(),
        (&c.token_hash).into(),
        mask(&c.queue).into(),
        chat_state_str(c.state).into(),
        mask(&c.customer_name).into(),
        mask(&c.customer_email).into(),
        masked(&c.client_id).into(),
        c.agent_id.into(),
        c.created_ms.into(),
        c.queued_ms.into(),
        c.accepted_ms.into(),
        c.ended_ms.into(),
        c.ended_by.map(Party::as_str).into(),
        masked(&c.transfer_note).into(),
        masked(&c.disposition_code).into(),
        masked(&c.disposition_notes).into(),
        c.transferred_from.into(),
        c.transferred_ms.into(),
        texts_json(&c.verification).into(),
        c.verified_ms.into(),
        c.hold_since_ms.into(),
        c.nudged_ms.into(),
        c.last_agent_ms.into(),
        c.last_customer_ms.into(),
        texts_json(&c.disposition_tags).into(),
    ]
}

/// An agent's values in the order of `sql::agent_columns!`.
pub fn agent_values(a: &AgentRow) -> [Column<'_>; 10] {
    [
        a.id.into(),
        mask(&a.name).into(),
        mask(&a.display_name).into(),
        a.role.as_str().into(),
        mask(&a.queues.join(",")).into(),
        (&a.token_hash).into(),
        a.presence.as_str().into(),
        a.presence_ms.into(),
        a.idle_since_ms.into(),
        a.created_ms.into(),
    ]
}

/// An offer's values in the order of `sql::offer_columns!`.
pub fn offer_values(o: &OfferRow) -> [Column<'_>; 9] {
    [
        o.id.into(),
        o.chat_id.into(),
        o.agent_id.into(),
        offer_state_str(o.state).into(),
        o.created_ms.into(),
        o.expires_ms.into(),
        o.ended_ms.into(),
        o.transfer.as_ref().map(|t| t.from).into(),
        o.transfer.as_ref().map(|t| mask(&t.note)).into(),
    ]
}

/// The key a message is stored under besides its chat: who sent it ('customer', 'system' or
/// the agent's id) and its client id (its own id when the backend wrote it).
pub struct MessageKey {
    pub sender: Masked,
    pub client_id: Masked,
}

impl MessageKey {
    pub fn of(m: &Message, sender: &str) -> MessageKey {
        MessageKey {
            sender: mask(sender),
            client_id: mask(m.client_msg_id.as_deref().unwrap_or(&m.id.to_string())),
        }
    }
}

/// A message's values in the order of `sql::message_columns!`, then its sender.
pub fn message_values<'a>(m: &Message, key: &MessageKey) -> [Column<'a>; 9] {
    [
        m.id.into(),
        m.chat_id.into(),
        m.seq.into(),
        m.author.as_str().into(),
        mask(&m.author_name).into(),
        mask(&m.body).into(),
        key.client_id.clone().into(),
        m.at.as_millisecond().into(),
        key.sender.clone().into(),
    ]
}
