//! Faults repeated across the nodes under load: ten nodes killed in turn, and the database
//! restarted. Each time, every acknowledged message exists exactly once afterwards, and every
//! stream cut by the fault and resumed on another node is the whole stream: no gap, no
//! duplicate.

use crate::common;
use crate::nodes::{UNLIMITED, ids_until_quiet, send_somewhere, via};

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chatdesk::protocol::Message;
use common::Client;
use common::nodes::Nodes;
use futures::future::join_all;
use reqwest::{Method, StatusCode};

const NO_BODY: Option<&()> = None;

/// Customers sending at once, each as fast as the nodes acknowledge.
const CUSTOMERS: usize = 4;

type Customers = Vec<(uuid::Uuid, Client)>;

async fn customers_on(nodes: &Nodes) -> Customers {
    let mut customers = Vec::new();
    for i in 0..CUSTOMERS {
        let node = nodes.node(i % nodes.nodes.len());
        let (created, customer) = node.customer(&format!("Customer {i}"), "billing").await;
        customers.push((created.id, customer));
    }
    customers
}

/// Each customer sends through the nodes in turn until `stop`, retrying a send (same client
/// id) until a node acknowledges it; hands back what was acknowledged and when.
fn keep_sending(
    customers: &Customers,
    bases: &[String],
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<Vec<(Message, Instant)>>> {
    customers
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, (chat, customer))| {
            let (bases, stop) = (bases.to_vec(), Arc::clone(stop));
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                let mut j = 0;
                while !stop.load(Ordering::Relaxed) {
                    let id = format!("c{i}-m{j}");
                    let deadline = Instant::now() + common::PATIENCE;
                    loop {
                        if let Some(m) = send_somewhere(&customer, &bases, i + j, chat, &id).await {
                            acknowledged.push((m, Instant::now()));
                            break;
                        }
                        assert!(Instant::now() < deadline, "{id} was never acknowledged");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    j += 1;
                }
                acknowledged
            })
        })
        .collect()
}

/// Every message acknowledged to customer `i` is stored exactly once, and nothing else is.
async fn stored_once(customers: &Customers, base: &str, acknowledged: &[Vec<(Message, Instant)>]) {
    for (i, (chat, customer)) in customers.iter().enumerate() {
        let stored: Vec<Message> = via(customer, base)
            .ok(
                Method::GET,
                &format!("/api/v1/chats/{chat}/messages"),
                NO_BODY,
            )
            .await;
        let mut counts: HashMap<String, usize> = HashMap::new();
        for message in &stored {
            *counts
                .entry(message.client_msg_id.clone().unwrap_or_default())
                .or_default() += 1;
        }
        for (message, _) in &acknowledged[i] {
            let id = message.client_msg_id.clone().unwrap_or_default();
            assert_eq!(counts.get(&id), Some(&1), "customer {i}: {id} stored once");
        }
        assert_eq!(
            stored.len(),
            acknowledged[i].len(),
            "customer {i}: nothing more"
        );
    }
}

