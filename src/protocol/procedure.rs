//! The procedure around a chat: its verification checklist, hold, the wrap-up with its
//! commitment and ticket, and the timing policy the backend enforces and consoles show.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::Customer;

/// One item of a chat's verification checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Check {
    /// An id from the policy's checklist, e.g. `name`.
    pub id: String,
    pub label: String,
    pub done: bool,
}

/// `PUT /api/v1/chats/{id}/verification`: ticks or unticks one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CheckChange {
    pub check: String,
    pub done: bool,
}

/// `PUT /api/v1/chats/{id}/hold`: the customer agreed to hold (`true`), or the agent is back.
/// A hold begins only when the customer answered the agent's hold question with a yes since the
/// last hold began, or when `customer_agreed` says the agent confirms they agreed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HoldChange {
    pub on_hold: bool,
    /// The agent confirms the customer agreed to hold (in words the backend cannot read as a
    /// yes to its question, or before being asked).
    #[serde(default)]
    pub customer_agreed: bool,
}

/// How the agent will follow up on a promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpChannel {
    Call,
    Email,
}

/// How the customer prefers to hear back about a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PreferredContact {
    CallBack,
    Email,
}

/// A follow-up the agent promised, as given at wrap-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewCommitment {
    #[schema(value_type = String, format = DateTime)]
    pub due_at: Timestamp,
    pub channel: FollowUpChannel,
    #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
    pub note: String,
}

/// A ticket opened for a chat, during it (`PUT /api/v1/chats/{id}/ticket`) or at wrap-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewTicket {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub subject: String,
    pub contact: PreferredContact,
    /// A note meant for the customer-facing ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 4000)]
    pub note: Option<String>,
}

/// `PUT /api/v1/chats/{id}/disposition`: the wrap-up of an ended chat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WrapUp {
    /// A code from `GET /api/v1/dispositions`.
    pub code: String,
    #[schema(min_length = 1, max_length = 4000, pattern = r"\S")]
    pub notes: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<NewCommitment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<NewTicket>,
}

/// A stored follow-up promise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Commitment {
    pub id: Uuid,
    pub chat_id: Uuid,
    pub agent_id: Uuid,
    pub customer: Customer,
    #[schema(value_type = String, format = DateTime)]
    pub due_at: Timestamp,
    pub channel: FollowUpChannel,
    pub note: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub done_at: Option<Timestamp>,
}

/// A stored ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Ticket {
    pub id: Uuid,
    pub chat_id: Uuid,
    pub agent_id: Uuid,
    pub customer: Customer,
    pub subject: String,
    pub contact: PreferredContact,
    pub note: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl Ticket {
    /// The reference the customer is given: `TK-` and the last ten hex digits of the id (the
    /// random part, so tickets opened in the same second differ).
    pub fn reference(&self) -> String {
        ticket_reference(self.id)
    }
}

/// The reference of the ticket with this id (see [`Ticket::reference`]).
pub fn ticket_reference(id: Uuid) -> String {
    let hex = id.simple().to_string().to_uppercase();
    format!("TK-{}", &hex[hex.len() - 10..])
}

/// `GET /api/v1/follow-ups`: the caller's open commitments (soonest due first) and tickets
/// (newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FollowUps {
    pub commitments: Vec<Commitment>,
    pub tickets: Vec<Ticket>,
}

/// When the backend nudges a silent customer and when it ends the chat. Silence is counted
/// from the agent's last message while the customer has not answered it, and not while the
/// chat is on hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InactivityInfo {
    /// The preset the numbers come from (`cxone`, `omni`, `livehelp`) or `custom`.
    pub preset: String,
    /// Seconds of silence before the "are you still there?" nudge; none for a hard time-out.
    pub nudge_after_secs: Option<u64>,
    /// Seconds of silence (in all) before the disconnect message is posted and the chat ends.
    pub end_after_secs: u64,
    /// The nudge, with `{customer.first_name}` filled in by the backend.
    pub nudge_text: String,
    pub disconnect_text: String,
}

/// The procedure's timing and checklist, as this backend enforces them:
/// `GET /api/v1/policy`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProcedureInfo {
    pub reply_warn_secs: u64,
    pub reply_breach_secs: u64,
    pub queue_wait_flag_secs: u64,
    /// Chat time after which the console suggests telling the customer you are investigating.
    pub investigate_after_secs: u64,
    /// Chat time after which the console prompts to open a ticket.
    pub ticket_after_secs: u64,
    /// While on hold, remind the agent to update the customer this often.
    pub hold_update_secs: u64,
    /// A missed chat not followed up after this long is highlighted in the console.
    #[serde(default = "default_missed_highlight_after_secs")]
    pub missed_highlight_after_secs: u64,
    pub inactivity: InactivityInfo,
    /// The verification checklist every chat starts with (`done` is false here).
    pub verification: Vec<Check>,
}

fn default_missed_highlight_after_secs() -> u64 {
    3600
}
