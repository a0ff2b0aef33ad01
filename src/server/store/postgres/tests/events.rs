use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use uuid::Uuid;

use super::Database;
use crate::protocol::EventBody;
use crate::server::store::fixtures::{agent, bodies, chat, customer_message};
use crate::server::store::postgres::PostgresStore;
use crate::server::store::{Audience, EventFilter, EventRecord};

/// A customer's stream gets its chat's messages (read from the messages themselves) and its
/// other events in one order, each once, a page at a time; another chat's customer gets only
/// theirs.
#[test]
fn a_customer_replays_messages_and_events_in_order_once_each() {
    let database = Database::start();
    let store = &database.store;
    let ((chat_id, other_chat, expected), published) = store
        .write(|tx| {
            let agent = agent(tx);
            let other = chat(tx, &agent);
            let chat = chat(tx, &agent);
            let mut expected = Vec::new();
            let seq = customer_message(tx, chat.id, agent.id, "Hello, my parcel is late.");
            expected.push((seq, "Hello, my parcel is late.".to_string()));
            customer_message(tx, other.id, agent.id, "Another customer's words.");
            let joined = EventBody::AgentJoined {
                agent_name: "Dana".to_string(),
            };
            let seq = tx.append_event(
                Audience::chat(Some(agent.id)),
                Some(chat.id),
                1_000,
                &joined,
            )?;
            expected.push((seq, "agent.joined".to_string()));
            let seq = customer_message(tx, chat.id, agent.id, "It was ordered on Monday.");
            expected.push((seq, "It was ordered on Monday.".to_string()));
            Ok((chat.id, other.id, expected))
        })
        .unwrap();
    assert_eq!(
        published.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4],
        "the first events of the database, in order, handed back to publish"
    );

    let filter = EventFilter::Customer(chat_id);
    let all = store.read(|tx| tx.events_after(&filter, 0, 100)).unwrap();
    assert_eq!(bodies(&all), expected);
    // Replayed events are the ones published live, message included (the JSON's keys may
    // come back in another order).
    let json = |e: &EventRecord| serde_json::from_str::<serde_json::Value>(&e.json).unwrap();
    let live: Vec<_> = published
        .iter()
        .filter(|e| e.chat_id == Some(chat_id))
        .collect();
    assert_eq!(
        all.iter().map(json).collect::<Vec<_>>(),
        live.iter().map(|e| json(e)).collect::<Vec<_>>()
    );
    assert_eq!(
        all.iter()
            .map(|e| (e.seq, &e.audience, &e.kind))
            .collect::<Vec<_>>(),
        live.iter()
            .map(|e| (e.seq, &e.audience, &e.kind))
            .collect::<Vec<_>>()
    );

    let mut paged = Vec::new();
    let mut after = 0;
    loop {
        let page = store.read(|tx| tx.events_after(&filter, after, 2)).unwrap();
        let Some(last) = page.last() else { break };
        after = last.seq;
        paged.extend(bodies(&page));
    }
    assert_eq!(paged, expected);

    let theirs = store
        .read(|tx| tx.events_after(&EventFilter::Customer(other_chat), 0, 100))
        .unwrap();
    let texts: Vec<String> = bodies(&theirs).into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, ["Another customer's words."]);
    assert_eq!(store.read(|tx| tx.last_event_id()).unwrap(), 4);
}

/// An agent's stream carries what is addressed to them and to the queues they serve; a
/// lead's also what is addressed to every lead.
#[test]
fn an_agent_gets_their_own_and_their_queues_events_and_a_lead_the_leads_too() {
    let database = Database::start();
    let dana = Uuid::now_v7();
    let body = |name: &str| EventBody::AgentJoined {
        agent_name: name.to_string(),
    };
    database
        .store
        .write(|tx| {
            tx.append_event(Audience::agent(dana), None, 0, &body("to dana"))?;
            tx.append_event(
                Audience::agent(Uuid::now_v7()),
                None,
                0,
                &body("to someone"),
            )?;
            tx.append_event(Audience::queue("billing"), None, 0, &body("billing"))?;
            tx.append_event(Audience::queue("returns"), None, 0, &body("returns"))?;
            tx.append_event(Audience::leads(), None, 0, &body("leads"))?;
            Ok(())
        })
        .unwrap();
    let seen = |lead: bool| -> Vec<i64> {
        let filter = EventFilter::Agent {
            id: dana,
            queues: vec!["billing".to_string(), "sales".to_string()],
            lead,
        };
        let events = database
            .store
            .read(|tx| tx.events_after(&filter, 0, 10))
            .unwrap();
        events.iter().map(|e| e.seq).collect()
    };
    assert_eq!(seen(false), [1, 3]);
    assert_eq!(seen(true), [1, 3, 5]);
}

