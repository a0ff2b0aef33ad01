//! Escalations and their threads.

use uuid::Uuid;

use super::StoreResult;
use crate::protocol::{Escalation, EscalationReply, EscalationState};

/// Which escalations to list; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EscalationFilter {
    pub chat: Option<Uuid>,
    /// The agent who sent them.
    pub agent: Option<Uuid>,
    pub state: Option<EscalationState>,
    /// Answered at or after this moment (milliseconds since the epoch).
    pub answered_from_ms: Option<i64>,
}

/// Escalations and their threads.
pub trait EscalationStore {
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
}
