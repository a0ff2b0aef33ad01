//! Storage behind one trait. The engine speaks only [`Tx`]: every command runs inside one
//! transaction of it, so the rules stay the same whatever keeps the rows. SQLite (WAL, one
//! writer thread, group commit) is the store today.

pub mod sqlite;

use std::collections::HashMap;

use uuid::Uuid;

use crate::policy::inactivity::Silence;
use crate::protocol::{
    ChatState, Commitment, Escalation, EscalationReply, EscalationState, EventBody, Message,
    MissedChat, OfferEnd, Party, Presence, Role, Ticket, Whisper,
};
use crate::protocol::{Review, ReviewFlags};

pub type StoreResult<T> = anyhow::Result<T>;

/// Milliseconds since the epoch as a timestamp.
pub fn timestamp(ms: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// A chat as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRow {
    pub id: Uuid,
    pub token_hash: String,
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

/// An agent or lead as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentRow {
    pub id: Uuid,
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub queues: Vec<String>,
    pub token_hash: String,
    pub presence: Presence,
    pub presence_ms: i64,
    pub idle_since_ms: i64,
    pub created_ms: i64,
}

impl AgentRow {
    pub fn serves(&self, queue: &str) -> bool {
        self.queues.iter().any(|q| q == queue)
    }
}

/// Where an offer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferState {
    Pending,
    Ended(OfferEnd),
}

/// An offer of one chat to one agent.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferRow {
    pub id: Uuid,
    pub chat_id: Uuid,
    pub agent_id: Uuid,
    pub state: OfferState,
    pub created_ms: i64,
    pub expires_ms: i64,
    pub ended_ms: Option<i64>,
}

/// Who may see an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Audience {
    /// The customer of the event's chat.
    pub customer: bool,
    pub agent: Option<Uuid>,
    /// Every agent serving this queue.
    pub queue: Option<String>,
    /// Every lead (stored as `events.to_leads`): what the leads follow on their own stream,
    /// e.g. escalations, whispers and take-overs, on top of what is addressed to `agent`.
    pub leads: bool,
}

impl Audience {
    pub fn customer() -> Audience {
        Audience {
            customer: true,
            agent: None,
            queue: None,
            leads: false,
        }
    }

    pub fn agent(id: Uuid) -> Audience {
        Audience {
            customer: false,
            agent: Some(id),
            queue: None,
            leads: false,
        }
    }

    /// Every lead, and nobody else.
    pub fn leads() -> Audience {
        Audience {
            customer: false,
            agent: None,
            queue: None,
            leads: true,
        }
    }

    /// One agent and every lead (e.g. an escalation: the agent who sent it and the leads who
    /// answer it).
    pub fn agent_and_leads(id: Uuid) -> Audience {
        Audience {
            leads: true,
            ..Audience::agent(id)
        }
    }

    /// This audience, and every lead as well.
    pub fn and_leads(self) -> Audience {
        Audience {
            leads: true,
            ..self
        }
    }

    pub fn queue(id: &str) -> Audience {
        Audience {
            customer: false,
            agent: None,
            queue: Some(id.to_string()),
            leads: false,
        }
    }

    /// The customer and, when the chat has one, its agent.
    pub fn chat(agent: Option<Uuid>) -> Audience {
        Audience {
            customer: true,
            agent,
            queue: None,
            leads: false,
        }
    }
}

/// An event as stored and streamed: `json` is the complete [`crate::protocol::Event`].
#[derive(Debug, Clone, PartialEq)]
pub struct EventRecord {
    pub seq: i64,
    pub chat_id: Option<Uuid>,
    pub audience: Audience,
    pub kind: String,
    pub json: String,
}

/// Which events a stream carries.
#[derive(Debug, Clone, PartialEq)]
pub enum EventFilter {
    /// What the customer of a chat may see.
    Customer(Uuid),
    /// What is addressed to an agent, plus what happens in the queues they serve; with
    /// `lead`, also what is addressed to every lead ([`Audience::leads`]).
    Agent {
        id: Uuid,
        queues: Vec<String>,
        lead: bool,
    },
}

impl EventFilter {
    pub fn matches(&self, event: &EventRecord) -> bool {
        match self {
            EventFilter::Customer(chat) => event.audience.customer && event.chat_id == Some(*chat),
            EventFilter::Agent { id, queues, lead } => {
                event.audience.agent == Some(*id)
                    || (*lead && event.audience.leads)
                    || event
                        .audience
                        .queue
                        .as_ref()
                        .is_some_and(|q| queues.contains(q))
            }
        }
    }
}

