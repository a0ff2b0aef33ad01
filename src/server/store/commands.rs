//! A write as a command queued for a store's writer thread, which runs several of them in one
//! transaction (group commit), each in a savepoint of its own, and answers each caller once
//! that transaction has committed. SQLite's writer and each PostgreSQL node's writer take the
//! same commands.

use std::sync::Mutex;
use std::sync::mpsc;

use super::Tx;

/// Called after a commit with failure (`Some`) or success (`None`).
pub type Reply = Box<dyn FnOnce(Option<anyhow::Error>) + Send>;
/// How a failed command's changes are undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undo {
    /// It runs in a savepoint of its own: failing anywhere, it undoes its own changes only.
    Savepoint,
    /// It makes all its checks before its first write, so a refusal has nothing to undo, and it
    /// runs without a savepoint: a savepoint copies every page the command then changes, each
    /// time (a customer's message touches four or five), which was a tenth of the writer's time
    /// under load. Should it still fail after writing (the store failing under it), the whole
    /// transaction is undone and every command in it is answered with that failure. A writer
    /// may still give it a savepoint (PostgreSQL's does: there a failed read also spoils the
    /// transaction).
    ChecksFirst,
}

/// A command's work: runs in the transaction (given `None` when there is none to run in, see
/// [`refuse`]), says whether to keep its changes.
type Work = Box<dyn FnOnce(Option<&mut dyn Tx>, i64) -> (bool, Reply) + Send>;

/// A command for a writer.
pub struct Job {
    pub undo: Undo,
    run: Work,
}

/// Queues `work` on the writer behind `jobs` and returns its result once the transaction that
/// ran it has committed. An `Err` from `work` undoes only its own changes (see [`Undo`]).
pub async fn run<T, E>(
    jobs: &Mutex<mpsc::Sender<Job>>,
    undo: Undo,
    work: impl FnOnce(&mut dyn Tx, i64) -> Result<T, E> + Send + 'static,
) -> Result<T, E>
where
    T: Send + 'static,
    E: From<anyhow::Error> + Send + 'static,
{
    let (done, result) = tokio::sync::oneshot::channel::<Result<T, E>>();
    let run: Work = Box::new(move |tx: Option<&mut dyn Tx>, now| {
        let outcome = tx.map(|tx| work(tx, now));
        let keep = matches!(outcome, Some(Ok(_)));
        let reply: Reply = Box::new(move |failure| {
            let _ = done.send(match (failure, outcome) {
                (Some(e), _) => Err(E::from(e)),
                (None, Some(outcome)) => outcome,
                (None, None) => Err(E::from(anyhow::anyhow!("the command was not run"))),
            });
        });
        (keep, reply)
    });
    let job = Job { undo, run };
    let sent = jobs.lock().expect("writer queue").send(job);
    if sent.is_err() {
        return Err(E::from(anyhow::anyhow!("the database writer has stopped")));
    }
    result
        .await
        .unwrap_or_else(|_| Err(E::from(anyhow::anyhow!("the database writer has stopped"))))
}

/// Takes the next commands for one transaction: waits for the first (`None` once the queue is
/// closed and empty), then takes whatever else is already queued, up to `most`.
pub fn next_batch(queue: &mpsc::Receiver<Job>, most: usize) -> Option<Vec<Job>> {
    let first = queue.recv().ok()?;
    let mut batch = vec![first];
    while batch.len() < most {
        match queue.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => break,
        }
    }
    Some(batch)
}

/// Answers `job` with `failure` without running it (its transaction could not begin).
pub fn refuse(job: Job, failure: anyhow::Error) {
    let (_, reply) = (job.run)(None, 0);
    reply(Some(failure));
}

/// Runs `job` in `tx`, adding its reply to `replies`; returns whether to keep its changes. A
/// job that panicked is not kept and has no reply: its caller sees the reply dropped (500),
/// and the batch's other jobs go on.
pub fn run_job(job: Job, tx: &mut dyn Tx, now: i64, replies: &mut Vec<Reply>) -> bool {
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (job.run)(Some(tx), now)));
    match ran {
        Ok((keep, reply)) => {
            replies.push(reply);
            keep
        }
        Err(_) => {
            tracing::error!("a command panicked; its changes were undone");
            false
        }
    }
}
