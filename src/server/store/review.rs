//! Chat reviews: the derived flags and the lead's score, and the moments a customer was put
//! on hold.

use uuid::Uuid;

use super::StoreResult;
use crate::protocol::{Review, ReviewFlags, ReviewPart};

/// The derived part of a chat's review, as written when the chat ends or is wrapped up.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRecord {
    pub chat_id: Uuid,
    pub agent_id: Uuid,
    pub ended_ms: i64,
    pub disposition_code: Option<String>,
    pub flags: ReviewFlags,
    /// Each person's part, in order.
    pub parts: Vec<ReviewPart>,
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

/// Reviews of ended chats.
pub trait ReviewStore {
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
    /// Notes that a chat was given to `agent` at `at_ms` (the start of their part).
    fn note_part(&mut self, chat: Uuid, agent: Uuid, at_ms: i64) -> StoreResult<()>;
    /// Who a chat was given to and when, in order.
    fn parts(&mut self, chat: Uuid) -> StoreResult<Vec<(Uuid, i64)>>;
    /// `(chat, agent, from_ms)` of every part of the chats that ended in `[from_ms, to_ms]`.
    fn parts_of_ended(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<(Uuid, Uuid, i64)>>;
    /// Notes that a chat's customer was put on hold at `at_ms`.
    fn note_hold_start(&mut self, chat: Uuid, at_ms: i64) -> StoreResult<()>;
    /// When a chat's customer was put on hold, in order.
    fn hold_starts(&mut self, chat: Uuid) -> StoreResult<Vec<i64>>;
}
