//! What `chatdesk report` reads of the chats that ended in a period and their messages.

use rusqlite::params;

use super::tx::SqliteTx;
use crate::server::store::rows::chat_from;
use crate::server::store::sql::lead as sql;
use crate::server::store::{ChatRow, MessageTime, ReportStore, StoreResult};

impl ReportStore for SqliteTx<'_> {
    fn ended_chats_between(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<ChatRow>> {
        self.all(sql::ENDED_CHATS_BETWEEN, params![from_ms, to_ms], |r| {
            chat_from(r)
        })
    }

    fn message_times_of_ended(
        &mut self,
        from_ms: i64,
        to_ms: i64,
    ) -> StoreResult<Vec<MessageTime>> {
        self.all(sql::MESSAGE_TIMES_OF_ENDED, params![from_ms, to_ms], |r| {
            sql::message_time_from(r)
        })
    }
}
