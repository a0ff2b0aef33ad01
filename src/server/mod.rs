//! `chatdesk serve`: the HTTP/JSON backend. Routes are thin: they authenticate, hand a command
//! to the engine inside a store transaction, and shape the answer.

pub mod auth;
pub mod engine;
pub mod hub;
pub mod limits;
pub mod listen;
pub mod mail;
pub mod metrics;
pub mod openapi;
pub mod pages;
pub mod positions;
pub mod problem;
pub mod routes;
pub mod settings;
pub mod store;
pub mod stream;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::watch;

use crate::assets::Catalog;
use crate::server::engine::{Ctx, inactivity, offer_expiry, queue_timeout};
use crate::server::hub::Hub;
use crate::server::problem::ApiError;
use crate::server::store::commands::Undo;
use crate::server::store::postgres::PostgresNode;
use crate::server::store::sqlite::{Publish, SqliteStore, Timers, now_ms};
use crate::server::store::{Database, StoreResult, Tx};

/// What every request handler shares: one reference-counted block, so that handing it to a
/// request (every extractor takes a copy) costs one atomic step, not one per part.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of [`AppState`].
pub struct Shared {
    pub store: Arc<Database>,
    pub hub: Arc<Hub>,
    pub chat_tokens: Arc<auth::ChatTokens>,
    pub catalog: Arc<Catalog>,
    /// The data directory (for the team's canned responses).
    pub data_dir: Arc<Path>,
    /// Becomes `true` when the server stops; open event streams end then.
    pub shutdown: watch::Receiver<bool>,
    /// The SMTP relay of `mail.toml`; `None` when e-mail is not set up.
    pub mail: Option<Arc<mail::Mailer>>,
    /// The customer pages open now, per chat.
    pub pages: pages::Pages,
    /// The abuse limits of `server.toml`, with what each client used.
    pub limits: Arc<limits::Limits>,
    /// What `GET /metrics` shows.
    pub metrics: Arc<metrics::Metrics>,
    /// The operator's metrics token (hashed): `GET /metrics` on the API's address needs it.
    pub metrics_token: Option<store::TokenHash>,
}

impl AppState {
    /// Runs a command in the next write transaction; answers once it is committed.
    pub async fn write<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Ctx) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.write_as(Undo::Savepoint, work).await
    }

    /// [`AppState::write`] for a command that makes all its checks before its first write
    /// ([`Undo::ChecksFirst`]): it runs without a savepoint of its own.
    pub async fn write_checked_first<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Ctx) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.write_as(Undo::ChecksFirst, work).await
    }

    async fn write_as<T: Send + 'static>(
        &self,
        undo: Undo,
        work: impl FnOnce(&mut Ctx) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let catalog = Arc::clone(&self.catalog);
        self.store
            .write_as(undo, move |tx, now| {
                let mut cx = Ctx {
                    tx,
                    now,
                    catalog: &catalog,
                };
                work(&mut cx)
            })
            .await
    }

    /// Reads in one consistent snapshot.
    pub fn read<T, E: From<anyhow::Error>>(
        &self,
        work: impl FnOnce(&mut Ctx) -> Result<T, E>,
    ) -> Result<T, E> {
        self.store.read(|tx| {
            let mut cx = Ctx {
                tx,
                now: now_ms(),
                catalog: &self.catalog,
            };
            work(&mut cx)
        })
    }
}

/// Offer expiry, the end of re-offer cool-downs, the inactivity clock and the queue's time
/// limit, run by the store's
/// writer between commands (and once at start, so what fell due during a stop is dealt with).
struct RoutingTimers {
    catalog: Arc<Catalog>,
    metrics: Arc<metrics::Metrics>,
    /// When the timers said they next fall due.
    due_ms: Option<i64>,
}

