//! Escalations to leads: templates, what an agent sends, and the thread that follows; and the
//! lead's view of the floor.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{AgentChat, Presence, QueueListing, Role};

/// What a template field holds, which decides how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// A short line (a client ID, a state, a shop).
    Line,
    /// Sentences: a reason, a question, the resources checked.
    Text,
    /// `yes` or `no`.
    YesNo,
    /// An amount of money, e.g. `$0.00`.
    Money,
}

/// A rule a filled-in field must follow besides its kind (see `policy::escalation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldRule {
    /// Real detail, not a one-liner: at least six words, and at least one whole sentence (four
    /// words or more closed by `.`, `?` or `!`).
    Detailed,
    /// Asks the lead something: holds a `?`.
    Question,
    /// Names what was already looked at (not "none" or "n/a").
    Listed,
    /// An amount of exactly $0.00; a credit (below zero) goes with a warning that it will not
    /// carry over.
    ZeroBalance,
    /// An amount above $0.00.
    Positive,
    /// A yes/no field that must be answered yes.
    MustBeYes,
    /// The chat's own client ID, when the customer gave one.
    ChatClientId,
    /// A place: a name and a city or an address, two words or more.
    Place,
}

/// One field of an escalation template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TemplateField {
    /// e.g. `cid`, `reason`.
    pub id: String,
    /// e.g. `CID`, `Reason`.
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    /// A hint shown next to the empty field.
    #[serde(default)]
    pub hint: String,
    /// What the filled-in value must do besides matching its kind.
    #[serde(default)]
    pub rules: Vec<FieldRule>,
    /// For a `listed` field: the resources one of which it must name (the SOP, account notes…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
}

/// An escalation template from `assets/escalations.toml` (`GET /api/v1/escalation-templates`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EscalationTemplate {
    /// e.g. `poc-code`.
    pub id: String,
    /// e.g. `POC CODE`.
    pub name: String,
    /// The channel it goes to on weekdays, e.g. `leadership`.
    pub channel: String,
    pub channel_name: String,
    pub fields: Vec<TemplateField>,
    /// Ids of fields that must all hold different values (e.g. a transfer's From and To).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub different: Vec<String>,
}

/// One filled-in field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FieldValue {
    pub id: String,
    pub value: String,
}

/// `POST /api/v1/chats/{id}/escalations`: an agent asks a lead for help about a chat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewEscalation {
    pub template: String,
    pub fields: Vec<FieldValue>,
}

/// A reason an escalation cannot go yet, or a warning that it may, named by field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FieldProblem {
    /// The field's id; empty for the escalation as a whole.
    pub field: String,
    pub problem: String,
}

/// Where an escalation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EscalationState {
    /// Waiting for a lead.
    Open,
    /// A lead took it.
    Claimed,
    /// The lead replied.
    Answered,
}

/// A message in an escalation's thread (never shown to the customer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EscalationReply {
    pub author_id: Uuid,
    pub author_name: String,
    pub author_role: Role,
    pub body: String,
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// `POST /api/v1/escalations/{id}/replies`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewReply {
    #[schema(min_length = 1, max_length = 4000, pattern = r"\S")]
    pub body: String,
}

/// An escalation as agents and leads see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Escalation {
    pub id: Uuid,
    pub chat_id: Uuid,
    pub agent_id: Uuid,
    pub agent_name: String,
    pub customer_name: String,
    pub template: String,
    pub template_name: String,
    /// Where it went: the template's channel, or the weekend channel on weekends and holidays.
    pub channel: String,
    pub channel_name: String,
    /// The fields in the template's order, with their labels.
    pub fields: Vec<(String, String)>,
    /// Warnings the agent saw and sent anyway (e.g. a credit that will not transfer).
    #[serde(default)]
    pub warnings: Vec<String>,
    pub state: EscalationState,
    pub claimed_by: Option<Uuid>,
    pub claimed_by_name: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub claimed_at: Option<Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub answered_at: Option<Timestamp>,
    pub replies: Vec<EscalationReply>,
    /// The chat it is about has ended: it can still be answered, and sorts below live ones.
    #[serde(default)]
    pub chat_ended: bool,
    /// When a lead closed it (only an ended chat's escalation can be closed); closed ones leave
    /// the floor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<Timestamp>,
    /// The lead who closed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<Uuid>,
}

/// A lead's note to the agent of a chat; never shown to the customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Whisper {
    pub id: Uuid,
    pub chat_id: Uuid,
    pub lead_id: Uuid,
    pub lead_name: String,
    pub body: String,
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// `POST /api/v1/chats/{id}/whispers` (leads only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewWhisper {
    #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
    pub body: String,
}

/// One agent on the lead's monitor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FloorAgent {
    pub id: Uuid,
    pub display_name: String,
    pub role: Role,
    pub presence: Presence,
    #[schema(value_type = String, format = DateTime)]
    pub presence_since: Timestamp,
    pub active_chats: u32,
    pub capacity: u32,
    /// The oldest unanswered customer message among their active chats.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub longest_wait_since: Option<Timestamp>,
    /// Replies today that came after the reply SLA.
    pub sla_breaches_today: u32,
}

/// A live chat on the lead's monitor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FloorChat {
    pub chat: AgentChat,
    /// The customer's oldest unanswered message, if any.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub waiting_since: Option<Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_message_at: Option<Timestamp>,
}

/// `GET /api/v1/floor` (leads only): everything the monitor shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Floor {
    pub agents: Vec<FloorAgent>,
    pub queues: Vec<QueueListing>,
    /// Active chats of everyone.
    pub chats: Vec<FloorChat>,
    /// Escalations not answered yet, oldest first, then the ones answered in the last hour.
    pub escalations: Vec<Escalation>,
}
