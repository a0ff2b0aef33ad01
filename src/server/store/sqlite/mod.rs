//! SQLite in WAL mode: one writer thread that commits queued commands together (group commit),
//! and a small pool of read-only connections that never wait for it.

mod agents;
pub mod backup;
mod chats;
mod columns;
mod escalations;
mod events;
mod lead;
mod log_file;
mod missed;
mod offers;
mod procedure;
mod report;
mod review;
mod rows;
#[cfg(test)]
mod scenario_tests;
mod tx;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use rusqlite::{Connection, OpenFlags};

use tx::SqliteTx;
use writer::{Checkpointer, write_loop};

use crate::server::store::commands::{Job, Undo};

use crate::server::store::{EventRecord, StoreResult, Tx};

/// Schema changes, applied in order; `PRAGMA user_version` counts the ones applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_procedures.sql"),
    include_str!("migrations/003_escalations.sql"),
    include_str!("migrations/004_lead.sql"),
    include_str!("migrations/005_missed.sql"),
    include_str!("migrations/006_reviews.sql"),
    include_str!("migrations/007_escalations_answered.sql"),
    include_str!("migrations/008_queue_line.sql"),
    include_str!("migrations/009_event_refs.sql"),
    include_str!("migrations/010_escalations_closed.sql"),
    include_str!("migrations/011_customer_messages.sql"),
    include_str!("migrations/012_transfer_offers.sql"),
    include_str!("migrations/013_chat_parts.sql"),
    include_str!("migrations/014_transfer_notice.sql"),
    // Written once for both stores: the statements are the same in either dialect.
    include_str!("../sql/agent_senders_migration.sql"),
];

/// Read connections kept open between reads.
const MAX_IDLE_READERS: usize = 16;

pub const DATABASE_FILE: &str = "chatdesk.sqlite3";
/// SQLite's write-ahead log beside the database.
pub const WAL_FILE: &str = "chatdesk.sqlite3-wal";
/// Held while a process opens and migrates the database, so that processes starting at once
/// on a fresh directory take turns: SQLite's switch to WAL mode and the first migration can
/// answer "database is locked" to a second opener without waiting for its busy timeout.
const OPENING_LOCK_FILE: &str = "chatdesk.sqlite3-opening";

/// Opens (creating when needed) the database in `dir` and brings its schema up to date.
pub fn open(dir: &Path) -> anyhow::Result<Connection> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    let opening = std::fs::File::create(dir.join(OPENING_LOCK_FILE))
        .with_context(|| format!("cannot write in the data directory {}", dir.display()))?;
    opening
        .lock()
        .with_context(|| format!("cannot lock {}", dir.join(OPENING_LOCK_FILE).display()))?;
    let path = dir.join(DATABASE_FILE);
    // Through the layer that hands a commit's log pages to the file system in one write.
    let conn =
        Connection::open_with_flags_and_vfs(&path, OpenFlags::default(), log_file::register()?)
            .with_context(|| format!("cannot open the database {}", path.display()))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // Small pages: a message touches a few pages in different b-trees (its chat's transcript,
    // its chat's and its agent's event indexes), and every touched page is written whole to the
    // log at commit. 2 KiB pages measured ~25 % more messages/s than 4 KiB in the load test.
    // (Only takes effect when the database is created.)
    conn.pragma_update(None, "page_size", 2048)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Savepoints' journals stay in memory; a bigger page cache saves re-reading hot pages.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "cache_size", -16_384)?;
    migrate(&conn).with_context(|| format!("cannot migrate the database {}", path.display()))?;
    Ok(conn)
}