/// Who wrote a message and when, without its text (what the leads' floor counts waits from).
#[derive(Debug, Clone, PartialEq)]
pub struct MessageTime {
    pub chat_id: Uuid,
    pub author: Party,
    /// The agent who wrote it, for an agent's message.
    pub agent_id: Option<Uuid>,
    pub at_ms: i64,
}

/// Which escalations to list; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EscalationFilter {
    pub chat: Option<Uuid>,
    /// The agent who sent them.
    pub agent: Option<Uuid>,
    pub state: Option<EscalationState>,
}

/// The derived part of a chat's review, as written when the chat ends or is wrapped up.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRecord {
    pub chat_id: Uuid,
    pub agent_id: Uuid,
    pub ended_ms: i64,
    pub disposition_code: Option<String>,
    pub flags: ReviewFlags,
    pub derived_ms: i64,
}

/// A lead's score of a chat.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewScore {
    pub score: u8,
    pub comment: Option<String>,
    pub scored_by: Uuid,
    pub scored_ms: i64,
}

/// Which reviews to list; every condition given must hold. `ended_from_ms` is inclusive,
/// `ended_to_ms` exclusive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewFilter {
    pub agent: Option<Uuid>,
    pub ended_from_ms: Option<i64>,
    pub ended_to_ms: Option<i64>,
    pub disposition: Option<String>,
}

/// One transaction's view of the rows. Reads see a consistent snapshot; writes become visible
/// together when the transaction commits.
pub trait Tx {
    fn chat(&mut self, id: Uuid) -> StoreResult<Option<ChatRow>>;
    fn chat_id_by_token(&mut self, token_hash: &str) -> StoreResult<Option<Uuid>>;
    fn insert_chat(&mut self, chat: &ChatRow) -> StoreResult<()>;
    fn update_chat(&mut self, chat: &ChatRow) -> StoreResult<()>;
    /// Waiting chats, longest-waiting first; all queues when `queue` is `None`.
    fn queued_chats(&mut self, queue: Option<&str>) -> StoreResult<Vec<ChatRow>>;
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
    /// Notes that the customer or the agent wrote at `at_ms` (what the inactivity clock counts
    /// from), without rewriting the rest of the chat.
    fn note_last_message(&mut self, chat: Uuid, author: Party, at_ms: i64) -> StoreResult<()>;
    /// What the inactivity clock needs to know of every active chat.
    fn active_silences(&mut self) -> StoreResult<Vec<(Uuid, Silence)>>;

    /// Stores the commitment made at a chat's wrap-up. Recording the wrap-up again replaces it
    /// (keeping its id and whether it was done); `None` removes it.
    fn set_chat_commitment(
        &mut self,
        chat: Uuid,
        commitment: Option<&Commitment>,
    ) -> StoreResult<()>;
    /// Stores the ticket opened at a chat's wrap-up, like [`Tx::set_chat_commitment`].
    fn set_chat_ticket(&mut self, chat: Uuid, ticket: Option<&Ticket>) -> StoreResult<()>;
    fn commitment(&mut self, id: Uuid) -> StoreResult<Option<Commitment>>;
    fn set_commitment_done(&mut self, id: Uuid, at_ms: i64) -> StoreResult<()>;
    /// An agent's commitments not yet done, soonest due first.
    fn open_commitments(&mut self, agent: Uuid) -> StoreResult<Vec<Commitment>>;
    /// An agent's `limit` newest tickets, newest first.
    fn recent_tickets(&mut self, agent: Uuid, limit: usize) -> StoreResult<Vec<Ticket>>;

    fn agent(&mut self, id: Uuid) -> StoreResult<Option<AgentRow>>;
    fn agent_by_token(&mut self, token_hash: &str) -> StoreResult<Option<AgentRow>>;
    fn agent_by_name(&mut self, name: &str) -> StoreResult<Option<AgentRow>>;
    /// Everyone who can sign in, by name.
    fn agents(&mut self) -> StoreResult<Vec<AgentRow>>;
    fn insert_agent(&mut self, agent: &AgentRow) -> StoreResult<()>;
    fn update_agent(&mut self, agent: &AgentRow) -> StoreResult<()>;
    /// Signs an agent out for good; their history stays.
    fn remove_agent(&mut self, id: Uuid, at_ms: i64) -> StoreResult<()>;

    fn offer(&mut self, id: Uuid) -> StoreResult<Option<OfferRow>>;
    fn pending_offers(&mut self) -> StoreResult<Vec<OfferRow>>;
    fn offers_for_chat(&mut self, chat: Uuid) -> StoreResult<Vec<OfferRow>>;
    fn insert_offer(&mut self, offer: &OfferRow) -> StoreResult<()>;
    fn update_offer(&mut self, offer: &OfferRow) -> StoreResult<()>;
    /// The earliest expiry among pending offers.
    fn next_offer_expiry(&mut self) -> StoreResult<Option<i64>>;
    /// The earliest moment after `since_ms` at which an agent turned down, missed or transferred
    /// away a chat that still waits (cool-downs run from these moments).
    fn earliest_refusal_since(&mut self, since_ms: i64) -> StoreResult<Option<i64>>;

