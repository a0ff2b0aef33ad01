//! SQLite in WAL mode: one writer thread that commits queued commands together (group commit),
//! and a small pool of read-only connections that never wait for it.

mod tx;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use rusqlite::Connection;

use tx::SqliteTx;

use crate::server::store::{EventRecord, StoreResult, Tx};

/// Schema changes, applied in order; `PRAGMA user_version` counts the ones applied.
const MIGRATIONS: &[&str] = &[include_str!("migrations/001_initial.sql")];

/// Read connections kept open between reads.
const MAX_IDLE_READERS: usize = 16;

/// Most commands committed in one transaction.
const MAX_BATCH: usize = 512;

pub const DATABASE_FILE: &str = "chatdesk.sqlite3";

/// Opens (creating when needed) the database in `dir` and brings its schema up to date.
pub fn open(dir: &Path) -> anyhow::Result<Connection> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    let path = dir.join(DATABASE_FILE);
    let conn = Connection::open(&path)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(&conn).with_context(|| format!("cannot migrate the database {}", path.display()))?;
    Ok(conn)
}

fn migrate(conn: &Connection) -> anyhow::Result<()> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let applied = usize::try_from(applied).unwrap_or(0);
    if applied > MIGRATIONS.len() {
        anyhow::bail!(
            "the database was written by a newer chatdesk (schema {applied}, this one knows {})",
            MIGRATIONS.len()
        );
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE; {sql}; PRAGMA user_version = {}; COMMIT;",
            i + 1
        ))?;
    }
    Ok(())
}

/// Runs one short piece of work against a connection outside the writer (the CLI uses it).
pub fn with_tx<T>(
    conn: &Connection,
    work: impl FnOnce(&mut dyn Tx) -> StoreResult<T>,
) -> StoreResult<T> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let next_seq = next_seq(conn)?;
    let mut tx = SqliteTx::new(conn, next_seq);
    match work(&mut tx) {
        Ok(value) => {
            conn.execute_batch("COMMIT")?;
            Ok(value)
        }
        Err(e) => {
            conn.execute_batch("ROLLBACK")?;
            Err(e)
        }
    }
}

fn next_seq(conn: &Connection) -> StoreResult<i64> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM events", [], |r| {
            r.get(0)
        })?,
    )
}

/// The timers the writer runs between commands (offer expiry and the like).
pub trait Timers: Send {
    /// Does whatever is due at `now_ms`.
    fn run_due(&mut self, tx: &mut dyn Tx, now_ms: i64) -> StoreResult<()>;
    /// When something next falls due.
    fn next_due(&mut self, tx: &mut dyn Tx) -> StoreResult<Option<i64>>;
}

/// Called after a commit with failure (`Some`) or success (`None`).
type Reply = Box<dyn FnOnce(Option<anyhow::Error>) + Send>;
/// A command for the writer: runs in the transaction, says whether to keep its changes.
type Job = Box<dyn FnOnce(&mut dyn Tx, i64) -> (bool, Reply) + Send>;

pub type Publish = Box<dyn Fn(Vec<EventRecord>) + Send>;

pub struct SqliteStore {
    jobs: Mutex<mpsc::Sender<Job>>,
    readers: Mutex<Vec<Connection>>,
    dir: PathBuf,
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
}

pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

impl SqliteStore {
    /// Opens the database and starts the writer thread. Events are handed to `publish` in
    /// order, after the transaction that stored them commits.
    pub fn start(
        dir: &Path,
        timers: Box<dyn Timers>,
        publish: Publish,
    ) -> anyhow::Result<Arc<SqliteStore>> {
        let conn = open(dir)?;
        let (jobs, queue) = mpsc::channel::<Job>();
        let writer = std::thread::Builder::new()
            .name("chatdesk-writer".into())
            .spawn(move || write_loop(conn, queue, timers, publish))?;
        Ok(Arc::new(SqliteStore {
            jobs: Mutex::new(jobs),
            readers: Mutex::new(Vec::new()),
            dir: dir.to_path_buf(),
            writer: Mutex::new(Some(writer)),
        }))
    }

    /// Runs `work` in the next write transaction and returns its result once that transaction
    /// has committed. An `Err` from `work` undoes only its own changes.
    pub async fn write<T, E>(
        &self,
        work: impl FnOnce(&mut dyn Tx, i64) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<anyhow::Error> + Send + 'static,
    {
        let (done, result) = tokio::sync::oneshot::channel::<Result<T, E>>();
        let job: Job = Box::new(move |tx, now| {
            let outcome = work(tx, now);
            let keep = outcome.is_ok();
            let reply: Reply = Box::new(move |failure| {
                let _ = done.send(match failure {
                    None => outcome,
                    Some(e) => Err(E::from(e)),
                });
            });
            (keep, reply)
        });
        let sent = self.jobs.lock().expect("writer queue").send(job);
        if sent.is_err() {
            return Err(E::from(anyhow::anyhow!("the database writer has stopped")));
        }
        result
            .await
            .unwrap_or_else(|_| Err(E::from(anyhow::anyhow!("the database writer has stopped"))))
    }

    /// Runs `work` in a read transaction on a pooled read-only connection.
    pub fn read<T, E: From<anyhow::Error>>(
        &self,
        work: impl FnOnce(&mut dyn Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        let pooled = self.readers.lock().expect("reader pool").pop();
        let conn = match pooled {
            Some(conn) => conn,
            None => self.open_reader().map_err(E::from)?,
        };
        let result = (|| {
            conn.execute_batch("BEGIN")
                .map_err(|e| E::from(anyhow::Error::from(e)))?;
            let mut tx = SqliteTx::new(&conn, 0);
            let value = work(&mut tx);
            conn.execute_batch("COMMIT")
                .map_err(|e| E::from(anyhow::Error::from(e)))?;
            value
        })();
        if conn.is_autocommit() {
            let mut pool = self.readers.lock().expect("reader pool");
            if pool.len() < MAX_IDLE_READERS {
                pool.push(conn);
            }
        }
        result
    }

    /// Like [`Self::read`], on a blocking-friendly thread, for work that may take a while.
    pub async fn read_blocking<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&mut dyn Tx) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let store = Arc::clone(self);
        tokio::task::spawn_blocking(move || store.read(work))
            .await
            .context("a read task failed")?
    }

