//! The rows of the support procedure: what the inactivity clock counts from, and the
//! commitments and tickets recorded at wrap-up.

use super::columns::columns;
use crate::policy::cards::mask;
use rusqlite::{Row, params};
use uuid::Uuid;

use super::rows::{masked, uuid_at};
use super::tx::SqliteTx;
use crate::policy::inactivity::Silence;
use crate::protocol::{Commitment, Customer, FollowUpChannel, Party, PreferredContact, Ticket};
use crate::server::store::{ProcedureStore, StoreResult, timestamp};

const COMMITMENT_SELECT: &str = "SELECT m.id, m.chat_id, m.agent_id, c.customer_name, \
     c.customer_email, c.client_id, m.due_ms, m.channel, m.note, m.created_ms, m.done_ms \
     FROM commitments m JOIN chats c ON c.id = m.chat_id";

const TICKET_SELECT: &str = "SELECT t.id, t.chat_id, t.agent_id, c.customer_name, \
     c.customer_email, c.client_id, t.subject, t.contact, t.note, t.created_ms \
     FROM tickets t JOIN chats c ON c.id = t.chat_id";

fn bad(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unexpected {what} {value:?}").into(),
    )
}

fn channel_str(channel: FollowUpChannel) -> &'static str {
    match channel {
        FollowUpChannel::Call => "call",
        FollowUpChannel::Email => "email",
    }
}

fn contact_str(contact: PreferredContact) -> &'static str {
    match contact {
        PreferredContact::CallBack => "call_back",
        PreferredContact::Email => "email",
    }
}

fn customer_at(row: &Row, first: usize) -> rusqlite::Result<Customer> {
    Ok(Customer {
        name: row.get(first)?,
        email: row.get(first + 1)?,
        client_id: row.get(first + 2)?,
    })
}

fn commitment_from(row: &Row) -> rusqlite::Result<Commitment> {
    let channel: String = row.get(7)?;
    Ok(Commitment {
        id: uuid_at(row, 0)?,
        chat_id: uuid_at(row, 1)?,
        agent_id: uuid_at(row, 2)?,
        customer: customer_at(row, 3)?,
        due_at: timestamp(row.get(6)?),
        channel: match channel.as_str() {
            "call" => FollowUpChannel::Call,
            "email" => FollowUpChannel::Email,
            _ => return Err(bad("channel", &channel)),
        },
        note: row.get(8)?,
        created_at: timestamp(row.get(9)?),
        done_at: row.get::<_, Option<i64>>(10)?.map(timestamp),
    })
}

fn ticket_from(row: &Row) -> rusqlite::Result<Ticket> {
    let contact: String = row.get(7)?;
    Ok(Ticket {
        id: uuid_at(row, 0)?,
        chat_id: uuid_at(row, 1)?,
        agent_id: uuid_at(row, 2)?,
        customer: customer_at(row, 3)?,
        subject: row.get(6)?,
        contact: match contact.as_str() {
            "call_back" => PreferredContact::CallBack,
            "email" => PreferredContact::Email,
            _ => return Err(bad("contact", &contact)),
        },
        note: row.get(8)?,
        created_at: timestamp(row.get(9)?),
    })
}

impl ProcedureStore for SqliteTx<'_> {
    fn note_last_message(&mut self, chat: Uuid, author: Party, at_ms: i64) -> StoreResult<()> {
        let sql = match author {
            Party::Customer => "UPDATE chats SET last_customer_ms = ?2 WHERE id = ?1",
            Party::Agent => "UPDATE chats SET last_agent_ms = ?2 WHERE id = ?1",
            Party::System => return Ok(()),
        };
        self.write(sql, columns![chat, at_ms])?;
        Ok(())
    }

    fn active_silences(&mut self) -> StoreResult<Vec<(Uuid, Silence)>> {
        self.all(
            "SELECT id, hold_since_ms, last_agent_ms, last_customer_ms, nudged_ms \
             FROM chats WHERE state = 'active'",
            [],
            |r| {
                Ok((
                    uuid_at(r, 0)?,
                    Silence {
                        active: true,
                        on_hold: r.get::<_, Option<i64>>(1)?.is_some(),
                        last_agent_ms: r.get(2)?,
                        last_customer_ms: r.get(3)?,
                        nudged_ms: r.get(4)?,
                    },
                ))
            },
        )
    }

    fn set_chat_commitment(
        &mut self,
        chat: Uuid,
        commitment: Option<&Commitment>,
    ) -> StoreResult<()> {
        let Some(c) = commitment else {
            self.write("DELETE FROM commitments WHERE chat_id = ?1", columns![chat])?;
            return Ok(());
        };
        self.write(
            "INSERT INTO commitments \
             (id, chat_id, agent_id, due_ms, channel, note, created_ms, done_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
             ON CONFLICT (chat_id) DO UPDATE SET agent_id = excluded.agent_id, \
             due_ms = excluded.due_ms, channel = excluded.channel, note = excluded.note",
            columns![
                c.id,
                chat,
                c.agent_id,
                c.due_at.as_millisecond(),
                channel_str(c.channel),
                mask(&c.note),
                c.created_at.as_millisecond(),
                c.done_at.map(|d| d.as_millisecond()),
            ],
        )?;
        Ok(())
    }

    fn set_chat_ticket(&mut self, chat: Uuid, ticket: Option<&Ticket>) -> StoreResult<()> {
        let Some(t) = ticket else {
            self.write("DELETE FROM tickets WHERE chat_id = ?1", columns![chat])?;
            return Ok(());
        };
        self.write(
            "INSERT INTO tickets (id, chat_id, agent_id, subject, contact, note, created_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT (chat_id) DO UPDATE SET agent_id = excluded.agent_id, \
             subject = excluded.subject, contact = excluded.contact, note = excluded.note",
            columns![
                t.id,
                chat,
                t.agent_id,
                mask(&t.subject),
                contact_str(t.contact),
                masked(&t.note),
                t.created_at.as_millisecond(),
            ],
        )?;
        Ok(())
    }

    fn chat_ticket(&mut self, chat: Uuid) -> StoreResult<Option<Ticket>> {
        self.one(
            &format!("{TICKET_SELECT} WHERE t.chat_id = ?1"),
            [chat.to_string()],
            ticket_from,
        )
    }

    fn commitment(&mut self, id: Uuid) -> StoreResult<Option<Commitment>> {
        self.one(
            &format!("{COMMITMENT_SELECT} WHERE m.id = ?1"),
            [id.to_string()],
            commitment_from,
        )
    }

    fn set_commitment_done(&mut self, id: Uuid, at_ms: i64) -> StoreResult<()> {
        self.write(
            "UPDATE commitments SET done_ms = ?2 WHERE id = ?1 AND done_ms IS NULL",
            columns![id, at_ms],
        )?;
        Ok(())
    }

    fn open_commitments(&mut self, agent: Uuid) -> StoreResult<Vec<Commitment>> {
        self.all(
            &format!(
                "{COMMITMENT_SELECT} WHERE m.agent_id = ?1 AND m.done_ms IS NULL \
                 ORDER BY m.due_ms, m.id"
            ),
            [agent.to_string()],
            commitment_from,
        )
    }

    fn recent_tickets(&mut self, agent: Uuid, limit: usize) -> StoreResult<Vec<Ticket>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.all(
            &format!(
                "{TICKET_SELECT} WHERE t.agent_id = ?1 ORDER BY t.created_ms DESC, t.id DESC \
                 LIMIT ?2"
            ),
            params![agent.to_string(), limit],
            ticket_from,
        )
    }
}
