//! What every scenario reports besides its own figures, measured while it runs: how the
//! database and its write-ahead log grow (sampled every 50 ms, so the log's high-water mark is
//! seen), the backend's peak memory, how long ordinary requests take meanwhile (a new chat from
//! an address of its own, an agent's snapshot), and how many requests were refused by a limit.

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::watch;

use super::report::percentile;
use crate::protocol::NewChat;

/// Requests a scenario's clients saw refused with `429`.
#[derive(Debug, Default)]
pub struct Refusals(AtomicU64);

impl Refusals {
    pub fn count(&self, status: reqwest::StatusCode) {
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn total(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Latencies of one kind of ordinary request, in milliseconds.
#[derive(Debug, Default, Serialize, Clone)]
pub struct Latency {
    pub samples: usize,
    pub failed: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latency {
    fn of(mut times: Vec<Duration>, failed: usize) -> Latency {
        times.sort();
        Latency {
            samples: times.len(),
            failed,
            p50_ms: percentile(&times, 50.0),
            p99_ms: percentile(&times, 99.0),
            max_ms: percentile(&times, 100.0),
        }
    }
}

/// What was observed while a scenario ran.
#[derive(Debug, Default, Serialize, Clone)]
pub struct Observed {
    pub database_bytes_before: u64,
    pub database_bytes_after: u64,
    pub wal_bytes_before: u64,
    pub wal_bytes_after: u64,
    pub wal_high_water_bytes: u64,
    /// Peak resident memory of the backend, when its process is known.
    pub peak_memory_bytes: Option<u64>,
    pub new_chat: Latency,
    pub agent_snapshot: Latency,
    pub limited_requests: u64,
}

impl Observed {
    pub fn database_growth(&self) -> i64 {
        i64::try_from(self.database_bytes_after).unwrap_or(i64::MAX)
            - i64::try_from(self.database_bytes_before).unwrap_or(i64::MAX)
    }
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Peak resident memory of process `pid` (Linux: `VmHWM` in `/proc/PID/status`).
fn peak_memory(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Measurement running beside a scenario until [`Watch::finish`].
pub struct Watch {
    stop: watch::Sender<bool>,
    sampler: tokio::task::JoinHandle<(u64, u64, u64)>,
    probes: tokio::task::JoinHandle<(Latency, Latency)>,
    before: (u64, u64),
    pid: Option<u32>,
    refusals: Arc<Refusals>,
}

/// Where ordinary requests are sent from while a scenario runs: addresses no scenario uses
/// (127.0.9.x, a new one for each chat), so the probe is never limited by what the scenario
/// does, nor by its own chats.
fn probe_address(round: u64) -> IpAddr {
    IpAddr::from([127, 0, 9, u8::try_from(1 + round % 250).unwrap_or(1)])
}

impl Watch {
    /// Starts sampling the files in `data_dir` and probing `base` (with `agent_token` for the
    /// snapshot) every `probe_every`.
    pub fn start(
        base: &str,
        data_dir: &Path,
        pid: Option<u32>,
        agent_token: String,
        reason: String,
        refusals: Arc<Refusals>,
    ) -> anyhow::Result<Watch> {
        let database = data_dir.join(crate::server::store::sqlite::DATABASE_FILE);
        let wal = data_dir.join(crate::server::store::sqlite::WAL_FILE);
        let before = (size(&database), size(&wal));
        let (stop, stopped) = watch::channel(false);
        let sampler = {
            let mut stopped = stopped.clone();
            tokio::spawn(async move {
                let mut high = 0u64;
                let mut every = tokio::time::interval(Duration::from_millis(50));
                loop {
                    high = high.max(size(&wal));
                    tokio::select! {
                        _ = every.tick() => {}
                        _ = stopped.changed() => break,
                    }
                }
                (high.max(size(&wal)), size(&database), size(&wal))
            })
        };
        let probes = tokio::spawn(probe(base.to_string(), agent_token, reason, stopped));
        Ok(Watch {
            stop,
            sampler,
            probes,
            before,
            pid,
            refusals,
        })
    }

    pub async fn finish(self) -> anyhow::Result<Observed> {
        let _ = self.stop.send(true);
        let (high, database_after, wal_after) = self.sampler.await?;
        let (new_chat, agent_snapshot) = self.probes.await?;
        Ok(Observed {
            database_bytes_before: self.before.0,
            database_bytes_after: database_after,
            wal_bytes_before: self.before.1,
            wal_bytes_after: wal_after,
            wal_high_water_bytes: high.max(self.before.1),
            peak_memory_bytes: self.pid.and_then(peak_memory),
            new_chat,
            agent_snapshot,
            limited_requests: self.refusals.total(),
        })
    }
}

/// Every 200 ms: an agent's snapshot; every second: a new chat (ended again at once, so the
/// probe does not fill the queue).
async fn probe(
    base: String,
    agent_token: String,
    reason: String,
    mut stopped: watch::Receiver<bool>,
) -> (Latency, Latency) {
    let (mut chats, mut chat_failures) = (Vec::new(), 0);
    let (mut snapshots, mut snapshot_failures) = (Vec::new(), 0);
    let mut every = tokio::time::interval(Duration::from_millis(200));
    let mut round = 0u64;
    let mut clients: Vec<reqwest::Client> = Vec::new();
    loop {
        tokio::select! {
            _ = every.tick() => {}
            _ = stopped.changed() => break,
        }
        round += 1;
        // One client per probe address, made the first time round.
        let slot = usize::try_from((round - 1) % 250).unwrap_or(0);
        if slot == clients.len() {
            match client_from(probe_address(round - 1), 1) {
                Ok(client) => clients.push(client),
                Err(_) => break,
            }
        }
        let client = &clients[slot];
        let started = Instant::now();
        let snapshot = client
            .get(format!("{base}/api/v1/me/snapshot"))
            .bearer_auth(&agent_token)
            .send()
            .await;
        let read = match snapshot {
            Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
            _ => false,
        };
        match read {
            true => snapshots.push(started.elapsed()),
            false => snapshot_failures += 1,
        }
        if !round.is_multiple_of(5) {
            continue;
        }
        let started = Instant::now();
        let new = NewChat {
            name: format!("Probe Customer {round}"),
            email: format!("probe{round}@example.com"),
            reason: reason.clone(),
            client_id: None,
        };
        let created = client
            .post(format!("{base}/api/v1/chats"))
            .json(&new)
            .send()
            .await;
        match created {
            Ok(r) if r.status() == reqwest::StatusCode::CREATED => {
                chats.push(started.elapsed());
                if let Ok(chat) = r.json::<crate::protocol::ChatCreated>().await {
                    let _ = client
                        .post(format!("{base}/api/v1/chats/{}/end", chat.id))
                        .bearer_auth(&chat.token)
                        .send()
                        .await;
                }
            }
            _ => chat_failures += 1,
        }
    }
    (
        Latency::of(chats, chat_failures),
        Latency::of(snapshots, snapshot_failures),
    )
}

/// A client whose connections come from `ip` (any 127.x.y.z works on Linux loopback), so a
/// scenario can act as many different client addresses without a proxy.
pub fn client_from(ip: IpAddr, pool: usize) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .local_address(ip)
        .pool_max_idle_per_host(pool)
        .timeout(Duration::from_secs(60))
        .build()?)
}

/// Prints the figures every scenario shares.
pub fn print_observed(o: &Observed, messages: Option<u64>) {
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!(
        "  database                 {:>8.1} MiB → {:.1} MiB  (growth {:+.1} MiB)",
        mib(o.database_bytes_before),
        mib(o.database_bytes_after),
        o.database_growth() as f64 / (1024.0 * 1024.0)
    );
    println!(
        "  write-ahead log          {:>8.1} MiB → {:.1} MiB  (high-water {:.1} MiB)",
        mib(o.wal_bytes_before),
        mib(o.wal_bytes_after),
        mib(o.wal_high_water_bytes)
    );
    if let Some(messages) = messages.filter(|m| *m > 0) {
        println!(
            "  per stored message       database {:.0} B",
            o.database_growth() as f64 / messages as f64
        );
    }
    match o.peak_memory_bytes {
        Some(peak) => println!("  backend peak memory      {:>8.1} MiB", mib(peak)),
        None => println!("  backend peak memory      unknown (not started by the load test)"),
    }
    for (what, l) in [
        ("new chat (meanwhile)", &o.new_chat),
        ("agent snapshot", &o.agent_snapshot),
    ] {
        println!(
            "  {what:<24} p50 {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms   ({} ok, {} failed)",
            l.p50_ms, l.p99_ms, l.max_ms, l.samples, l.failed
        );
    }
    println!("  requests limited (429)   {:>8}", o.limited_requests);
}