impl Timers for RoutingTimers {
    fn run_due(&mut self, tx: &mut dyn Tx, now_ms: i64) -> StoreResult<()> {
        if let Some(due) = self.due_ms.take() {
            self.metrics
                .timer_lag((now_ms - due).max(0) as f64 / 1000.0);
        }
        let mut cx = Ctx {
            tx,
            now: now_ms,
            catalog: &self.catalog,
        };
        offer_expiry::expire_due(&mut cx)?;
        inactivity::run_due(&mut cx)?;
        queue_timeout::run_due(&mut cx)
    }

    fn next_due(&mut self, tx: &mut dyn Tx) -> StoreResult<Option<i64>> {
        let cooldown_ms =
            i64::try_from(self.catalog.policy.routing.reoffer_cooldown_secs * 1000).unwrap_or(0);
        let cooled = tx
            .earliest_refusal_since(now_ms() - cooldown_ms)?
            .map(|at| at + cooldown_ms);
        let expiry = tx.next_offer_expiry()?;
        let silence = inactivity::next_due(tx, &self.catalog.policy.inactivity)?;
        let gave_up = queue_timeout::next_due(tx, &self.catalog.policy.missed)?;
        self.due_ms = [expiry, cooled, silence, gave_up]
            .into_iter()
            .flatten()
            .min();
        Ok(self.due_ms)
    }
}

/// How long open connections get to finish once the backend is told to stop.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// A backend running in this process.
pub struct Running {
    pub addr: SocketAddr,
    /// Where `GET /metrics` is served without a token, when `[metrics] listen` says.
    pub metrics_addr: Option<SocketAddr>,
    pub data_dir: PathBuf,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Stops taking requests, ends open streams, lets the writer finish, and waits.
    pub async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(true);
        self.task.await.context("the server task failed")?
    }

    /// Waits until the server stops by itself (it does not, unless it fails).
    pub async fn wait(&mut self) -> anyhow::Result<()> {
        (&mut self.task).await.context("the server task failed")?
    }

    pub fn stopper(&self) -> watch::Sender<bool> {
        self.stop.clone()
    }
}

/// Opens the data directory, binds `addr` and starts serving, with the settings of the data
/// directory's `server.toml`.
pub async fn start(addr: SocketAddr, data_dir: &Path) -> anyhow::Result<Running> {
    start_with(addr, data_dir, settings::load(data_dir)?).await
}

