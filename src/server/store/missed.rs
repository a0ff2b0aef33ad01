//! Missed chats and their follow-up.

use uuid::Uuid;

use super::StoreResult;
use crate::protocol::MissedChat;

/// Missed chats.
pub trait MissedStore {
    /// Records a missed chat; `false` (and nothing stored) when its chat already has one.
    fn insert_missed(&mut self, missed: &MissedChat) -> StoreResult<bool>;
    /// Writes a missed chat's claim and follow-up.
    fn update_missed(&mut self, missed: &MissedChat) -> StoreResult<()>;
    /// A missed chat with its claimer's name (`queue_name` is the queue id; the engine names it).
    fn missed_chat(&mut self, id: Uuid) -> StoreResult<Option<MissedChat>>;
    /// Missed chats not yet followed up (all of them with `include_done`), newest first.
    fn missed_chats(&mut self, include_done: bool) -> StoreResult<Vec<MissedChat>>;
}
