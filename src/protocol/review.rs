//! Reviews of ended chats: what the backend read from each chat (flags) and the lead's score.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{EscalationState, Message};

/// What happened in a chat, as the backend reads it from the chat itself when it ends and
/// again when its wrap-up is recorded. Nobody types these in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewFlags {
    /// The checklist was complete at or before the agent's first message (also `true` when
    /// the agent never wrote).
    pub verified_before_first_reply: bool,
    /// Customer waits for an answer that reached the reply SLA's breach limit (a wait still
    /// open when the chat ended counts up to the end).
    pub sla_breaches: u32,
    /// The longest wait for an answer, in seconds.
    pub worst_wait_secs: u64,
    /// "Are you still there?" messages the backend sent.
    pub nudges: u32,
    /// Times the customer was put on hold.
    pub holds: u32,
    /// Holds not preceded by an agent message asking about it (one with "hold" and a `?`).
    pub holds_without_asking: u32,
    /// Messages (either side) holding a masked card number.
    pub masked_cards: u32,
    /// Agent messages sent although the etiquette check asked first (capitals, one word).
    pub etiquette_overrides: u32,
    /// The state of each escalation raised from the chat, oldest first.
    pub escalations: Vec<EscalationState>,
    /// A disposition code was recorded at wrap-up (always, in the part of someone who handed
    /// the chat on: the wrap-up was the last holder's to record).
    pub disposition_recorded: bool,
    /// Wrap-up notes were recorded (always, likewise, in a part handed on).
    pub notes_recorded: bool,
}

/// One thing a reviewer may look for; `GET /api/v1/reviews?flag=…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewFlag {
    /// The agent wrote before the customer was verified.
    Unverified,
    /// At least one wait for an answer reached the breach limit.
    SlaBreach,
    /// The backend nudged the silent customer.
    Nudged,
    /// A hold without asking the customer first.
    HoldWithoutPermission,
    /// A card number was pasted (and masked).
    Card,
    /// The agent sent past an etiquette warning.
    EtiquetteOverride,
    /// The agent escalated to a lead.
    Escalated,
    /// No disposition was recorded.
    NoDisposition,
}

impl ReviewFlag {
    pub const ALL: [ReviewFlag; 8] = [
        ReviewFlag::Unverified,
        ReviewFlag::SlaBreach,
        ReviewFlag::Nudged,
        ReviewFlag::HoldWithoutPermission,
        ReviewFlag::Card,
        ReviewFlag::EtiquetteOverride,
        ReviewFlag::Escalated,
        ReviewFlag::NoDisposition,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewFlag::Unverified => "unverified",
            ReviewFlag::SlaBreach => "sla_breach",
            ReviewFlag::Nudged => "nudged",
            ReviewFlag::HoldWithoutPermission => "hold_without_permission",
            ReviewFlag::Card => "card",
            ReviewFlag::EtiquetteOverride => "etiquette_override",
            ReviewFlag::Escalated => "escalated",
            ReviewFlag::NoDisposition => "no_disposition",
        }
    }

    pub fn parse(text: &str) -> Option<ReviewFlag> {
        ReviewFlag::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

impl ReviewFlags {
    /// Whether these flags raise `flag`.
    pub fn raises(&self, flag: ReviewFlag) -> bool {
        match flag {
            ReviewFlag::Unverified => !self.verified_before_first_reply,
            ReviewFlag::SlaBreach => self.sla_breaches > 0,
            ReviewFlag::Nudged => self.nudges > 0,
            ReviewFlag::HoldWithoutPermission => self.holds_without_asking > 0,
            ReviewFlag::Card => self.masked_cards > 0,
            ReviewFlag::EtiquetteOverride => self.etiquette_overrides > 0,
            ReviewFlag::Escalated => !self.escalations.is_empty(),
            ReviewFlag::NoDisposition => !self.disposition_recorded,
        }
    }

    /// Every flag raised, in [`ReviewFlag::ALL`] order.
    pub fn raised(&self) -> Vec<ReviewFlag> {
        ReviewFlag::ALL
            .into_iter()
            .filter(|f| self.raises(*f))
            .collect()
    }
}

/// The review of one ended chat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Review {
    pub chat_id: Uuid,
    /// The agent who had the chat when it ended.
    pub agent_id: Uuid,
    pub agent_name: String,
    pub customer_name: String,
    #[schema(value_type = String, format = DateTime)]
    pub ended_at: Timestamp,
    /// The disposition code recorded at wrap-up, if any yet.
    pub disposition: Option<String>,
    pub flags: ReviewFlags,
    /// The lead's score, 1 (poor) to 5 (excellent).
    pub score: Option<u8>,
    pub comment: Option<String>,
    pub scored_by_name: Option<String>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub scored_at: Option<Timestamp>,
    /// Who held the chat, in order, each with the flags of their own part (a chat transferred
    /// or taken over has more than one). Listing the reviews of one agent shows their part in
    /// `agent_id`, `agent_name` and `flags`.
    #[serde(default)]
    pub parts: Vec<ReviewPart>,
}

/// One person's part of a chat: from when it was given to them until it went to someone else
/// or ended, with what they are accountable for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewPart {
    pub agent_id: Uuid,
    pub agent_name: String,
    #[schema(value_type = String, format = DateTime)]
    pub from: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub to: Timestamp,
    pub flags: ReviewFlags,
}

/// A message a flag refers to, so a reviewer sees it in place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewMark {
    pub message_id: Uuid,
    pub flag: ReviewFlag,
    /// Why the message is marked, e.g. "Answered after 75 s".
    pub note: String,
}

/// `GET /api/v1/reviews/{chat_id}`: the review with the transcript and its marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewDetail {
    pub review: Review,
    pub messages: Vec<Message>,
    /// In transcript order.
    pub marks: Vec<ReviewMark>,
}

/// `PUT /api/v1/reviews/{chat_id}/score`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewScore {
    /// 1 (poor) to 5 (excellent).
    #[schema(minimum = 1, maximum = 5)]
    pub score: u8,
    /// At most 2,000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// `GET /api/v1/reviews`: every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewQuery {
    /// The agent's sign-in name, e.g. `dana`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// First day (`YYYY-MM-DD`, the backend's time zone) the chat ended on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(format = Date, example = "2025-03-01")]
    pub from: Option<String>,
    /// Last day (`YYYY-MM-DD`, inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(format = Date, example = "2025-03-31")]
    pub to: Option<String>,
    /// A disposition code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<String>,
    /// Only reviews raising this flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<ReviewFlag>,
}
