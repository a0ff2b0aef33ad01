//! Agents and leads.

use super::agent_columns;

pub const BY_ID: &str = concat!("SELECT ", agent_columns!(), " FROM agents WHERE id = ?1");

pub const BY_TOKEN: &str = concat!(
    "SELECT ",
    agent_columns!(),
    " FROM agents WHERE token_hash = ?1 AND removed_ms IS NULL"
);

pub const BY_NAME: &str = concat!(
    "SELECT ",
    agent_columns!(),
    " FROM agents WHERE name = ?1 AND removed_ms IS NULL"
);

pub const ALL: &str = concat!(
    "SELECT ",
    agent_columns!(),
    " FROM agents WHERE removed_ms IS NULL ORDER BY name"
);

/// Bound with an agent's columns in order.
pub const INSERT: &str = concat!(
    "INSERT INTO agents (",
    agent_columns!(),
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
);

/// Bound with an agent's columns in order.
pub const UPDATE: &str = "UPDATE agents SET name = ?2, display_name = ?3, role = ?4, \
     queues = ?5, token_hash = ?6, presence = ?7, presence_ms = ?8, idle_since_ms = ?9, \
     created_ms = ?10 WHERE id = ?1";

/// `?1` id, `?2` when.
pub const REMOVE: &str = "UPDATE agents SET removed_ms = ?2, presence = 'offline' WHERE id = ?1";
