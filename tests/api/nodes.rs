//! Several `chatdesk serve` nodes on one PostgreSQL database, over real HTTP: any request on
//! any node, one order of events that resumes on any node, the routing rules across nodes,
//! nodes killed under load, the timers' leader killed, and the database restarted.

use crate::common;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chatdesk::protocol::{ChatDetail, EventBody, Message, OfferEnd, Problem};
use common::nodes::Nodes;
use common::{Client, Events};
use futures::future::join_all;
use reqwest::{Method, StatusCode};

const NO_BODY: Option<&()> = None;

/// No limit gets in the way of a test that sends as fast as it can from one address.
pub(super) const UNLIMITED: (&str, &str) = (
    "server.toml",
    "[limits]\nnew_chats_per_minute = 0\ncustomer_messages_per_minute = 0\n\
     agent_requests_per_minute = 0\nstreams_per_address = 0\n",
);

/// The same person (same token) talking to another node.
pub(super) fn via(client: &Client, base: &str) -> Client {
    Client::new(base, &client.token)
}

/// The ids of every event a stream carries until it is quiet for `quiet` (or ends).
pub(super) async fn ids_until_quiet(events: &mut Events, quiet: Duration) -> Vec<i64> {
    let mut ids = Vec::new();
    while let Some(event) = events.next_within(quiet).await {
        if event.id != 0 {
            ids.push(event.id);
        }
    }
    ids
}

