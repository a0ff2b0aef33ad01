//! The support procedure: what the inactivity clock counts from, and the commitments and
//! tickets recorded at wrap-up.

use uuid::Uuid;

use super::StoreResult;
use crate::policy::inactivity::Silence;
use crate::protocol::{Commitment, Party, Ticket};

/// What the support procedure keeps of a chat.
pub trait ProcedureStore {
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
    /// Stores the ticket opened for a chat (during it or at wrap-up): a second one replaces the
    /// first's subject, contact and note, keeping its id (the customer's reference).
    fn set_chat_ticket(&mut self, chat: Uuid, ticket: Option<&Ticket>) -> StoreResult<()>;
    /// The ticket opened for a chat, if any.
    fn chat_ticket(&mut self, chat: Uuid) -> StoreResult<Option<Ticket>>;
    fn commitment(&mut self, id: Uuid) -> StoreResult<Option<Commitment>>;
    fn set_commitment_done(&mut self, id: Uuid, at_ms: i64) -> StoreResult<()>;
    /// An agent's commitments not yet done, soonest due first.
    fn open_commitments(&mut self, agent: Uuid) -> StoreResult<Vec<Commitment>>;
    /// An agent's `limit` newest tickets, newest first.
    fn recent_tickets(&mut self, agent: Uuid, limit: usize) -> StoreResult<Vec<Ticket>>;
}