/// Opens the data directory, binds `addr` (and the metrics address, if any) and starts serving.
pub async fn start_with(
    addr: SocketAddr,
    data_dir: &Path,
    settings: settings::ServerSettings,
) -> anyhow::Result<Running> {
    let catalog = Arc::new(Catalog::load(Some(data_dir))?);
    let mail = mail::Mailer::load(data_dir, settings.mail.as_ref())?.map(Arc::new);
    let metrics = Arc::new(metrics::Metrics::new(catalog.policy.sla.clone()));
    let limits = Arc::new(limits::Limits::new(settings.limits));
    let hub = Arc::new(Hub::default());
    // Committed events are handed to the hub by a task of their own, in order, so the writer
    // thread goes straight back to the next commit instead of waking every stream itself.
    let (committed, mut to_publish) =
        tokio::sync::mpsc::unbounded_channel::<Vec<store::EventRecord>>();
    let publish_hub = Arc::clone(&hub);
    let moved = Arc::new(positions::MovedQueues::default());
    let moved_queues = Arc::clone(&moved);
    let counting = Arc::clone(&metrics);
    tokio::spawn(async move {
        while let Some(events) = to_publish.recv().await {
            moved_queues.note(&events);
            counting.observe(&events);
            publish_hub.publish(events);
        }
    });
    let timers = Box::new(RoutingTimers {
        catalog: Arc::clone(&catalog),
        metrics: Arc::clone(&metrics),
        due_ms: None,
    });
    let publish: Publish = Box::new(move |events| {
        let _ = committed.send(events);
    });
    let store = Arc::new(match &settings.serve.database {
        Some(url) => Database::Postgres(PostgresNode::start(url, timers, publish)?),
        None => Database::Sqlite(SqliteStore::start(
            data_dir,
            settings.wal_ceiling_bytes,
            timers,
            publish,
        )?),
    });
    let (stop, shutdown) = watch::channel(false);
    let state = AppState(Arc::new(Shared {
        store: Arc::clone(&store),
        hub,
        chat_tokens: Arc::default(),
        catalog,
        data_dir: Arc::from(data_dir),
        shutdown: shutdown.clone(),
        mail,
        pages: pages::Pages::default(),
        limits: Arc::clone(&limits),
        metrics,
        metrics_token: settings.metrics.token.as_deref().map(auth::hash_token),
    }));
    // Clients quiet for long enough are forgotten, so the limits' memory stays small.
    let forgetting = Arc::clone(&limits);
    let mut forget_stop = shutdown.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            tokio::select! {
                _ = every.tick() => forgetting.forget_idle(),
                _ = forget_stop.wait_for(|stopped| *stopped) => return,
            }
        }
    });
    tokio::spawn(positions::tell_moved_queues(
        Arc::clone(&store),
        Arc::clone(&state.hub),
        moved,
        shutdown.clone(),
    ));
    let unanswered: Vec<uuid::Uuid> = state.read(engine::chats::unanswered)?;
    pages::wait_for_all(&state, &unanswered);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let addr = listener.local_addr()?;
    let metrics_addr = match settings.metrics.listen {
        Some(at) => Some(serve_metrics(at, state.clone(), shutdown.clone()).await?),
        None => None,
    };
    let app = routes::router(state);
    let task = tokio::spawn(async move {
        // Requests in flight get a few seconds to finish; a client that stopped reading does not
        // hold the stop up for ever.
        listen::serve(listener, app, limits, shutdown, STOP_GRACE).await;
        let closing = Arc::clone(&store);
        tokio::task::spawn_blocking(move || closing.close()).await?;
        Ok(())
    });
    Ok(Running {
        addr,
        metrics_addr,
        data_dir: data_dir.to_path_buf(),
        stop,
        task,
    })
}

/// Serves `GET /metrics` alone, without a token, on an address of its own until the stop.
async fn serve_metrics(
    at: SocketAddr,
    state: AppState,
    mut shutdown: watch::Receiver<bool>,
) -> anyhow::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(at)
        .await
        .with_context(|| format!("cannot listen for metrics on {at}"))?;
    let bound = listener.local_addr()?;
    let app = metrics::page::router(state);
    tokio::spawn(async move {
        let stopped = async move {
            let _ = shutdown.wait_for(|stopped| *stopped).await;
        };
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(stopped)
            .await
        {
            tracing::error!("the metrics address failed: {e}");
        }
    });
    Ok(bound)
}

/// `chatdesk serve`: runs until Ctrl-C or SIGTERM, then shuts down cleanly.
pub async fn serve(
    addr: SocketAddr,
    data_dir: &Path,
    settings: settings::ServerSettings,
) -> anyhow::Result<()> {
    // Listening for Ctrl-C and SIGTERM from before the start is announced: a signal sent as soon
    // as the address is printed stops the backend cleanly instead of killing it.
    let stopping = termination()?;
    let mut running = start_with(addr, data_dir, settings).await?;
    println!("chatdesk backend listening on http://{}", running.addr);
    if let Some(at) = running.metrics_addr {
        println!("metrics on http://{at}/metrics");
    }
    println!("data directory: {}", running.data_dir.display());
    tracing::info!(addr = %running.addr, data_dir = %running.data_dir.display(), "backend started");
    let stop = running.stopper();
    tokio::select! {
        result = running.wait() => return result,
        () = stopping => {}
    }
    tracing::info!("shutting down: open requests get up to 10 s to finish");
    let _ = stop.send(true);
    match tokio::time::timeout(Duration::from_secs(10), running.wait()).await {
        Ok(result) => result,
        Err(_) => anyhow::bail!("the server did not stop within 10 s"),
    }
}

/// Ctrl-C or SIGTERM, listened for from the moment this is called.
fn termination() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
