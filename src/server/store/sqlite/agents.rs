//! The rows of agents and leads.

use super::columns::columns;
use crate::server::store::TokenHash;
use uuid::Uuid;

use super::rows::{AGENT_COLUMNS, agent_from, write_agent};
use super::tx::SqliteTx;
use crate::server::store::{AgentRow, AgentStore, StoreResult};

impl AgentStore for SqliteTx<'_> {
    fn agent(&mut self, id: Uuid) -> StoreResult<Option<AgentRow>> {
        self.one(
            &format!("SELECT {AGENT_COLUMNS} FROM agents WHERE id = ?1"),
            [id.to_string()],
            agent_from,
        )
    }

    fn agent_by_token(&mut self, token_hash: &TokenHash) -> StoreResult<Option<AgentRow>> {
        self.one(
            &format!(
                "SELECT {AGENT_COLUMNS} FROM agents WHERE token_hash = ?1 AND removed_ms IS NULL"
            ),
            [token_hash.as_str()],
            agent_from,
        )
    }

    fn agent_by_name(&mut self, name: &str) -> StoreResult<Option<AgentRow>> {
        self.one(
            &format!("SELECT {AGENT_COLUMNS} FROM agents WHERE name = ?1 AND removed_ms IS NULL"),
            [name],
            agent_from,
        )
    }

    fn agents(&mut self) -> StoreResult<Vec<AgentRow>> {
        self.all(
            &format!("SELECT {AGENT_COLUMNS} FROM agents WHERE removed_ms IS NULL ORDER BY name"),
            [],
            agent_from,
        )
    }

    fn insert_agent(&mut self, agent: &AgentRow) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO agents ({AGENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        );
        Ok(write_agent(self.conn, &sql, agent)?)
    }

    fn update_agent(&mut self, agent: &AgentRow) -> StoreResult<()> {
        let sql = "UPDATE agents SET name = ?2, display_name = ?3, role = ?4, queues = ?5, \
             token_hash = ?6, presence = ?7, presence_ms = ?8, idle_since_ms = ?9, \
             created_ms = ?10 WHERE id = ?1";
        Ok(write_agent(self.conn, sql, agent)?)
    }

    fn remove_agent(&mut self, id: Uuid, at_ms: i64) -> StoreResult<()> {
        self.write(
            "UPDATE agents SET removed_ms = ?2, presence = 'offline' WHERE id = ?1",
            columns![id, at_ms],
        )?;
        Ok(())
    }
}
