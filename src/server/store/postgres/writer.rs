//! A node's writer thread: the commands its requests queue run together in one transaction
//! (group commit), each in a savepoint of its own, as SQLite's writer runs them.
//!
//! Every write transaction holds the cluster's write lock ([`super::events`]), so writes run one
//! transaction at a time across the nodes. One message per transaction paid, per message, a
//! BEGIN, the lock's hand-over (between nodes too) and a WAL flush at commit; a batch pays them
//! once for every command queued meanwhile, so the more load a node has, the more each commit
//! carries, and a second node adds batches instead of hand-overs per message.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use postgres::IsolationLevel;

use super::{PostgresStore, Session, run_on};
use crate::server::store::commands::{self, Job, Reply, Undo};
use crate::server::store::sqlite::now_ms;
use crate::server::store::{DatabaseUnreachable, StoreResult, Tx};

/// Most commands committed in one transaction.
const MAX_BATCH: usize = 256;

pub struct Writer {
    jobs: Mutex<mpsc::Sender<Job>>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Writer {
    pub fn start(store: Arc<PostgresStore>) -> anyhow::Result<Writer> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("chatdesk-pg-writer".into())
            .spawn(move || write_loop(&store, &queue))?;
        Ok(Writer {
            jobs: Mutex::new(jobs),
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Runs `work` in the node's next write transaction and returns its result once that
    /// transaction has committed. An `Err` from `work` undoes only its own changes.
    pub async fn write<T, E>(
        &self,
        undo: Undo,
        work: impl FnOnce(&mut dyn Tx, i64) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<anyhow::Error> + Send + 'static,
    {
        commands::run(&self.jobs, undo, work).await
    }

    /// Stops taking commands, lets the writer finish what is queued, and waits for it. Blocks.
    pub fn finish(&self) {
        let (closed, _) = mpsc::channel::<Job>();
        *self.jobs.lock().expect("writer queue") = closed;
        if let Some(thread) = self.thread.lock().expect("writer thread").take() {
            let _ = thread.join();
        }
    }
}

fn write_loop(store: &PostgresStore, queue: &mpsc::Receiver<Job>) {
    let mut kept: Option<Session> = None;
    while let Some(batch) = commands::next_batch(queue, MAX_BATCH) {
        let session = match kept.take().filter(|s| !s.client.is_closed()) {
            Some(session) => Ok(session),
            None => store.open_session(),
        };
        let mut session = match session {
            Ok(session) => session,
            Err(e) => {
                // Nothing ran: each caller hears the database is away (503) and may retry.
                tracing::warn!("writes refused: {e:#}");
                for job in batch {
                    commands::refuse(job, anyhow::anyhow!("{e:#}").context(DatabaseUnreachable));
                }
                continue;
            }
        };
        run_batch(&mut session, batch);
        if !session.client.is_closed() {
            kept = Some(session);
        }
    }
}

/// One transaction for `batch`; then each caller is answered.
fn run_batch(session: &mut Session, batch: Vec<Job>) {
    let mut replies: Vec<Reply> = Vec::with_capacity(batch.len());
    // A lone command needs no savepoint: refused, its whole transaction is rolled back. Every
    // other command has one, whatever its `undo`: on PostgreSQL any failed statement, a read
    // included, leaves the transaction refusing all others until a rollback (and a COMMIT then
    // quietly rolls back), so a command that checks before it writes still needs one.
    let alone = batch.len() == 1;
    let outcome = run_on(session, IsolationLevel::ReadCommitted, false, |mut tx| {
        tx.take_writes()?;
        for job in batch {
            if !alone {
                tx.tx.batch_execute("SAVEPOINT job")?;
            }
            let (mark_seq, mark_len) = (tx.next_seq, tx.appended.len());
            let keep = commands::run_job(job, &mut tx, now_ms(), &mut replies);
            match (alone, keep) {
                (true, false) => return Ok(()),
                (true, true) => {}
                (false, true) => tx.tx.batch_execute("RELEASE job")?,
                (false, false) => {
                    tx.tx.batch_execute("ROLLBACK TO job; RELEASE job")?;
                    tx.next_seq = mark_seq;
                    tx.appended.truncate(mark_len);
                }
            }
        }
        tx.commit().map(drop)
    });
    let lost = session.client.is_closed();
    answer(replies, outcome, lost);
}

fn answer(replies: Vec<Reply>, outcome: StoreResult<()>, lost: bool) {
    match outcome {
        Ok(()) => replies.into_iter().for_each(|reply| reply(None)),
        Err(e) => {
            tracing::warn!("a write transaction failed: {e:#}");
            for reply in replies {
                let failure = anyhow::anyhow!("the change could not be saved: {e:#}");
                reply(Some(match lost {
                    true => failure.context(DatabaseUnreachable),
                    false => failure,
                }));
            }
        }
    }
}
