//! Missed chats: customers who left before any agent answered, listed for the team to follow
//! up by e-mail, phone or a ticket.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Why a chat counts as missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MissedReason {
    /// The customer ended the chat while it still waited in its queue.
    CustomerLeftQueue,
    /// An agent had the chat but had not written yet when the customer ended it.
    CustomerLeftUnanswered,
    /// The customer closed the chat page while waiting.
    PageClosed,
    /// The backend ended the chat after the customer waited too long or went quiet.
    TimedOut,
}

/// `GET /api/v1/missed?include=…`: what to list besides the chats still to follow up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MissedInclude {
    /// The missed chats already followed up, too.
    Done,
}

impl MissedReason {
    pub fn as_str(self) -> &'static str {
        match self {
            MissedReason::CustomerLeftQueue => "customer_left_queue",
            MissedReason::CustomerLeftUnanswered => "customer_left_unanswered",
            MissedReason::PageClosed => "page_closed",
            MissedReason::TimedOut => "timed_out",
        }
    }

    pub fn parse(text: &str) -> Option<MissedReason> {
        [
            MissedReason::CustomerLeftQueue,
            MissedReason::CustomerLeftUnanswered,
            MissedReason::PageClosed,
            MissedReason::TimedOut,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }
}

/// How the customer of a missed chat was reached afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpAction {
    Emailed,
    Called,
    TicketOpened,
}

impl FollowUpAction {
    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpAction::Emailed => "emailed",
            FollowUpAction::Called => "called",
            FollowUpAction::TicketOpened => "ticket_opened",
        }
    }

    pub fn parse(text: &str) -> Option<FollowUpAction> {
        [
            FollowUpAction::Emailed,
            FollowUpAction::Called,
            FollowUpAction::TicketOpened,
        ]
        .into_iter()
        .find(|a| a.as_str() == text)
    }
}

/// A chat nobody answered, and where its follow-up stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MissedChat {
    pub id: Uuid,
    pub chat_id: Uuid,
    pub customer_name: String,
    pub customer_email: String,
    pub client_id: Option<String>,
    /// The queue the customer chose (their reason for coming).
    pub queue: String,
    /// The queue's name as customers see it.
    pub queue_name: String,
    /// What the customer wrote first, when they wrote anything.
    pub first_message: Option<String>,
    /// From the chat's start to its end.
    pub waited_secs: u64,
    pub why: MissedReason,
    /// When the chat was missed (when it ended).
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// The colleague following it up.
    pub claimed_by: Option<Uuid>,
    pub claimed_by_name: Option<String>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub claimed_at: Option<Timestamp>,
    /// Set once followed up; then it leaves the open list.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub followed_up_at: Option<Timestamp>,
    pub follow_up_action: Option<FollowUpAction>,
    pub follow_up_note: Option<String>,
}

/// `POST /api/v1/missed/{id}/follow-up`: how the customer was reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewFollowUp {
    pub action: FollowUpAction,
    /// What was done or agreed; required.
    #[schema(max_length = 2000)]
    pub note: String,
}

/// Optional body of `POST /api/v1/chats/{id}/end`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EndChat {
    /// `page_closed` when the customer's page ends the chat as it closes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<EndReason>,
}

/// Why a chat ended when nobody pressed End.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndCause {
    /// The customer's page stayed closed before anyone answered (or the page said it closed).
    PageClosed,
    /// The customer waited in the queue past its time limit.
    QueueTimeout,
    /// The customer went quiet after the agent wrote.
    Inactivity,
}

/// Why the customer's side ended a chat, when it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    PageClosed,
}
