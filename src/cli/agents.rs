//! `chatdesk agents add|list|remove|token`: operators manage who signs in. These work on the
//! database directly (SQLite in the data directory, or the PostgreSQL database given with
//! `--database`), with or without a running backend.

use std::path::Path;

use anyhow::{Context, bail};
use uuid::Uuid;

use crate::assets::Catalog;
use crate::protocol::{ChatState, Presence, Role};
use crate::server::auth::{hash_token, new_agent_token};
use crate::server::store::postgres::PostgresStore;
use crate::server::store::sqlite::{now_ms, open, with_tx};
use crate::server::store::{AgentRow, StoreResult, Tx};

/// Where a team's records are: SQLite in its data directory, or a PostgreSQL database (the
/// data directory then holds only the data files: queues, policy and the like).
#[derive(Debug, Clone, Copy)]
pub struct Team<'a> {
    pub data_dir: &'a Path,
    pub database: Option<&'a str>,
}

impl<'a> Team<'a> {
    /// The team of a data directory on SQLite.
    pub fn in_dir(data_dir: &'a Path) -> Team<'a> {
        Team {
            data_dir,
            database: None,
        }
    }

    /// Runs `work` in one write transaction on the team's database.
    fn write<T: Send>(
        &self,
        work: impl FnOnce(&mut dyn Tx) -> StoreResult<T> + Send,
    ) -> anyhow::Result<T> {
        match self.database {
            Some(url) => Ok(PostgresStore::connect(url)?.write(work)?.0),
            None => with_tx(&open(self.data_dir)?, work),
        }
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Adds someone and returns their sign-in token.
pub fn add(
    team: &Team,
    name: &str,
    display_name: Option<&str>,
    role: Role,
    queues: &[String],
) -> anyhow::Result<(AgentRow, String)> {
    if !valid_name(name) {
        bail!("the name {name:?} must be 1–64 letters, digits, '.', '-' or '_' (e.g. dana.reyes)");
    }
    let catalog = Catalog::load(Some(team.data_dir))?;
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
    let stored = agent.clone();
    team.write(move |tx| {
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

pub fn list(team: &Team) -> anyhow::Result<Vec<(AgentRow, u32)>> {
    team.write(|tx| {
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
pub fn remove(team: &Team, name: &str) -> anyhow::Result<()> {
    team.write(|tx| {
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
pub fn reissue(team: &Team, name: &str) -> anyhow::Result<String> {
    let token = new_agent_token();
    let hash = hash_token(&token);
    team.write(|tx| {
        let mut agent = tx
            .agent_by_name(name)?
            .with_context(|| format!("there is nobody called {name:?}"))?;
        agent.token_hash = hash;
        tx.update_agent(&agent)
    })?;
    Ok(token)
}

/// What `chatdesk agents` does.
#[derive(clap::Subcommand)]
pub enum AgentsAction {
    /// Add someone and print their sign-in token (shown once).
    Add {
        /// Sign-in name, e.g. dana.reyes.
        name: String,
        #[arg(long, value_parser = parse_role, default_value = "agent")]
        role: Role,
        /// Queues they serve, comma-separated (e.g. billing,device).
        #[arg(long, value_delimiter = ',')]
        queues: Vec<String>,
        /// The name customers and colleagues see (defaults to the sign-in name).
        #[arg(long)]
        display_name: Option<String>,
        /// Print only the token (for scripts).
        #[arg(long, short)]
        quiet: bool,
    },
    /// List everyone who can sign in.
    List,
    /// Withdraw someone's sign-in (refused while they hold active chats).
    Remove { name: String },
    /// Issue a new token for someone; the old one stops working.
    Token {
        name: String,
        /// Print only the token.
        #[arg(long, short)]
        quiet: bool,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| format!("{text:?} is not a role; use agent or lead"))
}

/// Runs one `chatdesk agents` action on the team's database, printing what it did.
pub fn run(dir: &Team, action: AgentsAction) -> anyhow::Result<()> {
    match action {
        AgentsAction::Add {
            name,
            role,
            queues,
            display_name,
            quiet,
        } => {
            let (agent, token) = add(dir, &name, display_name.as_deref(), role, &queues)?;
            if quiet {
                println!("{token}");
            } else {
                let serves = if agent.queues.is_empty() {
                    "no queues".to_string()
                } else {
                    agent.queues.join(", ")
                };
                println!(
                    "Added {} {} ({}), serving {serves}.",
                    agent.role.as_str(),
                    agent.name,
                    agent.display_name
                );
                println!("Sign-in token (shown only now; hand it over safely):");
                println!("{token}");
            }
        }
        AgentsAction::List => {
            let everyone = list(dir)?;
            if everyone.is_empty() {
                println!("Nobody can sign in yet: chatdesk agents add NAME --queues billing");
                return Ok(());
            }
            println!(
                "{:<20} {:<24} {:<6} {:<10} {:<6} QUEUES",
                "NAME", "DISPLAY NAME", "ROLE", "PRESENCE", "CHATS"
            );
            for (agent, active) in everyone {
                println!(
                    "{:<20} {:<24} {:<6} {:<10} {:<6} {}",
                    agent.name,
                    agent.display_name,
                    agent.role.as_str(),
                    agent.presence.as_str(),
                    active,
                    agent.queues.join(",")
                );
            }
        }
        AgentsAction::Remove { name } => {
            remove(dir, &name)?;
            println!("Removed {name}; their token no longer signs in.");
        }
        AgentsAction::Token { name, quiet } => {
            let token = reissue(dir, &name)?;
            if !quiet {
                println!("New sign-in token for {name} (the old one no longer works):");
            }
            println!("{token}");
        }
    }
    Ok(())
}