fn migrate(conn: &Connection) -> anyhow::Result<()> {
    let known = MIGRATIONS.len();
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        // The version is read again under the write lock: another process (two CLI commands
        // on a fresh directory, or one beside a starting backend) may have migrated meanwhile.
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let applied = conn
            .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
            .map(|v| usize::try_from(v).unwrap_or(0));
        let step = match applied {
            Ok(applied) if applied > known => Err(anyhow::anyhow!(
                "the database was written by a newer chatdesk (schema {applied}, this one knows {known})"
            )),
            Ok(applied) if applied > i => Ok(()),
            Ok(_) => conn
                .execute_batch(&format!("{sql}; PRAGMA user_version = {};", i + 1))
                .map_err(anyhow::Error::from),
            Err(e) => Err(e.into()),
        };
        match step {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
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

/// Runs `work` in one read transaction on the database in `dir` without writing to it (the
/// report uses it while the backend runs). The database must exist and be up to date.
pub fn read_only<T>(
    dir: &Path,
    work: impl FnOnce(&mut dyn Tx) -> StoreResult<T>,
) -> StoreResult<T> {
    let path = dir.join(DATABASE_FILE);
    let conn = Connection::open_with_flags(
        &path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("there is no chatdesk database at {}", path.display()))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "query_only", "ON")?;
    let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if usize::try_from(applied).unwrap_or(0) != MIGRATIONS.len() {
        anyhow::bail!(
            "the database at {} is from another chatdesk version (schema {applied}, this one \
             knows {}); run this chatdesk's backend on it once first",
            path.display(),
            MIGRATIONS.len()
        );
    }
    conn.execute_batch("BEGIN")?;
    let mut tx = SqliteTx::new(&conn, 0);
    let value = work(&mut tx);
    conn.execute_batch("COMMIT")?;
    value
}

fn next_seq(conn: &Connection) -> StoreResult<i64> {
    Ok(conn.query_row(crate::server::store::sql::events::NEXT_ID, [], |r| r.get(0))?)
}

/// The timers the writer runs between commands (offer expiry and the like).
pub trait Timers: Send {
    /// Does whatever is due at `now_ms`.
    fn run_due(&mut self, tx: &mut dyn Tx, now_ms: i64) -> StoreResult<()>;
    /// When something next falls due.
    fn next_due(&mut self, tx: &mut dyn Tx) -> StoreResult<Option<i64>>;
}

pub type Publish = Box<dyn Fn(Vec<EventRecord>) + Send>;

pub struct SqliteStore {
    jobs: Mutex<mpsc::Sender<Job>>,
    readers: Mutex<Vec<Connection>>,
    dir: PathBuf,
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
    checkpointer: Mutex<Option<Checkpointer>>,
}

pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

impl SqliteStore {
    /// Opens the database and starts the writer thread. Events are handed to `publish` in
    /// order, after the transaction that stored them commits. The write-ahead log is kept
    /// under `wal_ceiling` bytes.
    pub fn start(
        dir: &Path,
        wal_ceiling: u64,
        timers: Box<dyn Timers>,
        publish: Publish,
    ) -> anyhow::Result<Arc<SqliteStore>> {
        let conn = open(dir)?;
        // Checkpoints run on their own thread so commits never wait for them.
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        // A restarted log keeps at most a quarter of its ceiling on disk (see `Checkpointer`).
        conn.pragma_update(None, "journal_size_limit", (wal_ceiling / 4).to_string())?;
        let cut_log = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let checkpointer = Checkpointer::start(
            open(dir)?,
            dir.join(WAL_FILE),
            wal_ceiling,
            Arc::clone(&cut_log),
        )?;
        let (jobs, queue) = mpsc::channel::<Job>();
        let writer = std::thread::Builder::new()
            .name("chatdesk-writer".into())
            .spawn(move || write_loop(conn, queue, timers, publish, cut_log))?;
        Ok(Arc::new(SqliteStore {
            jobs: Mutex::new(jobs),
            readers: Mutex::new(Vec::new()),
            dir: dir.to_path_buf(),
            writer: Mutex::new(Some(writer)),
            checkpointer: Mutex::new(Some(checkpointer)),
        }))
    }

    /// Runs `work` in the next write transaction and returns its result once that transaction
    /// has committed. An `Err` from `work` undoes only its own changes (how: `undo`).
    pub async fn write<T, E>(
        &self,
        undo: Undo,
        work: impl FnOnce(&mut dyn Tx, i64) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<anyhow::Error> + Send + 'static,
    {
        crate::server::store::commands::run(&self.jobs, undo, work).await
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
        let run = |sql: &str| -> Result<(), E> {
            columns::write(&conn, sql, &[])
                .map(|_| ())
                .map_err(|e| E::from(anyhow::Error::from(e)))
        };
        let result = (|| {
            run("BEGIN")?;
            let mut tx = SqliteTx::new(&conn, 0);
            let value = work(&mut tx);
            run("COMMIT")?;
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
        if let Some(checkpointer) = self.checkpointer.lock().expect("checkpointer").take() {
            checkpointer.finish();
        }
    }
}
