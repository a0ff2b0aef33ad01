//! A chat as customers and agents see it, and its messages.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ChatState, Party};

/// `POST /api/v1/chats`: a customer asks for a chat.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewChat {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"\S",
        example = "Ana Lima"
    )]
    pub name: String,
    #[schema(format = Email, max_length = 254, example = "ana@example.com")]
    pub email: String,
    /// A queue id from `GET /api/v1/reasons`, e.g. `billing`.
    #[schema(example = "billing")]
    pub reason: String,
    /// The customer's account number, when they know it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 64, example = "C-1001")]
    pub client_id: Option<String>,
}

/// The answer to `POST /api/v1/chats`. Keep `token`: it opens this chat and nothing else.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChatCreated {
    pub id: Uuid,
    pub token: String,
    pub queue: String,
    /// 1 means next in line.
    pub position: u32,
}

/// A chat as its customer sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CustomerChat {
    pub id: Uuid,
    pub state: ChatState,
    pub queue: String,
    pub queue_name: String,
    /// Place in the queue while `state` is `queued`.
    pub position: Option<u32>,
    /// Display name of the agent handling the chat.
    pub agent_name: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub ended_at: Option<Timestamp>,
    pub ended_by: Option<Party>,
}

/// `POST /api/v1/chats/{id}/messages`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewMessage {
    /// At most 4,000 characters, not only spaces.
    #[schema(min_length = 1, max_length = 4000, pattern = r"\S")]
    pub body: String,
    /// Chosen by the sender; sending the same id again returns the stored message.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub client_msg_id: String,
}

/// A stored message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Message {
    pub id: Uuid,
    pub chat_id: Uuid,
    /// Position in the event sequence; transcripts are ordered by it.
    pub seq: i64,
    pub author: Party,
    pub author_name: String,
    pub body: String,
    pub client_msg_id: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// Who the customer is, as the agent sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Customer {
    pub name: String,
    pub email: String,
    pub client_id: Option<String>,
}

/// A disposition recorded at wrap-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Disposition {
    /// A code from `GET /api/v1/dispositions`.
    pub code: String,
    #[schema(min_length = 1, max_length = 4000, pattern = r"\S")]
    pub notes: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A chat as an agent sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AgentChat {
    pub id: Uuid,
    pub state: ChatState,
    pub queue: String,
    pub queue_name: String,
    pub customer: Customer,
    pub agent_id: Option<Uuid>,
    pub agent_name: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// When the chat (last) entered its queue.
    #[schema(value_type = String, format = DateTime)]
    pub queued_at: Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub accepted_at: Option<Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub ended_at: Option<Timestamp>,
    pub ended_by: Option<Party>,
    /// The note left by whoever transferred the chat, shown above the transcript.
    pub transfer_note: Option<String>,
    pub disposition: Option<Disposition>,
    /// The verification checklist; the customer is verified when every item is done.
    #[serde(default)]
    pub verification: Vec<super::Check>,
    /// When the last item of the checklist was ticked.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub verified_at: Option<Timestamp>,
    /// Since when the customer has been on hold (with their permission).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub on_hold_since: Option<Timestamp>,
    /// When the backend nudged the silent customer ("are you still there?").
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub nudged_at: Option<Timestamp>,
    /// The agent's last word as the inactivity clock counts it (what the backend nudges and
    /// ends the chat by): the last agent message, moved to the end of a hold the customer had
    /// not answered before, and none yet from an agent who just took the chat over.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub silence_agent_at: Option<Timestamp>,
    /// The customer's last message as the inactivity clock counts it.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub silence_customer_at: Option<Timestamp>,
    /// When the last hold began (still on hold or not): permission to hold again counts from
    /// then.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_hold_at: Option<Timestamp>,
    /// The ticket opened for this chat (during the chat or at wrap-up), if any.
    #[serde(default)]
    pub ticket: Option<super::Ticket>,
}

/// A chat with its transcript so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ChatDetail {
    pub chat: AgentChat,
    pub messages: Vec<Message>,
    /// The chat's escalations to leads, oldest first.
    #[serde(default)]
    pub escalations: Vec<super::Escalation>,
    /// Leads' notes to the agent, oldest first.
    #[serde(default)]
    pub whispers: Vec<super::Whisper>,
}
