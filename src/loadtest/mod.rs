//! `chatdesk loadtest`: many customers chatting at once against a real backend.
//!
//! It signs in enough agents to take every chat (two each), lets routing offer the chats, and
//! has every customer send messages as fast as they are acknowledged. It reports the accepted
//! message rate, the time from a send's acknowledgement to its arrival on the agent's event
//! stream, and, in the same run, the request rate of a route that does no work (`/healthz`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures::StreamExt;
use uuid::Uuid;

use crate::protocol::{
    ChatCreated, ChatState, CustomerChat, Event, EventBody, NewChat, NewMessage, Party, Presence,
    PresenceChange, Role,
};

mod report;

pub use report::Report;
use report::{percentile, print_report};

#[derive(clap::Args, Debug, Clone)]
pub struct Options {
    /// Backend to load. Without it, a backend is started for the run in a temporary directory.
    #[arg(long)]
    pub server: Option<String>,
    /// The backend's data directory (to sign in the load-test agents); needed with --server.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Customers chatting at once.
    #[arg(long, default_value_t = 200)]
    pub customers: usize,
    /// Seconds of sending, and again of the no-op route.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

/// When each message was acknowledged, and when it reached the agent.
#[derive(Default)]
struct Ledger {
    sent: HashMap<String, Instant>,
    acked: HashMap<String, Instant>,
    arrived: HashMap<String, Instant>,
    send_to_ack: Vec<Duration>,
}

pub async fn run(options: Options) -> anyhow::Result<()> {
    let (base, data_dir, child) = match &options.server {
        Some(server) => {
            let Some(dir) = options.data_dir.clone() else {
                bail!("--data-dir is needed with --server, to sign in the load-test agents");
            };
            (server.trim_end_matches('/').to_string(), dir, None)
        }
        None => {
            let (base, dir, child) = spawn_backend().await?;
            (base, dir, Some(child))
        }
    };
    let result = measure(&options, &base, &data_dir).await;
    if let Some((mut child, dir)) = child {
        let _ = child.kill().await;
        let _ = std::fs::remove_dir_all(dir);
    }
    let report = result?;
    if options.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    Ok(())
}

type Spawned = (String, PathBuf, (tokio::process::Child, PathBuf));

async fn spawn_backend() -> anyhow::Result<Spawned> {
    use tokio::io::AsyncBufReadExt;
    let dir = std::env::temp_dir().join(format!("chatdesk-loadtest-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir)?;
    let mut child = tokio::process::Command::new(std::env::current_exe()?)
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(&dir)
        .env("CHATDESK_LOG", "warn")
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
            return Ok((base, dir.clone(), (child, dir)));
        }
    }
    bail!("the backend stopped before it was listening")
}

async fn measure(
    options: &Options,
    base: &str,
    data_dir: &std::path::Path,
) -> anyhow::Result<Report> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(options.customers + 16)
        .build()?;
    let queues = crate::assets::Catalog::load(Some(data_dir))?
        .queues
        .into_iter()
        .map(|q| q.id)
        .collect::<Vec<_>>();
    let agent_count = options.customers.div_ceil(2).max(1);
    let run_id = &Uuid::now_v7().simple().to_string()[..8];
    let ledger = Arc::new(Mutex::new(Ledger::default()));

