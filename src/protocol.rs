//! Wire types shared by the backend, the console and integrators: request bodies, responses,
//! events on the streams and `application/problem+json` errors.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a chat is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChatState {
    /// Waiting in its queue (possibly offered to an agent right now).
    Queued,
    /// An agent is handling it.
    Active,
    /// Either side ended it; the transcript is final.
    Ended,
}

/// An agent's availability for new chats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    Offline,
    Available,
    Away,
    /// After-chat work: a chat the agent ended still needs its disposition.
    WrapUp,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Offline => "offline",
            Presence::Available => "available",
            Presence::Away => "away",
            Presence::WrapUp => "wrap-up",
        }
    }

    pub fn parse(text: &str) -> Option<Presence> {
        [Self::Offline, Self::Available, Self::Away, Self::WrapUp]
            .into_iter()
            .find(|p| p.as_str() == text)
    }
}

/// What a signed-in person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    Lead,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Lead => "lead",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "agent" => Some(Role::Agent),
            "lead" => Some(Role::Lead),
            _ => None,
        }
    }
}

/// Who wrote a message or ended a chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Customer,
    Agent,
    System,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Customer => "customer",
            Party::Agent => "agent",
            Party::System => "system",
        }
    }

    pub fn parse(text: &str) -> Option<Party> {
        match text {
            "customer" => Some(Party::Customer),
            "agent" => Some(Party::Agent),
            "system" => Some(Party::System),
            _ => None,
        }
    }
}

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
}

/// A chat with its transcript so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ChatDetail {
    pub chat: AgentChat,
    pub messages: Vec<Message>,
}

/// A chat offered to one agent until `expires_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Offer {
    pub id: Uuid,
    pub chat_id: Uuid,
    pub customer: Customer,
    pub queue: String,
    pub queue_name: String,
    /// When the customer started waiting.
    #[schema(value_type = String, format = DateTime)]
    pub waiting_since: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub offered_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: Timestamp,
}

/// Why an offer left the agent's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OfferEnd {
    Accepted,
    Declined,
    Expired,
    /// Someone else picked the chat up, or it was transferred.
    Taken,
    /// The customer left before anyone accepted.
    CustomerLeft,
    /// The agent reached capacity or stopped being available.
    Withdrawn,
}

impl OfferEnd {
    pub fn as_str(self) -> &'static str {
        match self {
            OfferEnd::Accepted => "accepted",
            OfferEnd::Declined => "declined",
            OfferEnd::Expired => "expired",
            OfferEnd::Taken => "taken",
            OfferEnd::CustomerLeft => "customer_left",
            OfferEnd::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<OfferEnd> {
        [
            Self::Accepted,
            Self::Declined,
            Self::Expired,
            Self::Taken,
            Self::CustomerLeft,
            Self::Withdrawn,
        ]
        .into_iter()
        .find(|e| e.as_str() == text)
    }
}

/// One waiting chat in a queue listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct QueuedChat {
    pub chat_id: Uuid,
    pub queue: String,
    pub customer_name: String,
    pub customer_email: String,
    #[schema(value_type = String, format = DateTime)]
    pub queued_at: Timestamp,
    /// Seconds waited when the listing was made.
    pub waited_secs: u64,
    pub position: u32,
}

/// A queue with what waits in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct QueueListing {
    pub id: String,
    pub name: String,
    pub depth: u32,
    /// Seconds the longest-waiting chat has waited, if any.
    pub oldest_wait_secs: Option<u64>,
    pub chats: Vec<QueuedChat>,
}

/// A queue a customer can choose, without anything about who waits in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct QueueInfo {
    pub id: String,
    pub name: String,
}

/// A disposition code an agent can choose at wrap-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DispositionCodeInfo {
    pub code: String,
    pub name: String,
    pub description: String,
}

/// The signed-in agent or lead (`GET /api/v1/me`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub id: Uuid,
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub queues: Vec<String>,
    pub presence: Presence,
    pub active_chats: u32,
    pub capacity: u32,
}

