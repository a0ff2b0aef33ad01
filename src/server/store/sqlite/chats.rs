//! The rows of chats and their messages.

use super::columns::columns;
use crate::policy::cards::mask;
use crate::server::store::TokenHash;
use std::collections::HashMap;

use rusqlite::params;
use uuid::Uuid;

use super::rows::{CHAT_COLUMNS, MESSAGE_COLUMNS, chat_from, message_from, uuid_at, write_chat};
use super::tx::SqliteTx;
use crate::protocol::Message;
use crate::server::store::{ChatRow, ChatStore, StoreResult};

/// The chat `c` has no message from an agent.
const NO_AGENT_WROTE: &str =
    "NOT EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = c.id AND m.author = 'agent')";

impl ChatStore for SqliteTx<'_> {
    fn chat(&mut self, id: Uuid) -> StoreResult<Option<ChatRow>> {
        self.one(
            &format!("SELECT {CHAT_COLUMNS} FROM chats WHERE id = ?1"),
            [id.to_string()],
            chat_from,
        )
    }

    fn chat_id_by_token(&mut self, token_hash: &TokenHash) -> StoreResult<Option<Uuid>> {
        self.one(
            "SELECT id FROM chats WHERE token_hash = ?1",
            [token_hash.as_str()],
            |r| uuid_at(r, 0),
        )
    }

    fn insert_chat(&mut self, chat: &ChatRow) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO chats ({CHAT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, \
             ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)"
        );
        Ok(write_chat(self.conn, &sql, chat)?)
    }

    fn update_chat(&mut self, chat: &ChatRow) -> StoreResult<()> {
        let sql = "UPDATE chats SET token_hash = ?2, queue = ?3, state = ?4, customer_name = ?5, \
             customer_email = ?6, client_id = ?7, agent_id = ?8, created_ms = ?9, queued_ms = ?10, \
             accepted_ms = ?11, ended_ms = ?12, ended_by = ?13, transfer_note = ?14, \
             disposition_code = ?15, disposition_notes = ?16, transferred_from = ?17, \
             transferred_ms = ?18, verification = ?19, verified_ms = ?20, hold_since_ms = ?21, \
             nudged_ms = ?22, last_agent_ms = ?23, last_customer_ms = ?24, \
             disposition_tags = ?25 WHERE id = ?1";
        Ok(write_chat(self.conn, sql, chat)?)
    }

    fn queued_chats(&mut self, queue: Option<&str>) -> StoreResult<Vec<ChatRow>> {
        self.all(
            &format!(
                "SELECT {CHAT_COLUMNS} FROM chats WHERE state = 'queued' \
                 AND (?1 IS NULL OR queue = ?1) ORDER BY queued_ms, id"
            ),
            [queue],
            chat_from,
        )
    }

    fn queue_line(&mut self, queue: &str) -> StoreResult<Vec<Uuid>> {
        self.all(
            "SELECT id FROM chats WHERE state = 'queued' AND queue = ?1 ORDER BY queued_ms, id",
            [queue],
            |r| uuid_at(r, 0),
        )
    }

    fn waiting_ahead(&mut self, queue: &str, queued_ms: i64, id: Uuid) -> StoreResult<u32> {
        let ahead: i64 = self
            .one(
                "SELECT COUNT(*) FROM chats WHERE state = 'queued' AND queue = ?1 \
                 AND (queued_ms < ?2 OR (queued_ms = ?2 AND id < ?3))",
                params![queue, queued_ms, id.to_string()],
                |r| r.get(0),
            )?
            .unwrap_or(0);
        Ok(u32::try_from(ahead).unwrap_or(u32::MAX))
    }

    fn unanswered_queued_chats(&mut self, started_by_ms: i64) -> StoreResult<Vec<ChatRow>> {
        self.all(
            &format!(
                "SELECT {CHAT_COLUMNS} FROM chats c WHERE state = 'queued' AND created_ms <= ?1 \
                 AND {NO_AGENT_WROTE} ORDER BY created_ms, id"
            ),
            [started_by_ms],
            chat_from,
        )
    }

    fn first_unanswered_queued_ms(&mut self) -> StoreResult<Option<i64>> {
        let sql = format!(
            "SELECT MIN(created_ms) FROM chats c WHERE state = 'queued' AND {NO_AGENT_WROTE}"
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([], |r| r.get(0))?)
    }

    fn agent_chats(&mut self, agent: Uuid) -> StoreResult<Vec<ChatRow>> {
        self.all(
            &format!(
                "SELECT {CHAT_COLUMNS} FROM chats WHERE agent_id = ?1 AND \
                 (state = 'active' OR (state = 'ended' AND disposition_code IS NULL)) \
                 ORDER BY COALESCE(accepted_ms, created_ms), id"
            ),
            [agent.to_string()],
            chat_from,
        )
    }

    fn active_counts(&mut self) -> StoreResult<HashMap<Uuid, u32>> {
        let rows = self.all(
            "SELECT agent_id, COUNT(*) FROM chats WHERE state = 'active' GROUP BY agent_id",
            [],
            |r| Ok((uuid_at(r, 0)?, r.get::<_, u32>(1)?)),
        )?;
        Ok(rows.into_iter().collect())
    }

    fn messages(&mut self, chat: Uuid) -> StoreResult<Vec<Message>> {
        self.all(
            &format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE chat_id = ?1 ORDER BY seq"),
            [chat.to_string()],
            message_from,
        )
    }

    fn message_by_client_id(
        &mut self,
        chat: Uuid,
        sender: &str,
        client_msg_id: &str,
    ) -> StoreResult<Option<Message>> {
        self.one(
            &format!(
                "SELECT {MESSAGE_COLUMNS} FROM messages \
                 WHERE chat_id = ?1 AND sender = ?2 AND client_msg_id = ?3"
            ),
            params![chat.to_string(), sender, client_msg_id],
            message_from,
        )
    }

    fn messages_from_since(
        &mut self,
        chat: Uuid,
        sender: &str,
        since_ms: i64,
    ) -> StoreResult<Vec<Message>> {
        self.all(
            &format!(
                "SELECT {MESSAGE_COLUMNS} FROM messages \
                 WHERE chat_id = ?1 AND sender = ?2 AND at_ms >= ?3 ORDER BY seq"
            ),
            params![chat.to_string(), sender, since_ms],
            message_from,
        )
    }

    fn agent_wrote(&mut self, chat: Uuid) -> StoreResult<bool> {
        Ok(self
            .one(
                "SELECT 1 FROM messages WHERE chat_id = ?1 AND author = 'agent' LIMIT 1",
                [chat.to_string()],
                |_| Ok(()),
            )?
            .is_some())
    }

    fn insert_message(&mut self, m: &Message, sender: &str) -> StoreResult<()> {
        // Messages without a client id (written by the backend itself) use their own id.
        let client_key = mask(m.client_msg_id.as_deref().unwrap_or(&m.id.to_string()));
        let sender = mask(sender);
        self.write(
            &format!(
                "INSERT INTO messages ({MESSAGE_COLUMNS}, sender) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
            ),
            columns![
                m.id,
                m.chat_id,
                m.seq,
                m.author.as_str(),
                mask(&m.author_name),
                mask(&m.body),
                client_key.clone(),
                m.at.as_millisecond(),
                sender.clone(),
            ],
        )?;
        self.last_message = Some((m.id, sender.into_string(), client_key.into_string()));
        Ok(())
    }
}