    /// The id the next appended event will get.
    fn next_event_id(&mut self) -> StoreResult<i64>;
    /// Stores an event and returns its id, the next in the one increasing sequence.
    fn append_event(
        &mut self,
        audience: Audience,
        chat_id: Option<Uuid>,
        at_ms: i64,
        body: &EventBody,
    ) -> StoreResult<i64>;
    /// Up to `limit` events after `after`, in order.
    fn events_after(
        &mut self,
        filter: &EventFilter,
        after: i64,
        limit: usize,
    ) -> StoreResult<Vec<EventRecord>>;
    fn last_event_id(&mut self) -> StoreResult<i64>;

    /// Stores a new escalation (its thread is stored reply by reply).
    fn insert_escalation(&mut self, escalation: &Escalation) -> StoreResult<()>;
    /// Writes what changes after an escalation is sent: its state, claim and answer time.
    fn update_escalation(&mut self, escalation: &Escalation) -> StoreResult<()>;
    /// An escalation with its thread and the names of the people in it.
    fn escalation(&mut self, id: Uuid) -> StoreResult<Option<Escalation>>;
    /// Escalations matching `filter`, oldest first, each with its thread.
    fn escalations(&mut self, filter: &EscalationFilter) -> StoreResult<Vec<Escalation>>;
    /// Adds a reply to an escalation's thread (`author_name` is not stored: it is the
    /// author's display name when read).
    fn insert_escalation_reply(
        &mut self,
        escalation: Uuid,
        reply: &EscalationReply,
    ) -> StoreResult<()>;

    /// Stores a lead's whisper to a chat's agent.
    fn insert_whisper(&mut self, whisper: &Whisper) -> StoreResult<()>;
    /// A chat's whispers, oldest first.
    fn whispers(&mut self, chat: Uuid) -> StoreResult<Vec<Whisper>>;
    /// Every active chat, longest-running first.
    fn active_chats(&mut self) -> StoreResult<Vec<ChatRow>>;
    /// When each message was written, in order by chat, for every chat still open (queued or
    /// active) and every chat that ended at or after `since_ms`.
    fn message_times_since(&mut self, since_ms: i64) -> StoreResult<Vec<MessageTime>>;

    /// Writes a chat's derived review; the score, if any, stays as it was.
    fn save_review(&mut self, review: &ReviewRecord) -> StoreResult<()>;
    /// Scores a chat's review; `false` when the chat has no review.
    fn score_review(&mut self, chat: Uuid, score: &ReviewScore) -> StoreResult<bool>;
    /// A chat's review with the names of the people in it.
    fn review(&mut self, chat: Uuid) -> StoreResult<Option<Review>>;
    /// Reviews matching `filter`, the latest ended first.
    fn reviews(&mut self, filter: &ReviewFilter) -> StoreResult<Vec<Review>>;
    /// `(agent id, score)` of every scored review of a chat that ended in `[from_ms, to_ms]`.
    fn review_scores(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<(Uuid, u8)>>;
    /// Notes that a chat's customer was put on hold at `at_ms`.
    fn note_hold_start(&mut self, chat: Uuid, at_ms: i64) -> StoreResult<()>;
    /// When a chat's customer was put on hold, in order.
    fn hold_starts(&mut self, chat: Uuid) -> StoreResult<Vec<i64>>;

    /// Records a missed chat; `false` (and nothing stored) when its chat already has one.
    fn insert_missed(&mut self, missed: &MissedChat) -> StoreResult<bool>;
    /// Writes a missed chat's claim and follow-up.
    fn update_missed(&mut self, missed: &MissedChat) -> StoreResult<()>;
    /// A missed chat with its claimer's name (`queue_name` is the queue id; the engine names it).
    fn missed_chat(&mut self, id: Uuid) -> StoreResult<Option<MissedChat>>;
    /// Missed chats not yet followed up (all of them with `include_done`), newest first.
    fn missed_chats(&mut self, include_done: bool) -> StoreResult<Vec<MissedChat>>;
    /// Chats that ended in `[from_ms, to_ms]` and had an agent, by end time (the report's rows).
    fn ended_chats_between(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<ChatRow>>;
    /// When each message was written in the chats [`Tx::ended_chats_between`] lists, in order
    /// by chat.
    fn message_times_of_ended(&mut self, from_ms: i64, to_ms: i64)
    -> StoreResult<Vec<MessageTime>>;
}
