//! The writer's batches with commands that run without a savepoint ([`Undo::ChecksFirst`]).

use std::path::Path;
use std::sync::Arc;

use uuid::Uuid;

use crate::server::store::commands::Undo;
use crate::server::store::fixtures::{agent, chat, customer_message};
use crate::server::store::sqlite::{SqliteStore, Timers};
use crate::server::store::{StoreResult, Tx};

struct NoTimers;

impl Timers for NoTimers {
    fn run_due(&mut self, _: &mut dyn Tx, _: i64) -> StoreResult<()> {
        Ok(())
    }

    fn next_due(&mut self, _: &mut dyn Tx) -> StoreResult<Option<i64>> {
        Ok(None)
    }
}

fn start(dir: &Path) -> Arc<SqliteStore> {
    SqliteStore::start(dir, 64 << 20, Box::new(NoTimers), Box::new(|_| {})).unwrap()
}

/// 60 commands queued at once, each storing a chat and a message, `refuse(n)` deciding which
/// fail and whether before or after writing. Returns each outcome, the chats kept and the
/// event ids stored.
fn sixty_at_once(
    refuse: fn(usize) -> Option<bool>,
) -> (Vec<Result<Uuid, anyhow::Error>>, usize, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let store = start(dir.path());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let (dana, outcomes) = runtime.block_on(async {
        let dana = store
            .write(Undo::Savepoint, |tx, _| Ok::<_, anyhow::Error>(agent(tx)))
            .await
            .unwrap();
        let commands = (0..60).map(|n| {
            let dana = dana.clone();
            store.write(Undo::ChecksFirst, move |tx, _| {
                if refuse(n) == Some(false) {
                    return Err(anyhow::anyhow!("refused before writing"));
                }
                let row = chat(tx, &dana);
                customer_message(tx, row.id, dana.id, "Where is my parcel?");
                match refuse(n) {
                    Some(true) => Err(anyhow::anyhow!("failed after writing")),
                    _ => Ok(row.id),
                }
            })
        });
        let outcomes = futures::future::join_all(commands).await;
        (dana, outcomes)
    });
    let chats = store
        .read(|tx| Ok::<_, anyhow::Error>(tx.active_counts()?.get(&dana.id).copied()))
        .unwrap()
        .unwrap_or(0) as usize;
    store.close();
    let db = rusqlite::Connection::open(dir.path().join("chatdesk.sqlite3")).unwrap();
    let seqs = db
        .prepare("SELECT seq FROM events ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<i64>, _>>()
        .unwrap();
    (outcomes, chats, seqs)
}

/// Refused before writing, a command without a savepoint has nothing to undo: every other
/// command of its batch is kept, and the event ids stay gapless.
#[test]
fn a_command_refused_before_it_writes_leaves_its_batch_whole() {
    let (outcomes, chats, seqs) = sixty_at_once(|n| (n % 3 == 2).then_some(false));
    let kept = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(kept, 40, "two of every three kept");
    assert_eq!(chats, 40);
    assert_eq!(seqs, (1..=40).collect::<Vec<i64>>());
}

/// Failing after it wrote, a command without a savepoint undoes its whole batch: nothing of it
/// is kept, each caller of the batch is told, and whatever was answered as kept is stored.
#[test]
fn a_command_failing_after_it_wrote_undoes_its_whole_batch_and_says_so() {
    let (outcomes, chats, seqs) = sixty_at_once(|n| (n == 30).then_some(true));
    assert!(outcomes[30].is_err());
    let kept = outcomes.iter().filter(|o| o.is_ok()).count();
    assert!(kept < 60);
    assert_eq!(chats, kept, "exactly the chats answered as kept are stored");
    assert_eq!(seqs, (1..=kept as i64).collect::<Vec<i64>>(), "no gap");
}
