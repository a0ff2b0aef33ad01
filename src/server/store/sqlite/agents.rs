//! The rows of agents and leads.

use super::columns::columns;
use crate::server::store::TokenHash;
use uuid::Uuid;

use super::rows::write_agent;
use super::tx::SqliteTx;
use crate::server::store::rows::agent_from;
use crate::server::store::sql::agents as sql;
use crate::server::store::{AgentRow, AgentStore, StoreResult};

impl AgentStore for SqliteTx<'_> {
    fn agent(&mut self, id: Uuid) -> StoreResult<Option<AgentRow>> {
        self.one(sql::BY_ID, [id.to_string()], |r| agent_from(r))
    }

    fn agent_by_token(&mut self, token_hash: &TokenHash) -> StoreResult<Option<AgentRow>> {
        self.one(sql::BY_TOKEN, [token_hash.as_str()], |r| agent_from(r))
    }

    fn agent_by_name(&mut self, name: &str) -> StoreResult<Option<AgentRow>> {
        self.one(sql::BY_NAME, [name], |r| agent_from(r))
    }

    fn agents(&mut self) -> StoreResult<Vec<AgentRow>> {
        self.all(sql::ALL, [], |r| agent_from(r))
    }

    fn insert_agent(&mut self, agent: &AgentRow) -> StoreResult<()> {
        Ok(write_agent(self.conn, sql::INSERT, agent)?)
    }

    fn update_agent(&mut self, agent: &AgentRow) -> StoreResult<()> {
        Ok(write_agent(self.conn, sql::UPDATE, agent)?)
    }

    fn remove_agent(&mut self, id: Uuid, at_ms: i64) -> StoreResult<()> {
        self.write(sql::REMOVE, columns![id, at_ms])?;
        Ok(())
    }
}
