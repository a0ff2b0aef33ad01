//! What `chatdesk report` reads of the chats that ended in a period and their messages.

use rusqlite::params;

use super::lead::message_time_from;
use super::rows::{CHAT_COLUMNS, chat_from};
use super::tx::SqliteTx;
use crate::server::store::{ChatRow, MessageTime, ReportStore, StoreResult};

impl ReportStore for SqliteTx<'_> {
    fn ended_chats_between(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<ChatRow>> {
        self.all(
            &format!(
                "SELECT {CHAT_COLUMNS} FROM chats WHERE state = 'ended' AND agent_id IS NOT NULL \
                 AND ended_ms BETWEEN ?1 AND ?2 ORDER BY ended_ms, id"
            ),
            params![from_ms, to_ms],
            chat_from,
        )
    }

    fn message_times_of_ended(
        &mut self,
        from_ms: i64,
        to_ms: i64,
    ) -> StoreResult<Vec<MessageTime>> {
        self.all(
            "SELECT m.chat_id, m.author, m.sender, m.at_ms FROM messages m \
             WHERE m.chat_id IN (SELECT id FROM chats WHERE state = 'ended' \
               AND agent_id IS NOT NULL AND ended_ms BETWEEN ?1 AND ?2) \
             ORDER BY m.chat_id, m.seq",
            params![from_ms, to_ms],
            message_time_from,
        )
    }
}
