//! The rows behind the leads' work: whispers, and what the floor reads of every open chat.

use super::columns::columns;
use crate::policy::cards::mask;
use rusqlite::{Row, params};
use uuid::Uuid;

use super::rows::{CHAT_COLUMNS, chat_from, opt_uuid_at, uuid_at};
use super::tx::SqliteTx;
use crate::protocol::{Party, Whisper};
use crate::server::store::{ChatRow, LeadStore, MessageTime, StoreResult, timestamp};

fn whisper_from(row: &Row) -> rusqlite::Result<Whisper> {
    Ok(Whisper {
        id: uuid_at(row, 0)?,
        chat_id: uuid_at(row, 1)?,
        lead_id: uuid_at(row, 2)?,
        lead_name: row.get(3)?,
        body: row.get(4)?,
        at: timestamp(row.get(5)?),
    })
}

pub(super) fn message_time_from(row: &Row) -> rusqlite::Result<MessageTime> {
    let author: String = row.get(1)?;
    let author = Party::parse(&author).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            1,
            rusqlite::types::Type::Text,
            format!("unexpected author {author:?}").into(),
        )
    })?;
    Ok(MessageTime {
        chat_id: uuid_at(row, 0)?,
        author,
        agent_id: match author {
            Party::Agent => opt_uuid_at(row, 2)?,
            Party::Customer | Party::System => None,
        },
        at_ms: row.get(3)?,
    })
}

impl LeadStore for SqliteTx<'_> {
    fn insert_whisper(&mut self, w: &Whisper) -> StoreResult<()> {
        self.write(
            "INSERT INTO whispers (id, chat_id, lead_id, body, at_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            columns![
                w.id,
                w.chat_id,
                w.lead_id,
                mask(&w.body),
                w.at.as_millisecond(),
            ],
        )?;
        Ok(())
    }

    fn whispers(&mut self, chat: Uuid) -> StoreResult<Vec<Whisper>> {
        // The lead's name as it is now; a removed lead keeps their row, so it is always there.
        self.all(
            "SELECT w.id, w.chat_id, w.lead_id, a.display_name, w.body, w.at_ms \
             FROM whispers w JOIN agents a ON a.id = w.lead_id \
             WHERE w.chat_id = ?1 ORDER BY w.at_ms, w.id",
            [chat.to_string()],
            whisper_from,
        )
    }

    fn active_chats(&mut self) -> StoreResult<Vec<ChatRow>> {
        self.all(
            &format!(
                "SELECT {CHAT_COLUMNS} FROM chats WHERE state = 'active' ORDER BY accepted_ms, id"
            ),
            [],
            chat_from,
        )
    }

    fn message_times_since(&mut self, since_ms: i64) -> StoreResult<Vec<MessageTime>> {
        // Each branch of the union has an index of its own (chats_active, chats_waiting,
        // chats_ended), and each chat's messages are one range of the messages table.
        self.all(
            "SELECT m.chat_id, m.author, m.sender, m.at_ms FROM messages m \
             WHERE m.chat_id IN ( \
               SELECT id FROM chats WHERE state = 'active' \
               UNION ALL SELECT id FROM chats WHERE state = 'queued' \
               UNION ALL SELECT id FROM chats WHERE state = 'ended' AND ended_ms >= ?1) \
             ORDER BY m.chat_id, m.seq",
            params![since_ms],
            message_time_from,
        )
    }
}
