//! `chatdesk demo` (and `chatdesk` with no server configured): a backend in this process on a
//! free loopback port, with a data directory of its own, a demo agent, and simulated
//! customers arriving. `chatdesk demo --lead` signs in a demo lead instead, on a floor of
//! simulated agents ([`crate::sim::agents`]) working the simulated customers.

use std::path::PathBuf;
use std::time::Duration;

use crate::assets::Catalog;
use crate::protocol::Role;
use crate::server::{self, Running};

/// A running demo.
pub struct Demo {
    pub running: Running,
    pub server: String,
    pub token: String,
    pub dir: PathBuf,
}

/// Who the console signs in as, and whether simulated agents work the floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    /// The demo agent, alone.
    Agent,
    /// A demo lead, with a dozen simulated agents.
    Lead,
}

/// Starts the backend, the simulated customers and (for a lead) the simulated agents.
pub async fn start(customers: usize, every: Duration, seat: Seat) -> anyhow::Result<Demo> {
    let dir = std::env::temp_dir().join(format!(
        "chatdesk-demo-{}-{}",
        std::process::id(),
        jiff::Timestamp::now().as_millisecond()
    ));
    std::fs::create_dir_all(&dir)?;
    let running = server::start("127.0.0.1:0".parse()?, &dir).await?;
    let queues: Vec<String> = Catalog::load(Some(&dir))?
        .queues
        .into_iter()
        .map(|q| q.id)
        .collect();
    let (_, token) = match seat {
        Seat::Agent => crate::cli::agents::add(
            &crate::cli::agents::Team::in_dir(&dir),
            "demo",
            Some("Dana (demo)"),
            Role::Agent,
            &queues,
        )?,
        Seat::Lead => crate::cli::agents::add(
            &crate::cli::agents::Team::in_dir(&dir),
            "lead",
            Some("Lee (demo lead)"),
            Role::Lead,
            &queues,
        )?,
    };
    let server = format!("http://{}", running.addr);
    if seat == Seat::Lead {
        let script = crate::sim::Script::builtin().agents;
        for (i, name) in script.names.iter().enumerate() {
            let login = format!("sim{}", i + 1);
            let (_, token) = crate::cli::agents::add(
                &crate::cli::agents::Team::in_dir(&dir),
                &login,
                Some(name),
                Role::Agent,
                &queues,
            )?;
            let agent = crate::sim::agents::Agent {
                name: name.clone(),
                token,
            };
            let seed = jiff::Timestamp::now().as_nanosecond() as u64 ^ (i as u64 + 1);
            tokio::spawn(crate::sim::agents::work(
                server.clone(),
                script.clone(),
                agent,
                seed,
            ));
        }
    }
    if customers > 0 {
        let seed = jiff::Timestamp::now().as_nanosecond() as u64;
        tokio::spawn(crate::sim::run(
            server.clone(),
            crate::sim::Script::builtin(),
            customers,
            every,
            seed,
        ));
    }
    Ok(Demo {
        running,
        server,
        token,
        dir,
    })
}

impl Demo {
    /// Stops the backend and removes the demo's data.
    pub async fn finish(self) -> anyhow::Result<()> {
        let stopped = self.running.stop().await;
        let _ = std::fs::remove_dir_all(&self.dir);
        stopped
    }
}
