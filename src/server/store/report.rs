//! What `chatdesk report` reads of ended chats.

use super::{ChatRow, MessageTime, StoreResult};

/// What `chatdesk report` reads of ended chats.
pub trait ReportStore {
    /// Chats that ended in `[from_ms, to_ms]` and had an agent, by end time (the report's rows).
    fn ended_chats_between(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<ChatRow>>;
    /// When each message was written in the chats [`ReportStore::ended_chats_between`] lists, in order
    /// by chat.
    fn message_times_of_ended(&mut self, from_ms: i64, to_ms: i64)
    -> StoreResult<Vec<MessageTime>>;
}
