//! Agents and leads, and their presence.

use uuid::Uuid;

use super::{StoreResult, TokenHash};
use crate::protocol::{Presence, Role};

/// An agent or lead as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentRow {
    pub id: Uuid,
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub queues: Vec<String>,
    pub token_hash: TokenHash,
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

/// Agents and leads.
pub trait AgentStore {
    fn agent(&mut self, id: Uuid) -> StoreResult<Option<AgentRow>>;
    fn agent_by_token(&mut self, token_hash: &TokenHash) -> StoreResult<Option<AgentRow>>;
    fn agent_by_name(&mut self, name: &str) -> StoreResult<Option<AgentRow>>;
    /// Everyone who can sign in, by name.
    fn agents(&mut self) -> StoreResult<Vec<AgentRow>>;
    fn insert_agent(&mut self, agent: &AgentRow) -> StoreResult<()>;
    fn update_agent(&mut self, agent: &AgentRow) -> StoreResult<()>;
    /// Signs an agent out for good; their history stays.
    fn remove_agent(&mut self, id: Uuid, at_ms: i64) -> StoreResult<()>;
}
