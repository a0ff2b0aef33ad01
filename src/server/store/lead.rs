//! What the leads work with: whispers, and what the floor reads of every open chat.

use uuid::Uuid;

use super::{ChatRow, StoreResult};
use crate::protocol::{Party, Whisper};

/// Who wrote a message and when, without its text (what the leads' floor counts waits from).
#[derive(Debug, Clone, PartialEq)]
pub struct MessageTime {
    pub chat_id: Uuid,
    pub author: Party,
    /// The agent who wrote it, for an agent's message.
    pub agent_id: Option<Uuid>,
    pub at_ms: i64,
}

/// Whispers, and what the leads' floor reads.
pub trait LeadStore {
    /// Stores a lead's whisper to a chat's agent.
    fn insert_whisper(&mut self, whisper: &Whisper) -> StoreResult<()>;
    /// A chat's whispers, oldest first.
    fn whispers(&mut self, chat: Uuid) -> StoreResult<Vec<Whisper>>;
    /// Every active chat, longest-running first.
    fn active_chats(&mut self) -> StoreResult<Vec<ChatRow>>;
    /// When each message was written, in order by chat, for every chat still open (queued or
    /// active) and every chat that ended at or after `since_ms`.
    fn message_times_since(&mut self, since_ms: i64) -> StoreResult<Vec<MessageTime>>;
}
