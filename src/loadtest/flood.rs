//! The `flood` scenario: one address (127.0.0.2) creates chats as fast as 16 connections
//! allow for `--seconds`; meanwhile, once a second, another customer (from an address of their
//! own) creates one chat, as ordinary customers do. The flooder should be refused once its burst is spent; the
//! ordinary customer should not notice.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::report::percentile;
use super::watch::{Observed, print_observed};
use super::{Options, Target};

const FLOODER: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
/// The other customers: one chat each, a new address each second (127.0.1.x).
fn neighbour(n: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(
        127,
        0,
        1,
        u8::try_from(1 + n % 250).unwrap_or(1),
    ))
}
const CONNECTIONS: usize = 16;

#[derive(Debug, Serialize)]
pub struct FloodReport {
    pub seconds: u64,
    pub flood_created: u64,
    pub flood_limited: u64,
    pub flood_failed: u64,
    pub neighbour_created: usize,
    pub neighbour_refused: usize,
    pub neighbour_p50_ms: f64,
    pub neighbour_max_ms: f64,
    pub observed: Observed,
}

pub async fn run(options: &Options, target: &Target) -> anyhow::Result<FloodReport> {
    let base = target.base.clone();
    let queue = target.queues.first().cloned().unwrap_or_default();
    let (watching, refusals) = super::watch(target, &super::run_id())?;
    let seconds = Duration::from_secs(options.seconds);
    let started = Instant::now();
    let created = Arc::new(AtomicU64::new(0));
    let limited = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let flooder = super::watch::client_from(FLOODER, CONNECTIONS)?;
    let mut tasks = Vec::new();
    for worker in 0..CONNECTIONS {
        let (flooder, base, queue) = (flooder.clone(), base.clone(), queue.clone());
        let (created, limited, failed) = (
            Arc::clone(&created),
            Arc::clone(&limited),
            Arc::clone(&failed),
        );
        let refusals = Arc::clone(&refusals);
        tasks.push(tokio::spawn(async move {
            let mut n = worker;
            while started.elapsed() < seconds {
                let body = crate::protocol::NewChat {
                    name: format!("Flood {n}"),
                    email: format!("flood{n}@example.com"),
                    reason: queue.clone(),
                    client_id: None,
                };
                n += CONNECTIONS;
                match flooder
                    .post(format!("{base}/api/v1/chats"))
                    .json(&body)
                    .send()
                    .await
                {
                    Ok(r) if r.status().is_success() => {
                        created.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(r) if r.status() == reqwest::StatusCode::TOO_MANY_REQUESTS => {
                        refusals.count(r.status());
                        limited.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    // Meanwhile, once a second, someone else asks for a chat.
    let (mut times, mut refused) = (Vec::new(), 0);
    let mut every = tokio::time::interval(Duration::from_secs(1));
    let mut n = 0;
    while started.elapsed() < seconds {
        every.tick().await;
        n += 1;
        let other = super::watch::client_from(neighbour(n), 1)?;
        let asked = Instant::now();
        match super::new_chat(&other, &base, 100_000 + n, &queue).await {
            Ok(_) => times.push(asked.elapsed()),
            Err(_) => refused += 1,
        }
    }
    for task in tasks {
        task.await?;
    }
    let observed = watching.finish().await?;
    times.sort();
    Ok(FloodReport {
        seconds: options.seconds,
        flood_created: created.load(Ordering::Relaxed),
        flood_limited: limited.load(Ordering::Relaxed),
        flood_failed: failed.load(Ordering::Relaxed),
        neighbour_created: times.len(),
        neighbour_refused: refused,
        neighbour_p50_ms: percentile(&times, 50.0),
        neighbour_max_ms: percentile(&times, 100.0),
        observed,
    })
}

pub fn print(r: &FloodReport) {
    println!(
        "chatdesk load test (flood): one address for {} s over {CONNECTIONS} connections",
        r.seconds
    );
    println!(
        "  flooder                  {} created (its burst, then what refilled), {} limited (429), {} failed",
        r.flood_created, r.flood_limited, r.flood_failed,
    );
    println!(
        "  other addresses          {} created, {} refused; p50 {:.2} ms, max {:.2} ms",
        r.neighbour_created, r.neighbour_refused, r.neighbour_p50_ms, r.neighbour_max_ms
    );
    print_observed(&r.observed, None);
}