#[tokio::test]
async fn a_customer_on_one_node_reaches_an_agent_streaming_from_another_and_streams_resume_on_a_third()
 {
    let nodes = Nodes::start(3, &[UNLIMITED]);
    let [a, b, c] = [0, 1, 2].map(|i| nodes.node(i).base.clone());
    let agent = nodes.node(0).agent("amy", "billing");
    let mut agent_stream = via(&agent, &b).agent_events().await;
    via(&agent, &c).go_available().await;
    let (created, customer) = nodes.node(0).customer("Ann Example", "billing").await;
    let offer = agent_stream.offer().await;
    assert_eq!(offer.chat_id, created.id);
    let detail: ChatDetail = via(&agent, &c).accept(offer.id).await;
    assert_eq!(detail.chat.id, created.id);
    for (i, node) in [&a, &c, &b, &a].into_iter().enumerate() {
        let (status, _) = via(&customer, node)
            .send(created.id, &format!("hello {i}"), &format!("m{i}"))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    // The agent's stream on b sees the four messages, in the order they were sent, however
    // many nodes they went through.
    let mut bodies = Vec::new();
    let mut seen = Vec::new();
    while bodies.len() < 4 {
        let event = agent_stream
            .until("a message", |b| {
                matches!(b, EventBody::MessageCreated { .. })
            })
            .await;
        seen.push(event.id);
        if let EventBody::MessageCreated { message } = event.body {
            bodies.push(message.body);
        }
    }
    assert_eq!(bodies, ["hello 0", "hello 1", "hello 2", "hello 3"]);
    // Resumed on c after the second message: exactly the rest, nothing twice.
    let mut resumed = via(&agent, &c)
        .events("/api/v1/me/events", Some(seen[1]))
        .await;
    let rest = ids_until_quiet(&mut resumed, Duration::from_millis(800)).await;
    assert_eq!(rest.first(), Some(&(seen[1] + 1)), "{rest:?}");
    assert!(
        rest.contains(&seen[2]) && rest.contains(&seen[3]),
        "{rest:?}"
    );
    assert!(rest.windows(2).all(|w| w[0] < w[1]), "{rest:?}");
    let mut everything = via(&agent, &a).events("/api/v1/me/events", Some(0)).await;
    let all = ids_until_quiet(&mut everything, Duration::from_millis(800)).await;
    let after: Vec<i64> = all.into_iter().filter(|id| *id > seen[1]).collect();
    assert_eq!(rest, after, "the resumed stream is the full one's tail");
}

#[tokio::test]
async fn two_agents_racing_on_three_nodes_get_two_chats_each_and_no_chat_twice() {
    let nodes = Nodes::start(3, &[UNLIMITED]);
    let bases: Vec<String> = nodes.nodes.iter().map(|n| n.base.clone()).collect();
    let agents = [
        nodes.node(0).agent("left", "billing"),
        nodes.node(1).agent("right", "billing"),
    ];
    let mut chats = Vec::new();
    for i in 0..8 {
        let node = nodes.node(i % 3);
        chats.push(node.customer(&format!("Customer {i}"), "billing").await.0);
    }
    let mut attempts = Vec::new();
    for (a, agent) in agents.iter().enumerate() {
        for (c, chat) in chats.iter().enumerate() {
            let agent = via(agent, &bases[(a + c) % 3]);
            let path = format!("/api/v1/chats/{}/pickup", chat.id);
            attempts.push(tokio::spawn(async move {
                let response = agent.request(Method::POST, &path).send().await.unwrap();
                if response.status() == StatusCode::OK {
                    Some(response.json::<ChatDetail>().await.unwrap())
                } else {
                    assert_eq!(response.status(), StatusCode::CONFLICT);
                    None
                }
            }));
        }
    }
    let taken: Vec<ChatDetail> = join_all(attempts)
        .await
        .into_iter()
        .filter_map(Result::unwrap)
        .collect();
    assert_eq!(taken.len(), 4, "capacity 2 each");
    let distinct: HashSet<_> = taken.iter().map(|d| d.chat.id).collect();
    assert_eq!(distinct.len(), 4, "no chat was given twice");
    for (i, agent) in agents.iter().enumerate() {
        let me: chatdesk::protocol::Me = via(agent, &bases[2 - i])
            .ok(Method::GET, "/api/v1/me", NO_BODY)
            .await;
        assert_eq!(me.active_chats, 2);
    }
}

/// Sends `client_msg_id` through the nodes in turn from `first`, until one acknowledges it;
/// `None` when none does (every node down).
pub(super) async fn send_somewhere(
    customer: &Client,
    bases: &[String],
    first: usize,
    chat: uuid::Uuid,
    client_msg_id: &str,
) -> Option<Message> {
    for k in 0..bases.len() * 3 {
        let node = via(customer, &bases[(first + k) % bases.len()]);
        let sent = node
            .request(Method::POST, &format!("/api/v1/chats/{chat}/messages"))
            .json(&chatdesk::protocol::NewMessage {
                body: format!("message {client_msg_id}"),
                client_msg_id: client_msg_id.to_string(),
            })
            .send()
            .await;
        if let Ok(response) = sent
            && response.status().is_success()
            && let Ok(message) = response.json::<Message>().await
        {
            return Some(message);
        }
    }
    None
}

#[tokio::test]
async fn a_node_killed_under_load_loses_no_acknowledged_message_and_streams_resume_on_another() {
    let nodes_running = Nodes::start(3, &[UNLIMITED]);
    let mut nodes = nodes_running;
    let bases: Vec<String> = nodes.nodes.iter().map(|n| n.base.clone()).collect();
    const CUSTOMERS: usize = 6;
    const MESSAGES: usize = 40;
    let victim = 1;
    let mut customers = Vec::new();
    for i in 0..CUSTOMERS {
        let (created, customer) = nodes
            .node(i % 3)
            .customer(&format!("Customer {i}"), "billing")
            .await;
        customers.push((created.id, customer));
    }
    // Each customer's stream on the node about to die, read until it breaks.
    let mut readers = Vec::new();
    for (chat, customer) in &customers {
        let path = format!("/api/v1/chats/{chat}/events");
        let mut stream = via(customer, &bases[victim]).events(&path, Some(0)).await;
        readers.push(tokio::spawn(async move {
            ids_until_quiet(&mut stream, common::PATIENCE).await
        }));
    }
    // Every customer sends through every node in turn, moving on when a node fails.
    let mut senders = Vec::new();
    for (i, (chat, customer)) in customers.iter().cloned().enumerate() {
        let bases = bases.clone();
        senders.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for j in 0..MESSAGES {
                let id = format!("c{i}-m{j}");
                if let Some(message) = send_somewhere(&customer, &bases, i + j, chat, &id).await {
                    acknowledged.push(message);
                }
            }
            acknowledged
        }));
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    nodes.nodes[victim].kill_hard();
    let acknowledged: Vec<Vec<Message>> = join_all(senders)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let before_kill: Vec<Vec<i64>> = join_all(readers)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let survivor = &bases[2];
    let mut cut_short = 0;
    for (i, (chat, customer)) in customers.iter().enumerate() {
        // Every message was acknowledged (a node was always there), once.
        assert_eq!(acknowledged[i].len(), MESSAGES, "customer {i}");
        let stored: Vec<Message> = via(customer, &bases[0])
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
        for message in &acknowledged[i] {
            let id = message.client_msg_id.clone().unwrap_or_default();
            assert_eq!(counts.get(&id), Some(&1), "customer {i}: {id} stored once");
        }
        assert_eq!(stored.len(), MESSAGES, "customer {i}: nothing more");
        // The stream cut by the kill, resumed on a survivor, is the whole stream: no gap, no
        // duplicate.
        let path = format!("/api/v1/chats/{chat}/events");
        let mut seen = before_kill[i].clone();
        let last = seen.last().copied().unwrap_or(0);
        let mut resumed = via(customer, survivor).events(&path, Some(last)).await;
        seen.extend(ids_until_quiet(&mut resumed, Duration::from_millis(800)).await);
        let mut whole = via(customer, &bases[0]).events(&path, Some(0)).await;
        let whole = ids_until_quiet(&mut whole, Duration::from_millis(800)).await;
        assert_eq!(seen, whole, "customer {i}");
        if before_kill[i].len() < whole.len() {
            cut_short += 1;
        }
        assert!(
            whole.len() > MESSAGES,
            "customer {i}: {} events",
            whole.len()
        );
    }
    assert!(
        cut_short > 0,
        "the node died while its streams still had events to carry"
    );
}

