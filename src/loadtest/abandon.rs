//! The `abandon` scenario: `--customers` (2,000) customers ask for a chat with nobody
//! available and keep their page open (their event stream), then every page closes at once.
//! The backend ends each as a missed chat once the page has stayed closed for
//! `page_gone_after_secs` (10 s on a backend the load test starts). It reports how long the
//! queueing and the ending took and, when it started the backend, how long a stop (SIGTERM)
//! took right afterwards.

use std::time::{Duration, Instant};

use futures::StreamExt;
use serde::Serialize;

use super::watch::{Observed, print_observed};
use super::{Clients, Options, Target};
use crate::protocol::QueueListing;

/// Chats asked for at once.
const AT_ONCE: usize = 64;

#[derive(Debug, Serialize)]
pub struct AbandonReport {
    pub customers: usize,
    pub queued_secs: f64,
    /// From the pages closing until no chat of the run is waiting.
    pub all_ended_secs: Option<f64>,
    /// Customers who learnt a new place in line while waiting.
    pub position_updates_seen: u64,
    pub stop_after_sigterm_secs: Option<f64>,
    pub observed: Observed,
}

pub async fn run(
    options: &Options,
    target: &Target,
    child: Option<&tokio::process::Child>,
) -> anyhow::Result<AbandonReport> {
    let customers = options.customers.unwrap_or(2000);
    let base = target.base.clone();
    let run = super::run_id();
    let lookout = super::sign_in(target, &format!("loadtest-{run}-lookout"))?;
    let (watching, refusals) = super::watch(target, &run)?;
    let started = Instant::now();
    let mut clients = Clients::new();
    let mut pages = Vec::new();
    let moved = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    for batch in (0..customers).collect::<Vec<_>>().chunks(AT_ONCE) {
        let mut opening = Vec::new();
        for &i in batch {
            let from = clients.for_customer(i)?;
            let queue = target.queues[i % target.queues.len()].clone();
            let base = base.clone();
            let refusals = std::sync::Arc::clone(&refusals);
            let moved = std::sync::Arc::clone(&moved);
            opening.push(tokio::spawn(async move {
                let chat = super::new_chat(&from, &base, i, &queue).await?;
                let page = from
                    .get(format!("{base}/api/v1/chats/{}/events", chat.id))
                    .bearer_auth(&chat.token)
                    .send()
                    .await?;
                refusals.count(page.status());
                anyhow::Ok(tokio::spawn(follow_page(page.error_for_status()?, moved)))
            }));
        }
        for page in opening {
            pages.push(page.await??);
        }
    }
    let queued_secs = started.elapsed().as_secs_f64();
    // Let the line settle, then every page closes.
    tokio::time::sleep(Duration::from_secs(3)).await;
    for page in pages {
        page.abort();
    }
    let position_updates_seen = moved.load(std::sync::atomic::Ordering::Relaxed);
    let closed = Instant::now();
    let lookout_client = reqwest::Client::new();
    let mut all_ended_secs = None;
    while closed.elapsed() < Duration::from_secs(300) {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let Ok(response) = lookout_client
            .get(format!("{base}/api/v1/queues"))
            .bearer_auth(&lookout)
            .send()
            .await
        else {
            continue;
        };
        let Ok(queues) = response.json::<Vec<QueueListing>>().await else {
            continue;
        };
        if queues.iter().all(|q| q.depth == 0) {
            all_ended_secs = Some(closed.elapsed().as_secs_f64());
            break;
        }
    }
    let observed = watching.finish().await?;
    let stop_after_sigterm_secs = match child.and_then(tokio::process::Child::id) {
        Some(pid) => stop_time(pid).await,
        None => None,
    };
    Ok(AbandonReport {
        customers,
        queued_secs,
        all_ended_secs,
        position_updates_seen,
        stop_after_sigterm_secs,
        observed,
    })
}

/// Reads a customer's stream until aborted (the page closes), counting places in line told.
async fn follow_page(page: reqwest::Response, moved: std::sync::Arc<std::sync::atomic::AtomicU64>) {
    let mut events = eventsource_stream::EventStream::new(page.bytes_stream());
    while let Some(Ok(event)) = events.next().await {
        if event.event == "queue.position" {
            moved.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// Sends SIGTERM and waits (up to a minute) for the process to exit.
async fn stop_time(pid: u32) -> Option<f64> {
    let asked = Instant::now();
    let status = tokio::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .await
        .ok()?;
    if !status.success() {
        return None;
    }
    while asked.elapsed() < Duration::from_secs(60) {
        if !std::path::Path::new(&format!("/proc/{pid}")).exists()
            || std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .is_ok_and(|s| s.split_whitespace().nth(2) == Some("Z"))
        {
            return Some(asked.elapsed().as_secs_f64());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    None
}

pub fn print(r: &AbandonReport) {
    println!(
        "chatdesk load test (abandon): {} customers queue, then their pages close",
        r.customers
    );
    println!("  all queued in            {:>8.1} s", r.queued_secs);
    println!(
        "  places in line told      {:>8}  (hints to the open pages, none stored)",
        r.position_updates_seen
    );
    match r.all_ended_secs {
        Some(secs) => println!("  all ended (missed) after {secs:>8.1} s from the pages closing"),
        None => println!("  not all ended within 300 s of the pages closing"),
    }
    if let Some(secs) = r.stop_after_sigterm_secs {
        println!("  stopped after SIGTERM in {secs:>8.2} s");
    }
    print_observed(&r.observed, None);
}
