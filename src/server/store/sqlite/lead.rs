//! The rows behind the leads' work: whispers, and what the floor reads of every open chat.

use rusqlite::params;
use uuid::Uuid;

use super::columns::columns;
use super::tx::SqliteTx;
use crate::policy::cards::mask;
use crate::protocol::Whisper;
use crate::server::store::rows::chat_from;
use crate::server::store::sql::lead as sql;
use crate::server::store::{ChatRow, LeadStore, MessageTime, StoreResult};

impl LeadStore for SqliteTx<'_> {
    fn insert_whisper(&mut self, w: &Whisper) -> StoreResult<()> {
        self.write(
            sql::INSERT_WHISPER,
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
        self.all(sql::WHISPERS, [chat.to_string()], |r| sql::whisper_from(r))
    }

    fn active_chats(&mut self) -> StoreResult<Vec<ChatRow>> {
        self.all(sql::ACTIVE_CHATS, [], |r| chat_from(r))
    }

    fn message_times_since(&mut self, since_ms: i64) -> StoreResult<Vec<MessageTime>> {
        self.all(sql::MESSAGE_TIMES_SINCE, params![since_ms], |r| {
            sql::message_time_from(r)
        })
    }
}
