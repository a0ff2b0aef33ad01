//! The rows of chats and their messages.

use std::collections::HashMap;

use uuid::Uuid;

use super::tx::PostgresTx;
use crate::protocol::Message;
use crate::server::store::cells::Cells;
use crate::server::store::rows::{MessageKey, chat_values, message_values};
use crate::server::store::rows::{chat_from, message_from};
use crate::server::store::sql::chats as sql;
use crate::server::store::{ChatRow, ChatStore, StoreResult, TokenHash};

impl ChatStore for PostgresTx<'_> {
    fn chat(&mut self, id: Uuid) -> StoreResult<Option<ChatRow>> {
        self.one(sql::BY_ID, &[&id.to_string()], chat_from)
    }

    fn chat_id_by_token(&mut self, token_hash: &TokenHash) -> StoreResult<Option<Uuid>> {
        self.one(sql::ID_BY_TOKEN, &[&token_hash.as_str()], |r| r.id(0))
    }

    fn insert_chat(&mut self, chat: &ChatRow) -> StoreResult<()> {
        self.write(sql::INSERT, &chat_values(chat))?;
        Ok(())
    }

    fn update_chat(&mut self, chat: &ChatRow) -> StoreResult<()> {
        self.write(sql::UPDATE, &chat_values(chat))?;
        Ok(())
    }

    fn queued_chats(&mut self, queue: Option<&str>) -> StoreResult<Vec<ChatRow>> {
        self.all(sql::QUEUED, &[&queue], chat_from)
    }

    fn queue_line(&mut self, queue: &str) -> StoreResult<Vec<Uuid>> {
        self.all(sql::QUEUE_LINE, &[&queue], |r| r.id(0))
    }

    fn waiting_ahead(&mut self, queue: &str, queued_ms: i64, id: Uuid) -> StoreResult<u32> {
        let ahead = self
            .one(
                sql::WAITING_AHEAD,
                &[&queue, &queued_ms, &id.to_string()],
                |r| r.int(0),
            )?
            .unwrap_or(0);
        Ok(u32::try_from(ahead).unwrap_or(u32::MAX))
    }

    fn unanswered_queued_chats(&mut self, started_by_ms: i64) -> StoreResult<Vec<ChatRow>> {
        self.all(sql::UNANSWERED_QUEUED, &[&started_by_ms], chat_from)
    }

    fn first_unanswered_queued_ms(&mut self) -> StoreResult<Option<i64>> {
        Ok(self
            .one(sql::FIRST_UNANSWERED_QUEUED, &[], |r| r.opt_int(0))?
            .flatten())
    }

    fn agent_chats(&mut self, agent: Uuid) -> StoreResult<Vec<ChatRow>> {
        self.all(sql::OF_AGENT, &[&agent.to_string()], chat_from)
    }

    fn active_counts(&mut self) -> StoreResult<HashMap<Uuid, u32>> {
        let rows = self.all(sql::ACTIVE_COUNTS, &[], |r| {
            Ok((r.id(0)?, u32::try_from(r.int(1)?)?))
        })?;
        Ok(rows.into_iter().collect())
    }

    fn messages(&mut self, chat: Uuid) -> StoreResult<Vec<Message>> {
        self.all(sql::MESSAGES, &[&chat.to_string()], message_from)
    }

    fn message_by_client_id(
        &mut self,
        chat: Uuid,
        sender: &str,
        client_msg_id: &str,
    ) -> StoreResult<Option<Message>> {
        self.one(
            sql::MESSAGE_BY_CLIENT_ID,
            &[&chat.to_string(), &sender, &client_msg_id],
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
            sql::MESSAGES_FROM_SINCE,
            &[&chat.to_string(), &sender, &since_ms],
            message_from,
        )
    }

    fn agent_wrote(&mut self, chat: Uuid) -> StoreResult<bool> {
        Ok(self
            .one(sql::AGENT_WROTE, &[&chat.to_string()], |_| Ok(()))?
            .is_some())
    }

    fn insert_message(&mut self, m: &Message, sender: &str) -> StoreResult<()> {
        let key = MessageKey::of(m, sender);
        self.write(sql::INSERT_MESSAGE, &message_values(m, &key))?;
        self.last_message = Some((m.id, key.sender.into_string(), key.client_id.into_string()));
        Ok(())
    }
}
