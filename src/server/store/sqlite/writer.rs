//! The writer thread: commands queued by requests are run together in one transaction (group
//! commit), each in its own savepoint, with the timers; and the checkpointer that folds the
//! write-ahead log back into the database beside it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use rusqlite::Connection;

use super::columns;
use super::tx::SqliteTx;
use super::{Publish, Timers, next_seq, now_ms};
use crate::server::store::commands::{self, Job, Reply, Undo};
use crate::server::store::{EventRecord, StoreResult};

/// Most commands committed in one transaction.
const MAX_BATCH: usize = 512;

/// How often the write-ahead log is folded back into the database without waiting for anyone.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// How often the log's size is looked at.
const MEASURE_EVERY: Duration = Duration::from_millis(50);

pub fn write_loop(
    conn: Connection,
    queue: mpsc::Receiver<Job>,
    mut timers: Box<dyn Timers>,
    publish: Publish,
    cut_log: Arc<AtomicBool>,
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
        // Between two transactions the writer holds no lock: the one moment a restarting
        // checkpoint cannot be starved by the next commit.
        if cut_log.swap(false, Ordering::Relaxed) {
            restart_log(&conn);
        }
    }
}

/// Folds the whole log into the database, once the readers of the moment have finished, so the
/// next commit writes the log from its start again. The file keeps its blocks (SQLite cuts it
/// back to `journal_size_limit` only when it grew past that): commits then overwrite blocks the
/// file system has already placed, and their fsync has no new blocks to record. Cutting the
/// log to nothing each time made every commit after it grow the file again, which doubled the
/// fsync's time (0.36 → 0.76 ms for 600 KiB here); under `chatdesk loadtest` each such
/// checkpoint held the writer 20–45 ms, a restarting one 11–18 ms.
fn restart_log(conn: &Connection) {
    let outcome = conn.query_row("PRAGMA wal_checkpoint(RESTART)", [], |r| r.get::<_, i64>(0));
    match outcome {
        Ok(0) => {}
        Ok(_) => tracing::warn!("the write-ahead log could not start over yet: readers were busy"),
        Err(e) => tracing::warn!("a restarting checkpoint failed: {e}"),
    }
}

/// One transaction: every job in its own savepoint (but those that check before they write, see
/// [`Undo::ChecksFirst`]), then the timers if they were `due`. After the
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
            let savepoint = job.undo == Undo::Savepoint;
            if savepoint {
                columns::write(conn, "SAVEPOINT job", &[])?;
            }
            let (mark_seq, mark_len) = (tx.next_seq, tx.appended.len());
            let changes = conn.total_changes();
            let keep = commands::run_job(job, &mut tx, now_ms(), &mut replies);
            match (keep, savepoint) {
                (true, true) => {
                    columns::write(conn, "RELEASE job", &[])?;
                }
                (true, false) => {}
                (false, true) => {
                    conn.execute_batch("ROLLBACK TO job; RELEASE job")?;
                    tx.next_seq = mark_seq;
                    tx.appended.truncate(mark_len);
                }
                // Refused before its first write: nothing to undo. (A failure SQLite answers by
                // rolling the whole transaction back, a full disk say, fails the batch below.)
                (false, false) if conn.total_changes() == changes && !conn.is_autocommit() => {
                    tx.next_seq = mark_seq;
                    tx.appended.truncate(mark_len);
                }
                (false, false) => {
                    return Err(anyhow::anyhow!(
                        "a command without a savepoint of its own failed after it had written, \
                         or its failure ended the transaction"
                    ));
                }
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

/// Keeps the write-ahead log small. Every half second it folds the log into the database
/// without blocking anyone (a passive checkpoint). That alone never shrinks the log while
/// streams are always reading: SQLite only starts the log over when no reader still uses it.
/// So when the log passes a quarter of its ceiling, the checkpointer raises `cut_log`, and the
/// writer, between two transactions, runs a restarting checkpoint: it waits for the readers of
/// the moment to finish (commits wait meanwhile, a few milliseconds), folds in the rest, and
/// the next commit writes the log from its start (the file stays at most a quarter of the
/// ceiling long). (Run from this thread instead, it would be starved: the writer
/// takes the lock again microseconds after each commit.) The log is measured every 50 ms, so
/// it stays far below the ceiling even at full write speed. Commits stay durable throughout:
/// the log only starts over once everything in it is in the database and synced.
pub struct Checkpointer {
    stop: mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Checkpointer {
    pub fn start(
        conn: Connection,
        wal: std::path::PathBuf,
        ceiling: u64,
        cut_log: Arc<AtomicBool>,
    ) -> anyhow::Result<Checkpointer> {
        let (stop, stopped) = mpsc::channel::<()>();
        let cut_at = ceiling / 4;
        let thread = std::thread::Builder::new()
            .name("chatdesk-checkpoint".into())
            .spawn(move || {
                let mut passive_due = std::time::Instant::now() + CHECKPOINT_EVERY;
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(MEASURE_EVERY) {
                    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > cut_at) {
                        cut_log.store(true, Ordering::Relaxed);
                    }
                    if std::time::Instant::now() < passive_due {
                        continue;
                    }
                    passive_due = std::time::Instant::now() + CHECKPOINT_EVERY;
                    if let Err(e) = conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE)") {
                        tracing::warn!("a checkpoint failed: {e}");
                    }
                }
                if let Err(e) = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)") {
                    tracing::warn!("the closing checkpoint failed: {e}");
                }
            })?;
        Ok(Checkpointer { stop, thread })
    }

    /// Runs a last checkpoint and waits for it.
    pub fn finish(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

#[cfg(test)]
mod tests;
