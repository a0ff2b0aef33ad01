//! Chats and their messages.

use std::collections::HashMap;

use uuid::Uuid;

use super::{StoreResult, TokenHash};
use crate::protocol::{ChatState, Message, Party};

/// A chat as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRow {
    pub id: Uuid,
    pub token_hash: TokenHash,
    pub queue: String,
    pub state: ChatState,
    pub customer_name: String,
    pub customer_email: String,
    pub client_id: Option<String>,
    pub agent_id: Option<Uuid>,
    pub created_ms: i64,
    pub queued_ms: i64,
    pub accepted_ms: Option<i64>,
    pub ended_ms: Option<i64>,
    pub ended_by: Option<Party>,
    pub transfer_note: Option<String>,
    pub disposition_code: Option<String>,
    pub disposition_notes: Option<String>,
    /// The agent who last sent this chat back to a queue, and when: they are not offered it
    /// again until the re-offer cool-down passes.
    pub transferred_from: Option<Uuid>,
    pub transferred_ms: Option<i64>,
    /// Ids of the verification checks the agent ticked.
    pub verification: Vec<String>,
    /// When the last check of the checklist was ticked; cleared when one is unticked.
    pub verified_ms: Option<i64>,
    /// Since when the customer is on hold.
    pub hold_since_ms: Option<i64>,
    /// When the backend last nudged the silent customer.
    pub nudged_ms: Option<i64>,
    /// The agent's and the customer's last messages (system messages do not count).
    pub last_agent_ms: Option<i64>,
    pub last_customer_ms: Option<i64>,
    pub disposition_tags: Vec<String>,
}

/// Chats and the messages in them.
pub trait ChatStore {
    fn chat(&mut self, id: Uuid) -> StoreResult<Option<ChatRow>>;
    fn chat_id_by_token(&mut self, token_hash: &TokenHash) -> StoreResult<Option<Uuid>>;
    fn insert_chat(&mut self, chat: &ChatRow) -> StoreResult<()>;
    fn update_chat(&mut self, chat: &ChatRow) -> StoreResult<()>;
    /// Waiting chats, longest-waiting first; all queues when `queue` is `None`.
    fn queued_chats(&mut self, queue: Option<&str>) -> StoreResult<Vec<ChatRow>>;
    /// The ids of the chats waiting in `queue`, longest-waiting first.
    fn queue_line(&mut self, queue: &str) -> StoreResult<Vec<Uuid>>;
    /// How many chats wait in `queue` ahead of the one queued at `queued_ms` with `id`.
    fn waiting_ahead(&mut self, queue: &str, queued_ms: i64, id: Uuid) -> StoreResult<u32>;
    /// Chats waiting in a queue that no agent has written in, the longest-waiting first, and
    /// at most those that started at or before `started_by_ms`.
    fn unanswered_queued_chats(&mut self, started_by_ms: i64) -> StoreResult<Vec<ChatRow>>;
    /// When the longest-waiting of those started.
    fn first_unanswered_queued_ms(&mut self) -> StoreResult<Option<i64>>;
    /// An agent's active chats and their ended chats still lacking a disposition, oldest first.
    fn agent_chats(&mut self, agent: Uuid) -> StoreResult<Vec<ChatRow>>;
    /// Number of active chats per agent (agents with none are absent).
    fn active_counts(&mut self) -> StoreResult<HashMap<Uuid, u32>>;

    fn messages(&mut self, chat: Uuid) -> StoreResult<Vec<Message>>;
    /// The message `sender` ('customer', or an agent's id) sent with this `client_msg_id`.
    fn message_by_client_id(
        &mut self,
        chat: Uuid,
        sender: &str,
        client_msg_id: &str,
    ) -> StoreResult<Option<Message>>;
    fn insert_message(&mut self, message: &Message, sender: &str) -> StoreResult<()>;
    /// The messages `sender` wrote in the chat at or after `since_ms`, oldest first. Reads only
    /// that sender's messages of the chat, not the whole transcript.
    fn messages_from_since(
        &mut self,
        chat: Uuid,
        sender: &str,
        since_ms: i64,
    ) -> StoreResult<Vec<Message>>;
    /// Whether any agent has written in the chat.
    fn agent_wrote(&mut self, chat: Uuid) -> StoreResult<bool>;
}
