//! The rows of escalations and their threads.

use super::columns::columns;
use crate::policy::cards::{mask, mask_json};
use rusqlite::types::Value;
use rusqlite::{Row, params_from_iter};
use uuid::Uuid;

use super::rows::{opt_uuid_at, uuid_at};
use super::tx::SqliteTx;
use crate::protocol::{Escalation, EscalationReply, EscalationState, Role};
use crate::server::store::{EscalationFilter, EscalationStore, StoreResult, timestamp};

/// The escalation with the names of its agent, its customer and the lead who claimed it.
const ESCALATION_SELECT: &str = "SELECT e.id, e.chat_id, e.agent_id, a.display_name, \
     c.customer_name, e.template, e.template_name, e.channel, e.channel_name, e.fields, \
     e.warnings, e.state, e.claimed_by, l.display_name, e.created_ms, e.claimed_ms, \
     e.answered_ms, c.state = 'ended', e.closed_ms, e.closed_by \
     FROM escalations e JOIN chats c ON c.id = e.chat_id JOIN agents a ON a.id = e.agent_id \
     LEFT JOIN agents l ON l.id = e.claimed_by";

fn bad(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unexpected {what} {value:?}").into(),
    )
}

pub fn state_str(state: EscalationState) -> &'static str {
    match state {
        EscalationState::Open => "open",
        EscalationState::Claimed => "claimed",
        EscalationState::Answered => "answered",
    }
}

fn state_from(text: &str) -> Option<EscalationState> {
    [
        EscalationState::Open,
        EscalationState::Claimed,
        EscalationState::Answered,
    ]
    .into_iter()
    .find(|s| state_str(*s) == text)
}

fn json_at<T: serde::de::DeserializeOwned>(row: &Row, i: usize) -> rusqlite::Result<T> {
    let text: String = row.get(i)?;
    serde_json::from_str(&text).map_err(|_| bad("JSON", &text))
}

/// An escalation without its thread (read separately).
fn escalation_from(row: &Row) -> rusqlite::Result<Escalation> {
    let state: String = row.get(11)?;
    Ok(Escalation {
        id: uuid_at(row, 0)?,
        chat_id: uuid_at(row, 1)?,
        agent_id: uuid_at(row, 2)?,
        agent_name: row.get(3)?,
        customer_name: row.get(4)?,
        template: row.get(5)?,
        template_name: row.get(6)?,
        channel: row.get(7)?,
        channel_name: row.get(8)?,
        fields: json_at(row, 9)?,
        warnings: json_at(row, 10)?,
        state: state_from(&state).ok_or_else(|| bad("escalation state", &state))?,
        claimed_by: opt_uuid_at(row, 12)?,
        claimed_by_name: row.get(13)?,
        created_at: timestamp(row.get(14)?),
        claimed_at: row.get::<_, Option<i64>>(15)?.map(timestamp),
        answered_at: row.get::<_, Option<i64>>(16)?.map(timestamp),
        replies: Vec::new(),
        chat_ended: row.get(17)?,
        closed_at: row.get::<_, Option<i64>>(18)?.map(timestamp),
        closed_by: opt_uuid_at(row, 19)?,
    })
}

fn reply_from(row: &Row) -> rusqlite::Result<EscalationReply> {
    let role: String = row.get(2)?;
    Ok(EscalationReply {
        author_id: uuid_at(row, 0)?,
        author_name: row.get(1)?,
        author_role: Role::parse(&role).ok_or_else(|| bad("role", &role))?,
        body: row.get(3)?,
        at: timestamp(row.get(4)?),
    })
}

impl SqliteTx<'_> {
    /// The escalation with its thread read in.
    fn with_thread(&mut self, mut escalation: Escalation) -> StoreResult<Escalation> {
        escalation.replies = self.all(
            "SELECT r.author_id, a.display_name, r.author_role, r.body, r.at_ms \
             FROM escalation_replies r JOIN agents a ON a.id = r.author_id \
             WHERE r.escalation_id = ?1 ORDER BY r.seq",
            [escalation.id.to_string()],
            reply_from,
        )?;
        Ok(escalation)
    }
}

impl EscalationStore for SqliteTx<'_> {
    fn insert_escalation(&mut self, e: &Escalation) -> StoreResult<()> {
        self.write(
            "INSERT INTO escalations (id, chat_id, agent_id, template, template_name, \
             channel, channel_name, fields, warnings, state, claimed_by, created_ms, \
             claimed_ms, answered_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            columns![
                e.id,
                e.chat_id,
                e.agent_id,
                mask(&e.template),
                mask(&e.template_name),
                mask(&e.channel),
                mask(&e.channel_name),
                mask_json(&e.fields)?,
                mask_json(&e.warnings)?,
                state_str(e.state),
                e.claimed_by,
                e.created_at.as_millisecond(),
                e.claimed_at.map(|t| t.as_millisecond()),
                e.answered_at.map(|t| t.as_millisecond()),
            ],
        )?;
        Ok(())
    }

    fn update_escalation(&mut self, e: &Escalation) -> StoreResult<()> {
        self.write(
            "UPDATE escalations SET state = ?2, claimed_by = ?3, claimed_ms = ?4, \
             answered_ms = ?5, closed_ms = ?6, closed_by = ?7 WHERE id = ?1",
            columns![
                e.id,
                state_str(e.state),
                e.claimed_by,
                e.claimed_at.map(|t| t.as_millisecond()),
                e.answered_at.map(|t| t.as_millisecond()),
                e.closed_at.map(|t| t.as_millisecond()),
                e.closed_by,
            ],
        )?;
        Ok(())
    }

    fn escalation(&mut self, id: Uuid) -> StoreResult<Option<Escalation>> {
        let found = self.one(
            &format!("{ESCALATION_SELECT} WHERE e.id = ?1"),
            [id.to_string()],
            escalation_from,
        )?;
        found.map(|e| self.with_thread(e)).transpose()
    }

    fn escalations(&mut self, filter: &EscalationFilter) -> StoreResult<Vec<Escalation>> {
        // Only the conditions given, so each query can use its index.
        let mut conditions: Vec<&str> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        if let Some(chat) = filter.chat {
            conditions.push("e.chat_id = ?");
            values.push(Value::Text(chat.to_string()));
        }
        if let Some(agent) = filter.agent {
            conditions.push("e.agent_id = ?");
            values.push(Value::Text(agent.to_string()));
        }
        if let Some(state) = filter.state {
            conditions.push("e.state = ?");
            values.push(Value::Text(state_str(state).to_string()));
        }
        if let Some(from_ms) = filter.answered_from_ms {
            conditions.push("e.answered_ms >= ?");
            values.push(Value::Integer(from_ms));
        }
        let condition = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let found = self.all(
            &format!("{ESCALATION_SELECT}{condition} ORDER BY e.created_ms, e.id"),
            params_from_iter(&values),
            escalation_from,
        )?;
        found.into_iter().map(|e| self.with_thread(e)).collect()
    }

    fn insert_escalation_reply(
        &mut self,
        escalation: Uuid,
        reply: &EscalationReply,
    ) -> StoreResult<()> {
        self.write(
            "INSERT INTO escalation_replies (escalation_id, author_id, author_role, body, \
             at_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
            columns![
                escalation,
                reply.author_id,
                reply.author_role.as_str(),
                mask(&reply.body),
                reply.at.as_millisecond(),
            ],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