/// Transactions on several connections (as on several nodes) append events at once, holding
/// their ids a while before they commit; a stream polling all the while sees every id once,
/// each page starting right after the last id it saw — no gap it would have to wait on, no
/// id that appears later below one already seen.
#[test]
fn event_ids_commit_in_their_order_across_concurrent_transactions() {
    const WRITERS: usize = 4;
    const TRANSACTIONS: usize = 20;
    const EVENTS_PER_TRANSACTION: usize = 2;
    let total = (WRITERS * TRANSACTIONS * EVENTS_PER_TRANSACTION) as i64;
    let database = Arc::new(Database::start());
    let done = Arc::new(AtomicBool::new(false));

    let reader = {
        let database = Arc::clone(&database);
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let filter = EventFilter::Agent {
                id: Uuid::now_v7(),
                queues: Vec::new(),
                lead: true,
            };
            let mut seen = Vec::new();
            let mut after = 0;
            loop {
                let finished = done.load(Ordering::SeqCst);
                let page = database
                    .store
                    .read(|tx| tx.events_after(&filter, after, 1000))
                    .unwrap();
                for event in &page {
                    assert_eq!(event.seq, after + 1, "a gap or a repeat after {after}");
                    after = event.seq;
                    seen.push(event.seq);
                }
                if finished && page.is_empty() {
                    return seen;
                }
            }
        })
    };

    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let database = Arc::clone(&database);
            std::thread::spawn(move || {
                for t in 0..TRANSACTIONS {
                    database
                        .store
                        .write(|tx| {
                            for _ in 0..EVENTS_PER_TRANSACTION {
                                tx.append_event(
                                    Audience::leads(),
                                    None,
                                    0,
                                    &EventBody::AgentJoined {
                                        agent_name: format!("{w}/{t}"),
                                    },
                                )?;
                                // Hold the ids a little before committing.
                                std::thread::sleep(Duration::from_millis(((w + t) % 3) as u64));
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
    done.store(true, Ordering::SeqCst);
    let seen = reader.join().unwrap();
    assert_eq!(seen, (1..=total).collect::<Vec<_>>());
}

/// A node never depends on a notification: an event committed without one (as if it were lost
/// on the way) still reaches the follower's streams, found by its next read by id.
#[test]
fn an_event_committed_without_a_notification_is_still_followed() {
    use crate::server::store::postgres::follow::Follower;
    use crate::server::store::postgres::run_on;
    let database = Database::start();
    let store = Arc::new(PostgresStore::connect(&database.cluster.url()).unwrap());
    let (handed, followed) = std::sync::mpsc::channel::<Vec<i64>>();
    let handed = std::sync::Mutex::new(handed);
    let follower = Follower::start(
        Arc::clone(&store),
        0,
        Box::new(move |events| {
            let seqs = events.iter().map(|e| e.seq).collect();
            let _ = handed.lock().unwrap().send(seqs);
        }),
    )
    .unwrap();
    // One with its notification, then one whose notification is dropped.
    store.write(|tx| leads_event(tx, "first")).unwrap();
    assert_eq!(followed.recv_timeout(PATIENCE).unwrap(), [1]);
    let mut session = store.open_session().unwrap();
    run_on(
        &mut session,
        postgres::IsolationLevel::ReadCommitted,
        false,
        |mut tx| {
            tx.take_writes()?;
            leads_event(&mut tx, "second")?;
            tx.appended.clear(); // commit() notifies only when events were appended
            tx.commit().map(drop)
        },
    )
    .unwrap();
    assert_eq!(followed.recv_timeout(PATIENCE).unwrap(), [2]);
    follower.finish();
}

const PATIENCE: Duration = Duration::from_secs(15);

fn leads_event(tx: &mut dyn crate::server::store::Tx, name: &str) -> anyhow::Result<i64> {
    tx.append_event(
        Audience::leads(),
        None,
        0,
        &EventBody::AgentJoined {
            agent_name: name.to_string(),
        },
    )
}
