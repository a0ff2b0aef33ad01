//! `chatdesk loadtest`: scenarios against a real backend, each reporting what it costs.
//!
//! - `chat` (the default): every customer sends as fast as the backend acknowledges; the
//!   accepted message rate, the time from acknowledgement to the agent's stream, and in the
//!   same run the request rate of a route that does no work (`/healthz`).
//! - `soak`: steady chatting (a message per customer every two seconds) for `--seconds`.
//! - `flood`: one address creating chats as fast as it can, while a second address creates one
//!   chat a second.
//! - `abandon`: `--customers` (2,000) customers queue with their pages open, then every page
//!   closes; the backend ends each as a missed chat.
//!
//! Each also reports, measured during the run ([`watch`]): database and write-ahead-log growth
//! and the log's high-water mark, the backend's peak memory, the latency of ordinary requests
//! (a new chat, an agent's snapshot) and how many requests were limited.

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use uuid::Uuid;

use crate::protocol::{ChatCreated, NewChat, Role};

mod abandon;
mod chat;
mod flood;
mod report;
mod sending;
mod watch;

pub use report::Report;

/// What to load the backend with.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// Customers sending as fast as they are acknowledged.
    Chat,
    /// Customers chatting at a steady, human pace for --seconds.
    Soak,
    /// One address creating chats as fast as it can; another creating one a second.
    Flood,
    /// Customers queue with their pages open, then every page closes.
    Abandon,
}

#[derive(clap::Args, Debug, Clone)]
pub struct Options {
    /// Backend to load. Without it, a backend is started for the run in a temporary directory.
    #[arg(long)]
    pub server: Option<String>,
    /// The backend's data directory (to sign in the load-test agents and measure its files);
    /// needed with --server.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// The backend's process id with --server, to report its peak memory.
    #[arg(long)]
    pub pid: Option<u32>,
    /// Another node of the same team (repeatable), with --server: the chat scenario spreads
    /// its customers and agents over all the nodes, round robin.
    #[arg(long, value_name = "URL")]
    pub also_server: Vec<String>,
    /// The team's PostgreSQL database, with --server, when the nodes run on one (to sign in
    /// the load-test agents).
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    #[arg(long, value_enum, default_value_t = Scenario::Chat)]
    pub scenario: Scenario,
    /// Customers: chatting at once (chat, soak: 200), or queueing (abandon: 2000).
    #[arg(long)]
    pub customers: Option<usize>,
    /// Seconds of load (of sending, and again of the no-op route, for chat).
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// For chat: the seconds of sending and of the no-op route are taken in this many
    /// alternating rounds, and the ratio of the two rates reported is the median round's.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=60))]
    pub rounds: u64,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The backend under load.
pub struct Target {
    pub base: String,
    /// Every node: `base`, then the others of `--also-server`.
    pub bases: Vec<String>,
    pub data_dir: PathBuf,
    /// The team's PostgreSQL database (else SQLite in `data_dir`).
    pub database: Option<String>,
    pub pid: Option<u32>,
    pub queues: Vec<String>,
}

pub async fn run(options: Options) -> anyhow::Result<()> {
    let (target, child) = match &options.server {
        Some(server) => {
            let Some(dir) = options.data_dir.clone() else {
                bail!("--data-dir is needed with --server, to sign in the load-test agents");
            };
            let queues = queue_ids(&dir)?;
            let base = server.trim_end_matches('/').to_string();
            let mut bases = vec![base.clone()];
            bases.extend(
                options
                    .also_server
                    .iter()
                    .map(|s| s.trim_end_matches('/').to_string()),
            );
            let target = Target {
                base,
                bases,
                data_dir: dir,
                database: options.database.clone(),
                pid: options.pid,
                queues,
            };
            (target, None)
        }
        None => {
            let (target, child) = spawn_backend(options.scenario).await?;
            (target, Some(child))
        }
    };
    let result = match options.scenario {
        Scenario::Chat | Scenario::Soak => chat::run(&options, &target)
            .await
            .and_then(|r| print(&options, &r, report::print_report)),
        Scenario::Flood => flood::run(&options, &target)
            .await
            .and_then(|r| print(&options, &r, flood::print)),
        Scenario::Abandon => abandon::run(&options, &target, child.as_ref().map(|c| &c.0))
            .await
            .and_then(|r| print(&options, &r, abandon::print)),
    };
    if let Some((mut child, dir)) = child {
        let _ = child.kill().await;
        let _ = std::fs::remove_dir_all(dir);
    }
    result
}

fn print<T: serde::Serialize>(options: &Options, report: &T, text: fn(&T)) -> anyhow::Result<()> {
    if options.json {
        println!("{}", serde_json::to_string_pretty(report)?);
    } else {
        text(report);
    }
    Ok(())
}

fn queue_ids(dir: &Path) -> anyhow::Result<Vec<String>> {
    Ok(crate::assets::Catalog::load(Some(dir))?
        .queues
        .into_iter()
        .map(|q| q.id)
        .collect())
}

/// The data files a backend started for a scenario gets: flat-out chatting turns off the
/// limit on customers' messages (it is the point of the test to exceed it), and the abandon
/// scenario shortens the grace of a closed page so the run takes seconds, not minutes.
fn scenario_files(scenario: Scenario) -> &'static [(&'static str, &'static str)] {
    match scenario {
        Scenario::Chat => &[(
            "server.toml",
            "[limits]\ncustomer_messages_per_minute = 0\nagent_requests_per_minute = 0\n",
        )],
        Scenario::Soak | Scenario::Flood => &[],
        Scenario::Abandon => &[("policy.toml", "[missed]\npage_gone_after_secs = 10\n")],
    }
}