    // Agents: sign in, follow their stream, accept whatever is offered.
    let mut agent_names = Vec::new();
    let mut agent_tasks = Vec::new();
    for i in 0..agent_count {
        let name = format!("loadtest-{run_id}-{i}");
        let (_, token) = crate::cli::agents::add(data_dir, &name, None, Role::Agent, &queues)?;
        agent_names.push(name);
        agent_tasks.push(tokio::spawn(agent_loop(
            client.clone(),
            base.to_string(),
            token,
            Arc::clone(&ledger),
        )));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Customers: ask for a chat, wait until an agent has it.
    let mut chats = Vec::new();
    for i in 0..options.customers {
        let new = NewChat {
            name: format!("Load Customer {i}"),
            email: format!("load{i}@example.com"),
            reason: queues[i % queues.len()].clone(),
            client_id: None,
        };
        let created: ChatCreated = client
            .post(format!("{base}/api/v1/chats"))
            .json(&new)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        chats.push(created);
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    for chat in &chats {
        loop {
            let state: CustomerChat = client
                .get(format!("{base}/api/v1/chats/{}", chat.id))
                .bearer_auth(&chat.token)
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            if state.state == ChatState::Active {
                break;
            }
            if Instant::now() > deadline {
                bail!("chat {} was not taken by an agent within 60 s", chat.id);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    // Sending phase.
    let seconds = Duration::from_secs(options.seconds);
    let started = Instant::now();
    let mut senders = Vec::new();
    for chat in chats.iter().cloned() {
        let client = client.clone();
        let base = base.to_string();
        let ledger = Arc::clone(&ledger);
        senders.push(tokio::spawn(async move {
            let mut sent = 0u64;
            while started.elapsed() < seconds {
                let id = Uuid::now_v7().to_string();
                let body = NewMessage {
                    body: format!("Hello, my order {sent} from Acme Devices has not arrived yet."),
                    client_msg_id: id.clone(),
                };
                let before = Instant::now();
                let response = client
                    .post(format!("{base}/api/v1/chats/{}/messages", chat.id))
                    .bearer_auth(&chat.token)
                    .json(&body)
                    .send()
                    .await;
                let acked = Instant::now();
                if response.is_ok_and(|r| r.status().is_success()) {
                    let mut ledger = ledger.lock().expect("ledger");
                    ledger.sent.insert(id.clone(), before);
                    ledger.acked.insert(id, acked);
                    ledger.send_to_ack.push(acked - before);
                    sent += 1;
                }
            }
            sent
        }));
    }
    let mut accepted = 0u64;
    for sender in senders {
        accepted += sender.await?;
    }
    let send_elapsed = started.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;

    // No-op phase, same concurrency.
    let noop_started = Instant::now();
    let mut hammers = Vec::new();
    for _ in 0..options.customers {
        let client = client.clone();
        let url = format!("{base}/healthz");
        hammers.push(tokio::spawn(async move {
            let mut done = 0u64;
            while noop_started.elapsed() < seconds {
                if client
                    .get(&url)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success())
                {
                    done += 1;
                }
            }
            done
        }));
    }
    let mut noop = 0u64;
    for hammer in hammers {
        noop += hammer.await?;
    }
    let noop_elapsed = noop_started.elapsed();

    // Tidy up: end the chats, stop the agents, withdraw them.
    for chat in &chats {
        let _ = client
            .post(format!("{base}/api/v1/chats/{}/end", chat.id))
            .bearer_auth(&chat.token)
            .send()
            .await;
    }
    for task in agent_tasks {
        task.abort();
    }
    for name in &agent_names {
        let _ = crate::cli::agents::remove(data_dir, name);
    }

    let ledger = ledger.lock().expect("ledger");
    let mut delivery: Vec<Duration> = ledger
        .acked
        .iter()
        .filter_map(|(id, acked)| {
            ledger
                .arrived
                .get(id)
                .map(|arrived| arrived.saturating_duration_since(*acked))
        })
        .collect();
    delivery.sort();
    let mut send_to_delivery: Vec<Duration> = ledger
        .sent
        .iter()
        .filter_map(|(id, sent)| {
            ledger
                .arrived
                .get(id)
                .map(|arrived| arrived.saturating_duration_since(*sent))
        })
        .collect();
    send_to_delivery.sort();
    let delivered_before_ack = ledger
        .acked
        .iter()
        .filter(|(id, acked)| ledger.arrived.get(*id).is_some_and(|a| a < *acked))
        .count() as u64;
    let mut send_to_ack = ledger.send_to_ack.clone();
    send_to_ack.sort();
    let messages_per_sec = accepted as f64 / send_elapsed.as_secs_f64();
    let noop_per_sec = noop as f64 / noop_elapsed.as_secs_f64();
    Ok(Report {
        customers: options.customers,
        agents: agent_count,
        seconds: options.seconds,
        messages_accepted: accepted,
        messages_per_sec,
        delivered: delivery.len() as u64,
        not_delivered: accepted.saturating_sub(delivery.len() as u64),
        ack_to_delivery_p50_ms: percentile(&delivery, 50.0),
        ack_to_delivery_p99_ms: percentile(&delivery, 99.0),
        ack_to_delivery_max_ms: percentile(&delivery, 100.0),
        send_to_ack_p50_ms: percentile(&send_to_ack, 50.0),
        send_to_ack_p99_ms: percentile(&send_to_ack, 99.0),
        send_to_delivery_p50_ms: percentile(&send_to_delivery, 50.0),
        send_to_delivery_p99_ms: percentile(&send_to_delivery, 99.0),
        delivered_before_ack,
        noop_requests: noop,
        noop_requests_per_sec: noop_per_sec,
        message_rate_vs_noop: if noop_per_sec > 0.0 {
            messages_per_sec / noop_per_sec
        } else {
            0.0
        },
    })
}

/// One agent: available, accepting every offer, noting when customers' messages arrive.
async fn agent_loop(
    client: reqwest::Client,
    base: String,
    token: String,
    ledger: Arc<Mutex<Ledger>>,
) -> anyhow::Result<()> {
    let response = client
        .get(format!("{base}/api/v1/me/events"))
        .bearer_auth(&token)
        .send()
        .await?
        .error_for_status()?;
    client
        .put(format!("{base}/api/v1/me/presence"))
        .bearer_auth(&token)
        .json(&PresenceChange {
            presence: Presence::Available,
        })
        .send()
        .await?
        .error_for_status()?;
    let mut events = eventsource_stream::EventStream::new(response.bytes_stream());
    while let Some(event) = events.next().await {
        let event = event?;
        let arrived = Instant::now();
        let Ok(event) = serde_json::from_str::<Event>(&event.data) else {
            continue;
        };
        match event.body {
            EventBody::OfferCreated { offer } => {
                let client = client.clone();
                let url = format!("{base}/api/v1/offers/{}/accept", offer.id);
                let token = token.clone();
                tokio::spawn(async move { client.post(url).bearer_auth(token).send().await });
            }
            EventBody::MessageCreated { message } if message.author == Party::Customer => {
                if let Some(id) = message.client_msg_id {
                    ledger.lock().expect("ledger").arrived.insert(id, arrived);
                }
            }
            _ => {}
        }
    }
    Ok(())
}