    fn open_reader(&self) -> StoreResult<Connection> {
        let conn = Connection::open(self.dir.join(DATABASE_FILE))?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "query_only", "ON")?;
        Ok(conn)
    }

    /// Stops taking commands, lets the writer finish what is queued, and waits for it.
    pub fn close(&self) {
        let (closed, _) = mpsc::channel::<Job>();
        *self.jobs.lock().expect("writer queue") = closed;
        if let Some(writer) = self.writer.lock().expect("writer handle").take() {
            let _ = writer.join();
        }
    }
}

fn write_loop(
    conn: Connection,
    queue: mpsc::Receiver<Job>,
    mut timers: Box<dyn Timers>,
    publish: Publish,
) {
    let mut next_seq = match next_seq(&conn) {
        Ok(seq) => seq,
        Err(e) => {
            tracing::error!("the database writer cannot start: {e:#}");
            return;
        }
    };
    // Run the timers once at start: offers may have expired while the backend was down.
    let mut due: Option<i64> = Some(now_ms());
    loop {
        let first = match due {
            None => queue.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(at) => {
                let wait = u64::try_from(at - now_ms()).unwrap_or(0);
                queue.recv_timeout(Duration::from_millis(wait))
            }
        };
        let mut batch = Vec::new();
        match first {
            Ok(job) => batch.push(job),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        match run_batch(&conn, next_seq, batch, due, timers.as_mut(), &publish) {
            Ok((appended, next_due)) => {
                next_seq += appended;
                due = next_due;
            }
            Err(e) => {
                tracing::error!("a write transaction failed: {e:#}");
                due = Some(now_ms() + 1000);
            }
        }
    }
}

/// One transaction: every job in its own savepoint, then the timers if they were `due`. After the
/// commit the new events are published, then the callers are answered. Returns how many events
/// were appended and when the timers next fall due.
fn run_batch(
    conn: &Connection,
    next_seq: i64,
    batch: Vec<Job>,
    due: Option<i64>,
    timers: &mut dyn Timers,
    publish: &Publish,
) -> StoreResult<(i64, Option<i64>)> {
    let mut replies: Vec<Reply> = Vec::with_capacity(batch.len());
    let outcome = (|| -> StoreResult<(Vec<EventRecord>, Option<i64>)> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let mut tx = SqliteTx::new(conn, next_seq);
        for job in batch {
            conn.prepare_cached("SAVEPOINT job")?.execute([])?;
            let (mark_seq, mark_len) = (tx.next_seq, tx.appended.len());
            let ran =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut tx, now_ms())));
            let keep = match ran {
                Ok((keep, reply)) => {
                    replies.push(reply);
                    keep
                }
                // The caller sees its reply dropped and answers 500; the rest go on.
                Err(_) => {
                    tracing::error!("a command panicked; its changes were undone");
                    false
                }
            };
            if keep {
                conn.prepare_cached("RELEASE job")?.execute([])?;
            } else {
                conn.execute_batch("ROLLBACK TO job; RELEASE job")?;
                tx.next_seq = mark_seq;
                tx.appended.truncate(mark_len);
            }
        }
        let now = now_ms();
        let mut timers_failed = false;
        if due.is_some_and(|at| at <= now) {
            conn.execute_batch("SAVEPOINT timers")?;
            let (mark_seq, mark_len) = (tx.next_seq, tx.appended.len());
            match timers.run_due(&mut tx, now) {
                Ok(()) => conn.execute_batch("RELEASE timers")?,
                Err(e) => {
                    tracing::error!("timers failed: {e:#}");
                    timers_failed = true;
                    conn.execute_batch("ROLLBACK TO timers; RELEASE timers")?;
                    tx.next_seq = mark_seq;
                    tx.appended.truncate(mark_len);
                }
            }
        }
        // After a failure, try again in a second rather than at once.
        let next_due = match timers_failed {
            true => Some(now + 1000),
            false => timers.next_due(&mut tx)?,
        };
        conn.execute_batch("COMMIT")?;
        Ok((tx.appended, next_due))
    })();
    match outcome {
        Ok((events, next_due)) => {
            let appended = events.len() as i64;
            if !events.is_empty() {
                publish(events);
            }
            for reply in replies {
                reply(None);
            }
            Ok((appended, next_due))
        }
        Err(e) => {
            if !conn.is_autocommit() {
                let _ = conn.execute_batch("ROLLBACK");
            }
            for reply in replies {
                reply(Some(anyhow::anyhow!(
                    "the change could not be saved: {e:#}"
                )));
            }
            Err(e)
        }
    }
}
