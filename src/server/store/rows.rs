//! Chats, agents, offers, messages and events as rows, in either dialect: the values bound to
//! the statements of [`super::sql`] (in the order of its column lists, every one a masked
//! [`Column`]), the fixed names of states stored as text, and the functions that read the rows
//! back (through [`Cells`], for both stores).

use uuid::Uuid;

use crate::policy::cards::{Masked, identifier, mask, mask_json};
use crate::protocol::{ChatState, Message, OfferEnd, Party, Presence, Role};
use crate::server::store::cells::{Cells, unexpected};
use crate::server::store::columns::Column;
use crate::server::store::{
    AgentRow, Audience, ChatRow, EventRecord, OfferRow, OfferState, StoreResult, TokenHash,
    TransferAsk,
};

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
pub fn offer_values(o: &OfferRow) -> [Column<'_>; 10] {
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
        o.transfer
            .as_ref()
            .and_then(|t| t.notice.as_deref())
            .map(mask)
            .into(),
    ]
}

/// The key a message is stored under besides its chat: who sent it ('customer', 'system' or
/// the agent's id) and its client id (its own id when the backend wrote it).
pub struct MessageKey {
    pub sender: Masked,
    pub client_id: Masked,
}

impl MessageKey {
    /// `sender` is 'customer', 'system' or an agent's id; an id is kept whole (an agent whose
    /// id read as a card number was once stored under a masked id: the `agent_senders` migration).
    pub fn of(m: &Message, sender: &str) -> MessageKey {
        MessageKey {
            sender: match Uuid::try_parse(sender) {
                Ok(agent) => identifier(agent),
                Err(_) => mask(sender),
            },
            client_id: match &m.client_msg_id {
                Some(client_id) => mask(client_id),
                None => identifier(m.id),
            },
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

/// A chat whose columns are `sql::chat_columns!`.
pub fn chat_from(row: &impl Cells) -> StoreResult<ChatRow> {
    let state = row.text(3)?;
    Ok(ChatRow {
        id: row.id(0)?,
        token_hash: TokenHash::stored(row.text(1)?),
        queue: row.text(2)?,
        state: chat_state(&state).ok_or_else(|| unexpected("chat state", &state))?,
        customer_name: row.text(4)?,
        customer_email: row.text(5)?,
        client_id: row.opt_text(6)?,
        agent_id: row.opt_id(7)?,
        created_ms: row.int(8)?,
        queued_ms: row.int(9)?,
        accepted_ms: row.opt_int(10)?,
        ended_ms: row.opt_int(11)?,
        ended_by: row.opt_named(12, "party", Party::parse)?,
        transfer_note: row.opt_text(13)?,
        disposition_code: row.opt_text(14)?,
        disposition_notes: row.opt_text(15)?,
        transferred_from: row.opt_id(16)?,
        transferred_ms: row.opt_int(17)?,
        verification: row.json(18)?,
        verified_ms: row.opt_int(19)?,
        hold_since_ms: row.opt_int(20)?,
        nudged_ms: row.opt_int(21)?,
        last_agent_ms: row.opt_int(22)?,
        last_customer_ms: row.opt_int(23)?,
        disposition_tags: row.json(24)?,
    })
}

/// An agent whose columns are `sql::agent_columns!`.
pub fn agent_from(row: &impl Cells) -> StoreResult<AgentRow> {
    let role = row.text(3)?;
    let queues = row.text(4)?;
    let presence = row.text(6)?;
    Ok(AgentRow {
        id: row.id(0)?,
        name: row.text(1)?,
        display_name: row.text(2)?,
        role: Role::parse(&role).ok_or_else(|| unexpected("role", &role))?,
        queues: queues
            .split(',')
            .filter(|q| !q.is_empty())
            .map(str::to_string)
            .collect(),
        token_hash: TokenHash::stored(row.text(5)?),
        presence: Presence::parse(&presence).ok_or_else(|| unexpected("presence", &presence))?,
        presence_ms: row.int(7)?,
        idle_since_ms: row.int(8)?,
        created_ms: row.int(9)?,
    })
}

/// An offer whose columns are `sql::offer_columns!`.
pub fn offer_from(row: &impl Cells) -> StoreResult<OfferRow> {
    let state = row.text(3)?;
    Ok(OfferRow {
        id: row.id(0)?,
        chat_id: row.id(1)?,
        agent_id: row.id(2)?,
        state: offer_state(&state).ok_or_else(|| unexpected("offer state", &state))?,
        created_ms: row.int(4)?,
        expires_ms: row.int(5)?,
        ended_ms: row.opt_int(6)?,
        transfer: match row.opt_id(7)? {
            Some(from) => Some(TransferAsk {
                from,
                note: row.opt_text(8)?.unwrap_or_default(),
                notice: row.opt_text(9)?,
            }),
            None => None,
        },
    })
}

pub fn message_from(row: &impl Cells) -> StoreResult<Message> {
    message_at(row, 0)
}

/// A message whose `sql::message_columns!` start at column `at`.
pub fn message_at(row: &impl Cells, at: usize) -> StoreResult<Message> {
    Ok(Message {
        id: row.id(at)?,
        chat_id: row.id(at + 1)?,
        seq: row.int(at + 2)?,
        author: row.named(at + 3, "author", Party::parse)?,
        author_name: row.text(at + 4)?,
        body: row.text(at + 5)?,
        client_msg_id: row.opt_text(at + 6)?,
        at: row.moment(at + 7)?,
    })
}

/// An event whose columns are `sql::event_columns!`.
pub fn event_from(row: &impl Cells) -> StoreResult<EventRecord> {
    Ok(EventRecord {
        seq: row.int(0)?,
        chat_id: row.opt_id(1)?,
        audience: Audience {
            customer: row.flag(2)?,
            agent: row.opt_id(3)?,
            queue: row.opt_text(4)?,
            leads: row.flag(7)?,
        },
        kind: row.text(5)?,
        json: row.text(6)?,
    })
}