type Spawned = (Target, (tokio::process::Child, PathBuf));

async fn spawn_backend(scenario: Scenario) -> anyhow::Result<Spawned> {
    use tokio::io::AsyncBufReadExt;
    let dir = std::env::temp_dir().join(format!("chatdesk-loadtest-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir)?;
    for (name, text) in scenario_files(scenario) {
        std::fs::write(dir.join(name), text)?;
    }
    let mut child = tokio::process::Command::new(std::env::current_exe()?)
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(&dir)
        .env("CHATDESK_LOG", "error")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .context("cannot start a backend")?;
    let stdout = child.stdout.take().context("no backend output")?;
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    while let Some(line) = lines.next_line().await? {
        if let Some(url) = line.strip_prefix("chatdesk backend listening on ") {
            let base = url.trim().to_string();
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            let target = Target {
                bases: vec![base.clone()],
                base,
                data_dir: dir.clone(),
                database: None,
                pid: child.id(),
                queues: queue_ids(&dir)?,
            };
            return Ok((target, (child, dir)));
        }
    }
    bail!("the backend stopped before it was listening")
}

/// The loopback address customer `i` connects from: eight customers share one, as a few
/// people behind one router would, so no address passes its limit on new chats.
pub fn customer_address(i: usize) -> IpAddr {
    let n = i / 8;
    let third = u8::try_from(10 + n / 250).unwrap_or(255);
    let fourth = u8::try_from(1 + n % 250).unwrap_or(1);
    IpAddr::V4(Ipv4Addr::new(127, 0, third, fourth))
}

/// One HTTP client per customer address.
#[derive(Default)]
pub struct Clients(std::collections::HashMap<IpAddr, reqwest::Client>);

impl Clients {
    pub fn new() -> Clients {
        Clients::default()
    }

    pub fn for_customer(&mut self, i: usize) -> anyhow::Result<reqwest::Client> {
        let ip = customer_address(i);
        if let Some(client) = self.0.get(&ip) {
            return Ok(client.clone());
        }
        let client = watch::client_from(ip, 16)?;
        self.0.insert(ip, client.clone());
        Ok(client)
    }
}

/// Asks for a chat as customer `i`.
pub async fn new_chat(
    client: &reqwest::Client,
    base: &str,
    i: usize,
    queue: &str,
) -> anyhow::Result<ChatCreated> {
    let new = NewChat {
        name: format!("Load Customer {i}"),
        email: format!("load{i}@example.com"),
        reason: queue.to_string(),
        client_id: None,
    };
    Ok(client
        .post(format!("{base}/api/v1/chats"))
        .json(&new)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?)
}

/// Signs in an agent (or the probe) for this run directly in the data directory.
pub fn sign_in(target: &Target, name: &str) -> anyhow::Result<String> {
    let (_, token) =
        crate::cli::agents::add(&target.team(), name, None, Role::Agent, &target.queues)?;
    Ok(token)
}

impl Target {
    /// Where the team's records are, for signing agents in and out.
    pub fn team(&self) -> crate::cli::agents::Team<'_> {
        crate::cli::agents::Team {
            data_dir: &self.data_dir,
            database: self.database.as_deref(),
        }
    }
}

/// A short id telling this run's agents from another's.
pub fn run_id() -> String {
    Uuid::now_v7().simple().to_string()[24..].to_string()
}

/// Starts measuring beside a scenario, with a probe agent of its own.
pub fn watch(target: &Target, run: &str) -> anyhow::Result<(watch::Watch, Arc<watch::Refusals>)> {
    let refusals = Arc::new(watch::Refusals::default());
    let probe = sign_in(target, &format!("loadtest-{run}-probe"))?;
    let reason = target.queues.first().cloned().unwrap_or_default();
    let watching = watch::Watch::start(
        &target.base,
        &target.data_dir,
        target.pid,
        probe,
        reason,
        Arc::clone(&refusals),
    )?;
    Ok((watching, refusals))
}