/// A stream that carried `before` until its node failed, resumed on `survivor` after its last
/// id, together make the whole stream as `base` replays it from the start.
async fn resumes_whole(
    customer: &Client,
    chat: uuid::Uuid,
    before: &[i64],
    survivor: &str,
    base: &str,
) {
    let path = format!("/api/v1/chats/{chat}/events");
    let quiet = Duration::from_millis(800);
    let mut whole = via(customer, base).events(&path, Some(0)).await;
    let whole = ids_until_quiet(&mut whole, quiet).await;
    assert_eq!(
        whole[..before.len()],
        *before,
        "what the failed node carried"
    );
    let last = before.last().copied().unwrap_or(0);
    let mut resumed = via(customer, survivor).events(&path, Some(last)).await;
    let resumed = ids_until_quiet(&mut resumed, quiet).await;
    assert_eq!(resumed, whole[before.len()..], "resumed after {last}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_nodes_killed_in_turn_under_load_lose_nothing_and_every_cut_stream_resumes_whole() {
    const KILLS: usize = 10;
    let mut nodes = Nodes::start(3, &[UNLIMITED]);
    let bases: Vec<String> = nodes.nodes.iter().map(|n| n.base.clone()).collect();
    let customers = customers_on(&nodes).await;
    let stop = Arc::new(AtomicBool::new(false));
    let senders = keep_sending(&customers, &bases, &stop);
    let mut cut = Vec::new();
    for round in 0..KILLS {
        let victim = round % 3;
        let (chat, customer) = &customers[round % CUSTOMERS];
        // A customer's stream on the node about to die, read until it breaks.
        let path = format!("/api/v1/chats/{chat}/events");
        let mut stream = via(customer, &bases[victim]).events(&path, Some(0)).await;
        let reader =
            tokio::spawn(async move { ids_until_quiet(&mut stream, common::PATIENCE).await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        tokio::task::block_in_place(|| nodes.nodes[victim].kill_hard());
        cut.push((round % CUSTOMERS, victim, reader.await.unwrap()));
        tokio::task::block_in_place(|| nodes.nodes[victim].restart());
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let acknowledged: Vec<_> = join_all(senders)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(
        acknowledged.iter().all(|a| a.len() > KILLS),
        "the load went on throughout"
    );
    stored_once(&customers, &bases[0], &acknowledged).await;
    for (c, victim, before) in &cut {
        let (chat, customer) = &customers[*c];
        let survivor = &bases[(victim + 1) % 3];
        resumes_whole(customer, *chat, before, survivor, &bases[(victim + 2) % 3]).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_restarted_under_load_loses_nothing_acknowledged_and_the_nodes_recover() {
    let mut nodes = Nodes::start(2, &[UNLIMITED]);
    let bases: Vec<String> = nodes.nodes.iter().map(|n| n.base.clone()).collect();
    let customers = customers_on(&nodes).await;
    let (chat, customer) = customers[0].clone();
    let path = format!("/api/v1/chats/{chat}/events");
    let mut stream = via(&customer, &bases[1]).events(&path, Some(0)).await;
    let reader = tokio::spawn(async move { ids_until_quiet(&mut stream, common::PATIENCE).await });
    let stop = Arc::new(AtomicBool::new(false));
    let senders = keep_sending(&customers, &bases, &stop);
    tokio::time::sleep(Duration::from_millis(400)).await;
    tokio::task::block_in_place(|| nodes.cluster.stop());
    let (status, _) = via(&customer, &bases[0])
        .call::<serde_json::Value>(
            Method::GET,
            &format!("/api/v1/chats/{chat}/messages"),
            NO_BODY,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "while the database is away"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    tokio::task::block_in_place(|| nodes.cluster.start_again());
    let restarted = Instant::now();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, Ordering::Relaxed);
    let acknowledged: Vec<_> = join_all(senders)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(
        nodes.nodes.iter_mut().all(|n| n.running()),
        "no node needed a restart"
    );
    for (i, sent) in acknowledged.iter().enumerate() {
        assert!(
            sent.iter().any(|(_, at)| *at > restarted),
            "customer {i}: sends are acknowledged again after the restart"
        );
    }
    stored_once(&customers, &bases[0], &acknowledged).await;
    let before = reader.await.unwrap();
    resumes_whole(&customer, chat, &before, &bases[0], &bases[1]).await;
}

/// Two nodes asked for the same thing at the same instant decide it once: an offer accepted
/// through both gives the agent one chat, and a missed chat claimed by two colleagues, each
/// through a node of their own, has one winner.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offer_and_a_missed_chat_are_taken_once_across_nodes() {
    let nodes = Nodes::start(2, &[UNLIMITED]);
    let bases: Vec<String> = nodes.nodes.iter().map(|n| n.base.clone()).collect();
    let dana = nodes.node(0).agent("dana", "billing");
    let mut stream = dana.agent_events().await;
    dana.go_available().await;
    let (created, _) = nodes.node(1).customer("Ann Example", "billing").await;
    let offer = stream.offer().await;
    let path = format!("/api/v1/offers/{}/accept", offer.id);
    let (on_one, on_other) = (via(&dana, &bases[0]), via(&dana, &bases[1]));
    let (first, second) = tokio::join!(
        on_one.call::<serde_json::Value>(Method::POST, &path, NO_BODY),
        on_other.call::<serde_json::Value>(Method::POST, &path, NO_BODY),
    );
    assert!(
        [first.0, second.0].contains(&StatusCode::OK),
        "{first:?} {second:?}"
    );
    let me: chatdesk::protocol::Me = via(&dana, &bases[1])
        .ok(Method::GET, "/api/v1/me", NO_BODY)
        .await;
    assert_eq!(me.active_chats, 1, "the chat was given once");
    let mut everything = via(&dana, &bases[1])
        .events("/api/v1/me/events", Some(0))
        .await;
    let mut assigned = 0;
    while let Some(event) = everything.next_within(Duration::from_millis(800)).await {
        if matches!(event.body, chatdesk::protocol::EventBody::ChatAssigned { ref detail } if detail.chat.id == created.id)
        {
            assigned += 1;
        }
    }
    assert_eq!(assigned, 1, "one assignment on the stream");

    let eli = nodes.node(1).agent("eli", "billing");
    let (missed_chat, customer) = nodes.node(0).customer("Bo Chen", "billing").await;
    let _: serde_json::Value = customer.end(missed_chat.id).await;
    let list: Vec<chatdesk::protocol::MissedChat> =
        eli.ok(Method::GET, "/api/v1/missed", NO_BODY).await;
    let id = list
        .iter()
        .find(|m| m.chat_id == missed_chat.id)
        .expect("missed")
        .id;
    let claim = format!("/api/v1/missed/{id}/claim");
    let (first, second) = tokio::join!(
        on_one.call::<serde_json::Value>(Method::POST, &claim, NO_BODY),
        eli.call::<serde_json::Value>(Method::POST, &claim, NO_BODY),
    );
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "one winner"
    );
}

/// The inactivity timers survive their leader: a customer who went quiet is nudged and their
/// chat ended by the node that takes the lead, each once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inactive_chat_still_ends_once_when_the_timers_leader_is_killed() {
    use chatdesk::protocol::{EndCause, EventBody, Party};
    let policy = (
        "policy.toml",
        "[inactivity]\nnudge_after_secs = 2\nend_after_secs = 4\n",
    );
    let mut nodes = Nodes::start(2, &[UNLIMITED, policy]);
    let leader = nodes.timer_leader(common::PATIENCE);
    let survivor = 1 - leader;
    let agent = nodes.node(survivor).agent("dana", "billing");
    let mut stream = agent.agent_events().await;
    agent.go_available().await;
    let (created, _customer) = nodes
        .node(survivor)
        .customer("Ann Example", "billing")
        .await;
    let offer = stream.offer().await;
    agent.accept(offer.id).await;
    let (status, _) = agent
        .send(created.id, "Could you tell me the order number?", "a-1")
        .await;
    assert_eq!(status, StatusCode::CREATED);
    tokio::task::block_in_place(|| nodes.nodes[leader].kill_hard());
    let ended = stream
        .until("the chat's end", |b| {
            matches!(b, EventBody::ChatEnded { .. })
        })
        .await;
    assert!(
        matches!(
            ended.body,
            EventBody::ChatEnded {
                by: Party::System,
                cause: Some(EndCause::Inactivity)
            }
        ),
        "{ended:?}"
    );
    assert_eq!(nodes.timer_leader(common::PATIENCE), survivor);
    // Once each: the whole stream, read again after the timers had time to fire twice.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut again = agent.events("/api/v1/me/events", Some(0)).await;
    let (mut ends, mut from_the_team) = (0, 0);
    while let Some(event) = again.next_within(Duration::from_millis(800)).await {
        match event.body {
            EventBody::ChatEnded { .. } => ends += 1,
            EventBody::MessageCreated { message } if message.author == Party::System => {
                from_the_team += 1
            }
            _ => {}
        }
    }
    assert_eq!(ends, 1, "ended once");
    assert_eq!(from_the_team, 2, "one nudge and one goodbye");
}
