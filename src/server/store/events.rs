//! Events: who may see them, which a stream carries.

use uuid::Uuid;

use super::StoreResult;
use crate::protocol::EventBody;

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

/// The one increasing sequence of events.
pub trait EventStore {
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
}
