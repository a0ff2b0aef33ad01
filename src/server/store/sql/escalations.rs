//! Escalations and their threads.

use crate::protocol::{Escalation, EscalationReply, EscalationState, Role};
use crate::server::store::cells::Cells;
use crate::server::store::{EscalationFilter, StoreResult};

/// id, chat, agent, template, its name, channel, its name, fields, warnings, state, claimed
/// by, created, claimed, answered.
pub const INSERT: &str = "INSERT INTO escalations (id, chat_id, agent_id, template, \
     template_name, channel, channel_name, fields, warnings, state, claimed_by, created_ms, \
     claimed_ms, answered_ms) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

/// id, state, claimed by, claimed, answered, closed, closed by.
pub const UPDATE: &str = "UPDATE escalations SET state = ?2, claimed_by = ?3, claimed_ms = ?4, \
     answered_ms = ?5, closed_ms = ?6, closed_by = ?7 WHERE id = ?1";

/// escalation, author, role, body, when (the thread's order is the reply's own counter).
pub const INSERT_REPLY: &str = "INSERT INTO escalation_replies (escalation_id, author_id, \
     author_role, body, at_ms) VALUES (?1, ?2, ?3, ?4, ?5)";

pub const THREAD: &str = "SELECT r.author_id, a.display_name, r.author_role, r.body, r.at_ms \
     FROM escalation_replies r JOIN agents a ON a.id = r.author_id \
     WHERE r.escalation_id = ?1 ORDER BY r.seq";

/// The escalation with the names of its agent, its customer and the lead who claimed it.
const SELECT: &str = "SELECT e.id, e.chat_id, e.agent_id, a.display_name, c.customer_name, \
     e.template, e.template_name, e.channel, e.channel_name, e.fields, e.warnings, e.state, \
     e.claimed_by, l.display_name, e.created_ms, e.claimed_ms, e.answered_ms, \
     CASE WHEN c.state = 'ended' THEN 1 ELSE 0 END, e.closed_ms, e.closed_by \
     FROM escalations e JOIN chats c ON c.id = e.chat_id JOIN agents a ON a.id = e.agent_id \
     LEFT JOIN agents l ON l.id = e.claimed_by";

/// A value a listing is filtered by.
pub enum FilterValue {
    Text(String),
    Int(i64),
}

/// The escalation `?1`.
pub fn by_id() -> String {
    format!("{SELECT} WHERE e.id = ?1")
}

/// The listing `filter` asks for, oldest first, and the values of its `?N`: only the
/// conditions given, so that each query can use its index.
pub fn filtered(filter: &EscalationFilter) -> (String, Vec<FilterValue>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut values: Vec<FilterValue> = Vec::new();
    let mut condition = |test: &str, value: FilterValue| {
        values.push(value);
        conditions.push(format!("{test} ?{}", values.len()));
    };
    if let Some(chat) = filter.chat {
        condition("e.chat_id =", FilterValue::Text(chat.to_string()));
    }
    if let Some(agent) = filter.agent {
        condition("e.agent_id =", FilterValue::Text(agent.to_string()));
    }
    if let Some(state) = filter.state {
        condition("e.state =", FilterValue::Text(state_str(state).to_string()));
    }
    if let Some(from_ms) = filter.answered_from_ms {
        condition("e.answered_ms >=", FilterValue::Int(from_ms));
    }
    let condition = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    (
        format!("{SELECT}{condition} ORDER BY e.created_ms, e.id"),
        values,
    )
}

pub fn state_str(state: EscalationState) -> &'static str {
    match state {
        EscalationState::Open => "open",
        EscalationState::Claimed => "claimed",
        EscalationState::Answered => "answered",
    }
}

fn state(text: &str) -> Option<EscalationState> {
    [
        EscalationState::Open,
        EscalationState::Claimed,
        EscalationState::Answered,
    ]
    .into_iter()
    .find(|s| state_str(*s) == text)
}

/// An escalation without its thread (read separately).
pub fn escalation_from(row: &impl Cells) -> StoreResult<Escalation> {
    Ok(Escalation {
        id: row.id(0)?,
        chat_id: row.id(1)?,
        agent_id: row.id(2)?,
        agent_name: row.text(3)?,
        customer_name: row.text(4)?,
        template: row.text(5)?,
        template_name: row.text(6)?,
        channel: row.text(7)?,
        channel_name: row.text(8)?,
        fields: row.json(9)?,
        warnings: row.json(10)?,
        state: row.named(11, "escalation state", state)?,
        claimed_by: row.opt_id(12)?,
        claimed_by_name: row.opt_text(13)?,
        created_at: row.moment(14)?,
        claimed_at: row.opt_moment(15)?,
        answered_at: row.opt_moment(16)?,
        replies: Vec::new(),
        chat_ended: row.flag(17)?,
        closed_at: row.opt_moment(18)?,
        closed_by: row.opt_id(19)?,
    })
}

pub fn reply_from(row: &impl Cells) -> StoreResult<EscalationReply> {
    Ok(EscalationReply {
        author_id: row.id(0)?,
        author_name: row.text(1)?,
        author_role: row.named(2, "role", Role::parse)?,
        body: row.text(3)?,
        at: row.moment(4)?,
    })
}
