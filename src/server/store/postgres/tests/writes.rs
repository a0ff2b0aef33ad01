use std::sync::Arc;
use std::time::Duration;

use uuid::Uuid;

use super::Database;
use crate::server::store::fixtures::{agent, chat};
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