/// A colleague, as listed for transfers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AgentSummary {
    pub id: Uuid,
    pub display_name: String,
    pub role: Role,
    pub queues: Vec<String>,
    pub presence: Presence,
    pub active_chats: u32,
    pub capacity: u32,
}

/// `PUT /api/v1/me/presence`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PresenceChange {
    pub presence: Presence,
}

/// `POST /api/v1/chats/{id}/transfer`: exactly one of `to_agent` and `to_queue`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Transfer {
    #[serde(default)]
    pub to_agent: Option<Uuid>,
    #[serde(default)]
    pub to_queue: Option<String>,
    #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
    pub note: String,
}

/// Everything an agent's console needs at connect time; then follow
/// `GET /api/v1/me/events` with `Last-Event-ID: last_event_id`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Snapshot {
    pub last_event_id: i64,
    pub me: Me,
    pub offers: Vec<Offer>,
    /// Active chats and ended chats still waiting for a disposition.
    pub chats: Vec<ChatDetail>,
    pub queues: Vec<QueueListing>,
}

/// One event on a stream. The SSE `id:` is `id`, the SSE `event:` is `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Event {
    pub id: i64,
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    pub chat_id: Option<Uuid>,
    #[serde(flatten)]
    pub body: EventBody,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type")]
pub enum EventBody {
    /// To the customer: the chat waits in `queue` at `position`.
    #[serde(rename = "chat.queued")]
    ChatQueued { queue: String, position: u32 },
    /// To the customer: the place in line changed.
    #[serde(rename = "queue.position")]
    QueuePosition { position: u32 },
    /// To the customer: an agent (or a new agent, after a transfer) is with them.
    #[serde(rename = "agent.joined")]
    AgentJoined { agent_name: String },
    /// To an agent: a chat is now theirs, with its transcript so far.
    #[serde(rename = "chat.assigned")]
    ChatAssigned { detail: Box<ChatDetail> },
    /// To an agent: a chat they had was transferred away.
    #[serde(rename = "chat.transferred")]
    ChatTransferred {
        to_agent_name: Option<String>,
        to_queue: Option<String>,
        note: String,
    },
    #[serde(rename = "message.created")]
    MessageCreated { message: Message },
    #[serde(rename = "chat.ended")]
    ChatEnded { by: Party },
    /// To an agent: the chat's record changed (e.g. its disposition).
    #[serde(rename = "chat.updated")]
    ChatUpdated { chat: Box<AgentChat> },
    #[serde(rename = "offer.created")]
    OfferCreated { offer: Box<Offer> },
    #[serde(rename = "offer.ended")]
    OfferEnded { offer_id: Uuid, reason: OfferEnd },
    /// To agents serving the queue: a chat started waiting.
    #[serde(rename = "queue.entered")]
    QueueEntered { entry: QueuedChat },
    /// To agents serving the queue: a chat stopped waiting.
    #[serde(rename = "queue.left")]
    QueueLeft { queue: String },
    #[serde(rename = "presence.changed")]
    PresenceChanged {
        presence: Presence,
        reason: Option<String>,
    },
}

impl EventBody {
    /// The SSE `event:` name.
    pub fn kind(&self) -> &'static str {
        match self {
            EventBody::ChatQueued { .. } => "chat.queued",
            EventBody::QueuePosition { .. } => "queue.position",
            EventBody::AgentJoined { .. } => "agent.joined",
            EventBody::ChatAssigned { .. } => "chat.assigned",
            EventBody::ChatTransferred { .. } => "chat.transferred",
            EventBody::MessageCreated { .. } => "message.created",
            EventBody::ChatEnded { .. } => "chat.ended",
            EventBody::ChatUpdated { .. } => "chat.updated",
            EventBody::OfferCreated { .. } => "offer.created",
            EventBody::OfferEnded { .. } => "offer.ended",
            EventBody::QueueEntered { .. } => "queue.entered",
            EventBody::QueueLeft { .. } => "queue.left",
            EventBody::PresenceChanged { .. } => "presence.changed",
        }
    }
}

/// An error, as `application/problem+json` (RFC 9457).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// A sentence a person can act on.
    pub detail: String,
}

/// `GET /healthz`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub version: String,
}
