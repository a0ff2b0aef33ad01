//! `chatdesk agents add|list|remove|token`: operators manage who signs in. These work on the
//! data directory directly, with or without a running backend.

use std::path::Path;

use anyhow::{Context, bail};
use uuid::Uuid;

use crate::assets::Catalog;
use crate::protocol::{ChatState, Presence, Role};
use crate::server::auth::{hash_token, new_agent_token};
use crate::server::store::AgentRow;
use crate::server::store::sqlite::{now_ms, open, with_tx};

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Adds someone and returns their sign-in token.
pub fn add(
    data_dir: &Path,
    name: &str,
    display_name: Option<&str>,
    role: Role,
    queues: &[String],
) -> anyhow::Result<(AgentRow, String)> {
    if !valid_name(name) {
        bail!("the name {name:?} must be 1–64 letters, digits, '.', '-' or '_' (e.g. dana.reyes)");
    }
    let catalog = Catalog::load(Some(data_dir))?;
    for queue in queues {
        if catalog.queue(queue).is_none() {
            let known: Vec<&str> = catalog.queues.iter().map(|q| q.id.as_str()).collect();
            bail!(
                "there is no queue {queue:?}; the queues are: {}",
                known.join(", ")
            );
        }
    }
    if role == Role::Agent && queues.is_empty() {
        bail!("an agent needs at least one queue: --queues billing,device");
    }
    let display_name = display_name.map_or_else(|| name.to_string(), |d| d.trim().to_string());
    if display_name.is_empty() {
        bail!("the display name must not be empty");
    }
    let token = new_agent_token();
    let now = now_ms();
    let agent = AgentRow {
        id: Uuid::now_v7(),
        name: name.to_string(),
        display_name,
        role,
        queues: queues.to_vec(),
        token_hash: hash_token(&token),
        presence: Presence::Offline,
        presence_ms: now,
        idle_since_ms: now,
        created_ms: now,
    };
    let conn = open(data_dir)?;
    let stored = agent.clone();
    with_tx(&conn, move |tx| {
        if tx.agent_by_name(&stored.name)?.is_some() {
            bail!(
                "there is already someone called {:?}; remove them first or pick another name",
                stored.name
            );
        }
        tx.insert_agent(&stored)
    })?;
    Ok((agent, token))
}

pub fn list(data_dir: &Path) -> anyhow::Result<Vec<(AgentRow, u32)>> {
    let conn = open(data_dir)?;
    with_tx(&conn, |tx| {
        let counts = tx.active_counts()?;
        Ok(tx
            .agents()?
            .into_iter()
            .map(|a| {
                let active = counts.get(&a.id).copied().unwrap_or(0);
                (a, active)
            })
            .collect())
    })
}

/// Withdraws someone's sign-in. Refused while they still hold active chats.
pub fn remove(data_dir: &Path, name: &str) -> anyhow::Result<()> {
    let conn = open(data_dir)?;
    with_tx(&conn, |tx| {
        let agent = tx
            .agent_by_name(name)?
            .with_context(|| format!("there is nobody called {name:?}"))?;
        let active = tx
            .agent_chats(agent.id)?
            .iter()
            .filter(|c| c.state == ChatState::Active)
            .count();
        if active > 0 {
            bail!("{name} still has {active} active chat(s); they must end or transfer them first");
        }
        tx.remove_agent(agent.id, now_ms())
    })
}

/// Issues a new token for someone; the old one stops working.
pub fn reissue(data_dir: &Path, name: &str) -> anyhow::Result<String> {
    let conn = open(data_dir)?;
    let token = new_agent_token();
    let hash = hash_token(&token);
    with_tx(&conn, |tx| {
        let mut agent = tx
            .agent_by_name(name)?
            .with_context(|| format!("there is nobody called {name:?}"))?;
        agent.token_hash = hash;
        tx.update_agent(&agent)
    })?;
    Ok(token)
}
