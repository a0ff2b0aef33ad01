//! What agents and leads work with: offers, queues, presence, transfers, the snapshot.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ChatDetail, Customer, Presence, Role};

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
    /// A colleague asks you to take their chat (with the customer now): who, and their note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<OfferedTransfer>,
}

/// A colleague's chat offered to you: accept it and it is yours, decline it (or let it run
/// out) and it stays theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OfferedTransfer {
    pub from_agent_name: String,
    pub note: String,
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

/// The team's canned responses (`canned.toml` in the backend's data directory), as TOML text;
/// the console lays it over the built-in library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TeamCanned {
    /// Where the file is on the backend, when there is one.
    pub source: Option<String>,
    pub text: String,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Transfer {
    #[serde(default)]
    pub to_agent: Option<Uuid>,
    #[serde(default)]
    pub to_queue: Option<String>,
    #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
    pub note: String,
    /// Told to the customer, as a message from the agent, when the chat moves: at once for a
    /// queue; for a colleague when they accept (nothing is said if they decline or the offer
    /// runs out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 4000)]
    pub notice: Option<String>,
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
