//! The rows of agents and leads.

use uuid::Uuid;

use super::tx::PostgresTx;
use crate::server::store::columns::columns;
use crate::server::store::rows::agent_from;
use crate::server::store::rows::agent_values;
use crate::server::store::sql::agents as sql;
use crate::server::store::{AgentRow, AgentStore, StoreResult, TokenHash};

impl AgentStore for PostgresTx<'_> {
    fn agent(&mut self, id: Uuid) -> StoreResult<Option<AgentRow>> {
        self.one(sql::BY_ID, &[&id.to_string()], agent_from)
    }

    fn agent_by_token(&mut self, token_hash: &TokenHash) -> StoreResult<Option<AgentRow>> {
        self.one(sql::BY_TOKEN, &[&token_hash.as_str()], agent_from)
    }

    fn agent_by_name(&mut self, name: &str) -> StoreResult<Option<AgentRow>> {
        self.one(sql::BY_NAME, &[&name], agent_from)
    }

    fn agents(&mut self) -> StoreResult<Vec<AgentRow>> {
        self.all(sql::ALL, &[], agent_from)
    }

    fn insert_agent(&mut self, agent: &AgentRow) -> StoreResult<()> {
        self.write(sql::INSERT, &agent_values(agent))?;
        Ok(())
    }

    fn update_agent(&mut self, agent: &AgentRow) -> StoreResult<()> {
        self.write(sql::UPDATE, &agent_values(agent))?;
        Ok(())
    }

    fn remove_agent(&mut self, id: Uuid, at_ms: i64) -> StoreResult<()> {
        self.write(sql::REMOVE, columns![id, at_ms])?;
        Ok(())
    }
}