#[tokio::test]
async fn offers_still_expire_once_when_the_timers_leader_is_killed() {
    let policy = ("policy.toml", "[routing]\noffer_timeout_secs = 2\n");
    let mut nodes = Nodes::start(2, &[UNLIMITED, policy]);
    let leader = nodes.timer_leader(common::PATIENCE);
    let survivor = 1 - leader;
    let base = nodes.node(survivor).base.clone();
    let agent = via(&nodes.node(survivor).agent("absent", "device"), &base);
    let mut stream = agent.agent_events().await;
    agent.go_available().await;
    let (created, _) = nodes.node(survivor).customer("Ann Example", "device").await;
    let offer = stream.offer().await;
    assert_eq!(offer.chat_id, created.id);
    nodes.nodes[leader].kill_hard();
    let killed = std::time::Instant::now();
    // The survivor takes the lead and the offer expires, within the offer's 2 s and a few
    // seconds of taking over.
    let ended = stream
        .until("the offer's end", |b| {
            matches!(b, EventBody::OfferEnded { .. })
        })
        .await;
    assert!(
        matches!(ended.body, EventBody::OfferEnded { offer_id, reason: OfferEnd::Expired } if offer_id == offer.id),
        "{ended:?}"
    );
    assert!(
        killed.elapsed() < Duration::from_secs(8),
        "{:?}",
        killed.elapsed()
    );
    assert_eq!(nodes.timer_leader(common::PATIENCE), survivor);
    // Once: the whole stream, read again, ends that offer once.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut again = agent.events("/api/v1/me/events", Some(0)).await;
    let mut ends = 0;
    while let Some(event) = again.next_within(Duration::from_millis(800)).await {
        if matches!(event.body, EventBody::OfferEnded { offer_id, .. } if offer_id == offer.id) {
            ends += 1;
        }
    }
    assert_eq!(ends, 1);
}

