//! The rows behind the leads' work and `chatdesk report`: whispers, the floor's open chats,
//! and when each message was written.

use uuid::Uuid;

use super::tx::PostgresTx;
use crate::policy::cards::mask;
use crate::protocol::Whisper;
use crate::server::store::columns::columns;
use crate::server::store::rows::chat_from;
use crate::server::store::sql::lead as sql;
use crate::server::store::{ChatRow, LeadStore, MessageTime, ReportStore, StoreResult};

impl LeadStore for PostgresTx<'_> {
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
        self.all(sql::WHISPERS, &[&chat.to_string()], |r| {
            sql::whisper_from(r)
        })
    }

    fn active_chats(&mut self) -> StoreResult<Vec<ChatRow>> {
        self.all(sql::ACTIVE_CHATS, &[], chat_from)
    }

    fn message_times_since(&mut self, since_ms: i64) -> StoreResult<Vec<MessageTime>> {
        self.all(sql::MESSAGE_TIMES_SINCE, &[&since_ms], |r| {
            sql::message_time_from(r)
        })
    }
}

impl ReportStore for PostgresTx<'_> {
    fn ended_chats_between(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<ChatRow>> {
        self.all(sql::ENDED_CHATS_BETWEEN, &[&from_ms, &to_ms], chat_from)
    }

    fn message_times_of_ended(
        &mut self,
        from_ms: i64,
        to_ms: i64,
    ) -> StoreResult<Vec<MessageTime>> {
        self.all(sql::MESSAGE_TIMES_OF_ENDED, &[&from_ms, &to_ms], |r| {
            sql::message_time_from(r)
        })
    }
}
