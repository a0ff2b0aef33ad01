//! Events on the streams.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    AgentChat, ChatDetail, EndCause, Escalation, Message, MissedChat, Offer, OfferEnd, Party,
    Presence, QueuedChat, Whisper,
};

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
    /// To the customer: the place in line now. A hint, not stored: it comes without an SSE id
    /// (`id` is 0), at most once a second while the line moves, and right after the stored
    /// events when a stream opens or resumes.
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
        /// The queue's id.
        to_queue: Option<String>,
        /// The queue's name, to show.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to_queue_name: Option<String>,
        note: String,
    },
    /// To an agent: the colleague they offered a chat to did not take it (declined, or the
    /// offer ran out); the chat is still theirs.
    #[serde(rename = "transfer.returned")]
    TransferReturned {
        to_agent_name: String,
        reason: OfferEnd,
    },
    #[serde(rename = "message.created")]
    MessageCreated { message: Message },
    /// `cause` says why, when nobody pressed End: the page stayed closed, the queue's time
    /// limit ran out, or the customer went quiet.
    #[serde(rename = "chat.ended")]
    ChatEnded {
        by: Party,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cause: Option<EndCause>,
    },
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
        /// Whose presence it is (leads' streams carry everyone's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agent_id: Option<Uuid>,
    },
    /// To the escalating agent and to leads: an escalation was sent, claimed or answered, or
    /// its thread grew.
    #[serde(rename = "escalation.updated")]
    EscalationUpdated { escalation: Box<Escalation> },
    /// To the chat's agent (and leads): a lead's note, never shown to the customer.
    #[serde(rename = "whisper.created")]
    WhisperCreated { whisper: Whisper },
    /// To every agent and lead: a chat was missed, claimed or followed up.
    #[serde(rename = "missed.updated")]
    MissedUpdated { missed: Box<MissedChat> },
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
            EventBody::TransferReturned { .. } => "transfer.returned",
            EventBody::MessageCreated { .. } => "message.created",
            EventBody::ChatEnded { .. } => "chat.ended",
            EventBody::ChatUpdated { .. } => "chat.updated",
            EventBody::OfferCreated { .. } => "offer.created",
            EventBody::OfferEnded { .. } => "offer.ended",
            EventBody::QueueEntered { .. } => "queue.entered",
            EventBody::QueueLeft { .. } => "queue.left",
            EventBody::PresenceChanged { .. } => "presence.changed",
            EventBody::EscalationUpdated { .. } => "escalation.updated",
            EventBody::WhisperCreated { .. } => "whisper.created",
            EventBody::MissedUpdated { .. } => "missed.updated",
        }
    }
}