#[tokio::test]
async fn a_node_without_its_database_answers_503_and_recovers_by_itself() {
    let mut nodes = Nodes::start(2, &[UNLIMITED]);
    let agent = nodes.node(0).agent("amy", "billing");
    let ready = |base: String| async move {
        reqwest::get(format!("{base}/readyz"))
            .await
            .unwrap()
            .status()
    };
    let base = nodes.node(1).base.clone();
    assert_eq!(ready(base.clone()).await, StatusCode::OK);
    nodes.cluster.stop();
    assert_eq!(ready(base.clone()).await, StatusCode::SERVICE_UNAVAILABLE);
    let (status, problem): (StatusCode, Problem) = via(&agent, &base)
        .call(Method::GET, "/api/v1/me", NO_BODY)
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(problem.detail.contains("database"), "{}", problem.detail);
    let response = via(&agent, &base)
        .request(Method::GET, "/api/v1/me")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    assert!(nodes.nodes[1].running(), "the node keeps running");
    nodes.cluster.start_again();
    let deadline = std::time::Instant::now() + common::PATIENCE;
    while ready(base.clone()).await != StatusCode::OK {
        assert!(
            std::time::Instant::now() < deadline,
            "the node did not recover"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut stream = via(&agent, &base).agent_events().await;
    via(&agent, &base).go_available().await;
    let (created, _) = nodes.node(0).customer("Ann Example", "billing").await;
    // Events committed after the restart still reach a stream on the other node.
    let offer = stream.offer().await;
    assert_eq!(offer.chat_id, created.id);
}

#[tokio::test]
async fn a_sqlite_team_copied_to_postgres_resumes_its_streams_where_they_were() {
    let mut on_sqlite = common::Backend::start(None);
    let agent = on_sqlite.agent("amy", "billing");
    let mut stream = agent.agent_events().await;
    agent.go_available().await;
    let (created, customer) = on_sqlite.customer("Ann Example", "billing").await;
    let offer = stream.offer().await;
    agent.accept(offer.id).await;
    for i in 0..3 {
        let (status, _) = customer
            .send(created.id, &format!("hello {i}"), &format!("m{i}"))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let path = format!("/api/v1/chats/{}/events", created.id);
    let mut whole = customer.events(&path, Some(0)).await;
    let before = ids_until_quiet(&mut whole, Duration::from_millis(800)).await;
    assert!(before.len() >= 4, "{before:?}");
    let (status, _) = on_sqlite.terminate();
    assert!(status.success());

    let cluster = common::nodes::Cluster::start();
    let copy = |url: &str| {
        std::process::Command::new(common::BIN)
            .args(["store", "copy", "--from"])
            .arg(on_sqlite.data_dir())
            .args(["--to", url])
            .env_remove("CHATDESK_DATABASE_URL")
            .output()
            .expect("chatdesk store copy runs")
    };
    let out = copy(&cluster.url());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("1 agents") && said.contains("1 chats"),
        "{said}"
    );
    let again = copy(&cluster.url());
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds a team"));

    let node = common::Backend::on_database(&cluster.url(), &[]);
    let moved = via(&customer, &node.base);
    // The customer's stream resumes on PostgreSQL exactly after the event it last had.
    let mut resumed = moved.events(&path, Some(before[1])).await;
    let rest = ids_until_quiet(&mut resumed, Duration::from_millis(800)).await;
    assert_eq!(rest, before[2..]);
    // Both sign-ins still work, and the order of events goes on after the copied ones.
    let me: chatdesk::protocol::Me = via(&agent, &node.base)
        .ok(Method::GET, "/api/v1/me", NO_BODY)
        .await;
    assert_eq!(me.active_chats, 1);
    let (status, message) = moved.send(created.id, "after the move", "m9").await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(message.seq > *before.last().unwrap());
    let stored: Vec<Message> = moved
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{}/messages", created.id),
            NO_BODY,
        )
        .await;
    assert_eq!(stored.len(), 4);
}

/// A customer who reloads the page and comes back through another node has not left: the node
/// whose stream closed asks the cluster before ending the chat as missed. Once the page is
/// closed everywhere, the chat does end.
#[tokio::test]
async fn a_page_reloaded_onto_another_node_keeps_its_chat_and_a_page_closed_everywhere_ends_it() {
    let policy = ("policy.toml", "[missed]\npage_gone_after_secs = 2\n");
    let nodes = Nodes::start(2, &[UNLIMITED, policy]);
    let [a, b] = [0, 1].map(|i| nodes.node(i).base.clone());
    let (created, customer) = nodes.node(0).customer("Ann Example", "billing").await;
    let path = format!("/api/v1/chats/{}/events", created.id);
    let state = |base: String| {
        let customer = via(&customer, &base);
        let path = format!("/api/v1/chats/{}", created.id);
        async move {
            let chat: chatdesk::protocol::CustomerChat =
                customer.ok(Method::GET, &path, NO_BODY).await;
            chat.state
        }
    };
    let first = via(&customer, &a).events(&path, Some(0)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(first);
    let reloaded = via(&customer, &b).events(&path, Some(0)).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        state(a.clone()).await,
        chatdesk::protocol::ChatState::Queued,
        "the page is open on the other node"
    );
    drop(reloaded);
    let deadline = std::time::Instant::now() + common::PATIENCE;
    while state(a.clone()).await != chatdesk::protocol::ChatState::Ended {
        assert!(std::time::Instant::now() < deadline, "the chat did not end");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
