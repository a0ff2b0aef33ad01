use std::sync::Arc;
use std::time::Duration;

use uuid::Uuid;

use super::Database;
use crate::server::store::commands::Undo;
use crate::server::store::fixtures::{agent, chat, customer_message};
use crate::server::store::postgres::PostgresStore;
use crate::server::store::postgres::writer::Writer;
use crate::server::store::{ChatRow, TokenHash};

/// Connections (as on several nodes) take the same decision at once — give an agent with room
/// one more chat, after a pause between reading and writing — and the agent still ends with
/// exactly as many chats as there is room for: each write sees what the others committed.
#[test]
fn writes_on_several_connections_decide_one_after_another() {
    const CAPACITY: u32 = 3;
    let database = Arc::new(Database::start());
    let (dana, first) = database
        .store
        .write(|tx| {
            let dana = agent(tx);
            let first = chat(tx, &dana);
            Ok((dana, first))
        })
        .unwrap()
        .0;
    let writers: Vec<_> = (0..4)
        .map(|_| {
            let database = Arc::clone(&database);
            let (dana, first) = (dana.clone(), first.clone());
            std::thread::spawn(move || {
                for _ in 0..5 {
                    database
                        .store
                        .write(|tx| {
                            let active = tx.active_counts()?.get(&dana.id).copied().unwrap_or(0);
                            if active < CAPACITY {
                                std::thread::sleep(Duration::from_millis(5));
                                tx.insert_chat(&ChatRow {
                                    id: Uuid::now_v7(),
                                    token_hash: TokenHash::of(&Uuid::now_v7().to_string()),
                                    ..first.clone()
                                })?;
                            }
                            Ok(())
                        })
                        .unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let counts = database.store.read(|tx| tx.active_counts()).unwrap();
    assert_eq!(counts.get(&dana.id), Some(&CAPACITY));
}

/// A node's writer runs the commands queued at once in one transaction: a command that is
/// refused after writing undoes only its own rows and event ids, every other one is kept, and
/// the event ids stay gapless and in order.
#[test]
fn a_refused_command_in_a_batch_undoes_only_itself() {
    let database = Database::start();
    let store = Arc::new(PostgresStore::connect(&database.cluster.url()).unwrap());
    let writer = Writer::start(Arc::clone(&store)).unwrap();
    let dana = store.write(|tx| Ok(agent(tx))).unwrap().0;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let outcomes: Vec<Result<Uuid, anyhow::Error>> = runtime.block_on(async {
        let commands = (0..60).map(|n| {
            let dana = dana.clone();
            writer.write(Undo::Savepoint, move |tx, _now| {
                let row = chat(tx, &dana);
                customer_message(tx, row.id, dana.id, "Where is my parcel?");
                match n % 3 {
                    2 => Err(anyhow::anyhow!("refused after writing")),
                    _ => Ok(row.id),
                }
            })
        });
        futures::future::join_all(commands).await
    });
    writer.finish();
    let kept: Vec<Uuid> = outcomes
        .iter()
        .filter_map(|o| o.as_ref().ok().copied())
        .collect();
    assert_eq!(kept.len(), 40, "two of every three kept");
    let chats = store
        .read(|tx| Ok(tx.active_counts()?.get(&dana.id).copied().unwrap_or(0)))
        .unwrap();
    let seqs: Vec<i64> = store
        .events_since(0, 1000)
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(chats, 40, "the refused commands' chats are gone");
    assert_eq!(
        seqs,
        (1..=40).collect::<Vec<i64>>(),
        "one event per kept command, no gap"
    );
}
