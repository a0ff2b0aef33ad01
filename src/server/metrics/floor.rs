//! The figures read afresh at each scrape: how the floor stands now and how big the backend is.

use std::collections::BTreeMap;
use std::path::Path;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::registry::{Registry, Unit};

use crate::protocol::Presence;
use crate::server::AppState;
use crate::server::store::sqlite::{DATABASE_FILE, WAL_FILE};

/// One queue now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueFigures {
    pub depth: i64,
    /// Seconds the longest-waiting chat has waited (0 when nobody waits).
    pub oldest_wait_secs: f64,
}

/// How the floor and the backend stand at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// By queue id, every configured queue (an empty one shows 0).
    pub queues: BTreeMap<String, QueueFigures>,
    /// Agents and leads by presence, every presence listed.
    pub presence: BTreeMap<&'static str, i64>,
    pub active_chats: i64,
    /// Open event streams: customers' pages, and agents' and leads' consoles.
    pub customer_streams: i64,
    pub agent_streams: i64,
    /// Requests refused by a limit since the start.
    pub limited: u64,
    pub database_bytes: i64,
    pub wal_bytes: i64,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct QueueLabel {
    queue: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PresenceLabel {
    presence: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StreamLabel {
    client: &'static str,
}

/// Reads the figures in one snapshot of the store (a blocking read: call it off the runtime).
pub fn read(state: &AppState) -> anyhow::Result<Figures> {
    let mut figures = Figures {
        queues: state
            .catalog
            .queues
            .iter()
            .map(|q| (q.id.clone(), QueueFigures::default()))
            .collect(),
        presence: [
            Presence::Available,
            Presence::Away,
            Presence::WrapUp,
            Presence::Offline,
        ]
        .into_iter()
        .map(|p| (p.as_str(), 0))
        .collect(),
        ..Figures::default()
    };
    let now = crate::server::store::sqlite::now_ms();
    state.store.read(|tx| -> anyhow::Result<()> {
        for chat in tx.queued_chats(None)? {
            let queue = figures.queues.entry(chat.queue.clone()).or_default();
            let waited = (now - chat.queued_ms).max(0) as f64 / 1000.0;
            queue.oldest_wait_secs = queue.oldest_wait_secs.max(waited);
            queue.depth += 1;
        }
        for agent in tx.agents()? {
            *figures.presence.entry(agent.presence.as_str()).or_default() += 1;
        }
        figures.active_chats = tx.active_counts()?.values().map(|&n| i64::from(n)).sum();
        Ok(())
    })?;
    let (customers, agents) = state.hub.open_streams();
    figures.customer_streams = i64::try_from(customers).unwrap_or(i64::MAX);
    figures.agent_streams = i64::try_from(agents).unwrap_or(i64::MAX);
    figures.limited = state.limits.limited();
    figures.database_bytes = file_size(&state.data_dir.join(DATABASE_FILE));
    figures.wal_bytes = file_size(&state.data_dir.join(WAL_FILE));
    Ok(figures)
}

fn file_size(path: &Path) -> i64 {
    std::fs::metadata(path).map_or(0, |m| i64::try_from(m.len()).unwrap_or(i64::MAX))
}

impl Figures {
    /// A registry holding these figures, to encode after the counted ones.
    pub(super) fn registry(&self) -> Registry {
        let mut registry = Registry::with_prefix("chatdesk");
        let depth = Family::<QueueLabel, Gauge>::default();
        let oldest = Family::<QueueLabel, Gauge<f64, std::sync::atomic::AtomicU64>>::default();
        for (id, queue) in &self.queues {
            let label = QueueLabel { queue: id.clone() };
            depth.get_or_create(&label).set(queue.depth);
            oldest.get_or_create(&label).set(queue.oldest_wait_secs);
        }
        registry.register("queue_depth", "Chats waiting in each queue", depth);
        registry.register_with_unit(
            "queue_oldest_wait",
            "How long the longest-waiting chat of each queue has waited",
            Unit::Seconds,
            oldest,
        );
        let presence = Family::<PresenceLabel, Gauge>::default();
        for (&name, &count) in &self.presence {
            presence
                .get_or_create(&PresenceLabel { presence: name })
                .set(count);
        }
        registry.register("agents", "Agents and leads by presence", presence);
        registry.register(
            "active_chats",
            "Chats an agent has now (accepted and not ended)",
            ConstGauge::new(self.active_chats),
        );
        let streams = Family::<StreamLabel, Gauge>::default();
        streams
            .get_or_create(&StreamLabel { client: "customer" })
            .set(self.customer_streams);
        streams
            .get_or_create(&StreamLabel { client: "agent" })
            .set(self.agent_streams);
        registry.register(
            "event_streams_open",
            "Event streams open now: customers' pages and agents' and leads' consoles",
            streams,
        );
        registry.register(
            "rate_limited_requests",
            "Requests refused with 429 by a limit of server.toml",
            ConstCounter::new(self.limited),
        );
        registry.register_with_unit(
            "database_size",
            "Size of the SQLite database file",
            Unit::Bytes,
            ConstGauge::new(self.database_bytes),
        );
        registry.register_with_unit(
            "wal_size",
            "Size of the SQLite write-ahead log",
            Unit::Bytes,
            ConstGauge::new(self.wal_bytes),
        );
        registry
    }
}
