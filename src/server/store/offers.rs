//! Offers of queued chats to agents, and of colleagues' chats they were asked to take.

use uuid::Uuid;

use super::StoreResult;
use crate::protocol::OfferEnd;

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
    /// A colleague's transfer of their active chat, rather than a chat from the queue.
    pub transfer: Option<TransferAsk>,
}

/// Who asked a colleague to take their chat, the note for them, and what the customer is told
/// once they take it (nothing is said to the customer before).
#[derive(Debug, Clone, PartialEq)]
pub struct TransferAsk {
    pub from: Uuid,
    pub note: String,
    pub notice: Option<String>,
}

/// Offers, and what the queue's cool-downs run from.
pub trait OfferStore {
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
}
