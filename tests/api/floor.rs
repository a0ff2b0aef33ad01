//! The leads' floor (`GET /api/v1/floor`) against a real backend: who works, who waits
//! longest, today's late replies, the queues and the escalations.

use crate::common;

use std::time::Duration;

use chatdesk::protocol::{
    Escalation, EscalationState, FieldValue, Floor, Me, NewEscalation, NewReply, Presence,
    QueueListing, Role,
};
use common::{Backend, Client};
use reqwest::{Method, StatusCode};
use uuid::Uuid;

const NO_BODY: Option<&()> = None;

async fn me(person: &Client) -> Me {
    person.ok(Method::GET, "/api/v1/me", NO_BODY).await
}

async fn floor(lead: &Client) -> Floor {
    lead.ok(Method::GET, "/api/v1/floor", NO_BODY).await
}

#[tokio::test]
async fn the_floor_shows_who_works_and_who_waits_most_urgent_first() {
    // A breach after two seconds, so the test can wait for one.
    let backend = Backend::start(Some("[sla]\nreply_warn_secs = 1\nreply_breach_secs = 2\n"));
    let dana = backend.agent("dana", "billing");
    let eli = backend.agent("eli", "billing");
    let fay = backend.agent("fay", "billing");
    let lee = backend.person("lee", "lead", "international");
    assert_eq!(eli.presence(Presence::Away).await, StatusCode::OK);
    lee.go_available().await;
    let (ana, ana_client) = backend.customer("Ana Lima", "billing").await;
    let (bo, bo_client) = backend.customer("Bo Hansen", "billing").await;
    let (cy, cy_client) = backend.customer("Cy Okafor", "billing").await;
    dana.pick_up(ana.id).await;
    dana.pick_up(bo.id).await;
    eli.pick_up(cy.id).await;

    // Cy waits longest; Ana waits; Bo is answered at once.
    let (_, cy_first) = cy_client.send(cy.id, "Hello?", "c-1").await;
    let (_, ana_first) = ana_client.send(ana.id, "My invoice is wrong.", "a-1").await;
    bo_client.send(bo.id, "Quick question.", "b-1").await;
    let (_, dana_to_bo) = dana.send(bo.id, "Sure, go ahead.", "d-1").await;
    tokio::time::sleep(Duration::from_millis(2300)).await;
    // Dana answers Ana too late (a breach), and Ana writes again (a new wait).
    dana.send(ana.id, "Sorry for the wait, Ana.", "d-2").await;
    let (_, ana_again) = ana_client.send(ana.id, "It says Premium.", "a-2").await;
    assert!(ana_first.at < ana_again.at);

    let floor = floor(&lee).await;
    let (dana_id, eli_id, lee_id) = (me(&dana).await.id, me(&eli).await.id, me(&lee).await.id);
    let fay_id = me(&fay).await.id;
    let ids: Vec<Uuid> = floor.chats.iter().map(|c| c.chat.id).collect();
    assert_eq!(ids, [cy.id, ana.id, bo.id], "unanswered, longest first");
    assert_eq!(floor.chats[0].waiting_since, Some(cy_first.at));
    assert_eq!(floor.chats[1].waiting_since, Some(ana_again.at));
    assert_eq!(floor.chats[2].waiting_since, None);
    assert_eq!(floor.chats[2].last_message_at, Some(dana_to_bo.at));
    assert_eq!(floor.chats[1].chat.agent_name.as_deref(), Some("dana"));

    // Fay is offline with no chats: on the floor last (the monitor shows her when asked).
    let agents: Vec<(Uuid, Presence, u32, u32)> = floor
        .agents
        .iter()
        .map(|a| (a.id, a.presence, a.active_chats, a.sla_breaches_today))
        .collect();
    assert_eq!(
        agents,
        [
            // Eli: Cy still waits past the limit.
            (eli_id, Presence::Away, 1, 1),
            // Dana: offline but holding chats; one late reply to Ana.
            (dana_id, Presence::Offline, 2, 1),
            (lee_id, Presence::Available, 0, 0),
            (fay_id, Presence::Offline, 0, 0),
        ]
    );
    assert_eq!(floor.agents[0].longest_wait_since, Some(cy_first.at));
    assert_eq!(floor.agents[1].longest_wait_since, Some(ana_again.at));
    assert_eq!(floor.agents[2].role, Role::Lead);
    assert!(floor.agents.iter().all(|a| a.capacity == 2));

    // Every queue, as the queues route lists them for a lead.
    let queues: Vec<QueueListing> = lee.ok(Method::GET, "/api/v1/queues", NO_BODY).await;
    let ids = |q: &[QueueListing]| -> Vec<String> { q.iter().map(|q| q.id.clone()).collect() };
    assert_eq!(ids(&floor.queues), ids(&queues));
    assert!(floor.queues.len() >= 4);
}

fn override_code(cid: &str) -> NewEscalation {
    let fields = [
        ("cid", cid),
        ("utr", "UTR-2231"),
        ("appointment_time", "2:30 pm Central"),
        ("drive_time", "45 minutes"),
        (
            "reason",
            "The customer is at the shop and the technician cannot reach the service line. \
             Can someone give an override code today?",
        ),
    ];
    NewEscalation {
        template: "poc-code".to_string(),
        fields: fields
            .iter()
            .map(|(id, value)| FieldValue {
                id: id.to_string(),
                value: value.to_string(),
            })
            .collect(),
    }
}

#[tokio::test]
async fn the_floor_lists_escalations_waiting_first_then_lately_answered() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let lee = backend.person("lee", "lead", "billing");
    let mut sent = Vec::new();
    for (customer, cid) in [("Ana Lima", "C-1001"), ("Bo Hansen", "C-1002")] {
        let (chat, _) = backend.customer(customer, "billing").await;
        dana.pick_up(chat.id).await;
        let path = format!("/api/v1/chats/{}/escalations", chat.id);
        let escalation: Escalation = dana
            .ok(Method::POST, &path, Some(&override_code(cid)))
            .await;
        sent.push(escalation.id);
    }
    // The first is answered; the second still waits, so it comes first.
    let first = sent[0];
    let _: Escalation = lee
        .ok(
            Method::POST,
            &format!("/api/v1/escalations/{first}/claim"),
            NO_BODY,
        )
        .await;
    let answer = NewReply {
        body: "Code 4471 is good for today.".to_string(),
    };
    let _: Escalation = lee
        .ok(
            Method::POST,
            &format!("/api/v1/escalations/{first}/replies"),
            Some(&answer),
        )
        .await;

    let floor = floor(&lee).await;
    let listed: Vec<(Uuid, EscalationState)> =
        floor.escalations.iter().map(|e| (e.id, e.state)).collect();
    assert_eq!(
        listed,
        [
            (sent[1], EscalationState::Open),
            (sent[0], EscalationState::Answered)
        ]
    );
}

#[tokio::test]
async fn an_ended_chats_escalation_sorts_below_live_ones_and_a_lead_closes_it() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let lee = backend.person("lee", "lead", "billing");
    let mut sent = Vec::new();
    let mut chats = Vec::new();
    for customer in ["Ana Lima", "Bo Hansen"] {
        let (chat, _) = backend.customer(customer, "billing").await;
        dana.pick_up(chat.id).await;
        let path = format!("/api/v1/chats/{}/escalations", chat.id);
        let escalation: Escalation = dana
            .ok(Method::POST, &path, Some(&override_code("C-1001")))
            .await;
        sent.push(escalation.id);
        chats.push(chat.id);
    }
    // The older one's chat ends: it is marked, still open, and now comes after the live one.
    let _: serde_json::Value = dana.end(chats[0]).await;
    let listed = floor(&lee).await.escalations;
    let order: Vec<(Uuid, bool)> = listed.iter().map(|e| (e.id, e.chat_ended)).collect();
    assert_eq!(order, [(sent[1], false), (sent[0], true)]);

    // Only a lead closes, and only an ended chat's escalation.
    let close = |id: Uuid| format!("/api/v1/escalations/{id}/close");
    let (status, _) = dana.problem(Method::POST, &close(sent[0]), NO_BODY).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, problem) = lee.problem(Method::POST, &close(sent[1]), NO_BODY).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(problem.detail.contains("still going"), "{}", problem.detail);
    let closed: Escalation = lee.ok(Method::POST, &close(sent[0]), NO_BODY).await;
    assert!(closed.closed_at.is_some());
    let listed: Vec<Uuid> = floor(&lee).await.escalations.iter().map(|e| e.id).collect();
    assert_eq!(listed, [sent[1]]);
    // Its thread is kept, and the agent still sees it.
    let again: Escalation = dana
        .ok(
            Method::GET,
            &format!("/api/v1/escalations/{}", sent[0]),
            NO_BODY,
        )
        .await;
    assert!(again.closed_at.is_some() && again.chat_ended);
}

/// An agent's id was once masked like text as the sender of their messages, so an id whose
/// digits read as a card number was stored with `*` in it: the floor could not read it back
/// (500), and the agent's retries and the events that refer to the message did not find it.
/// A database written so opens repaired.
#[tokio::test]
// It writes the old form of the rows by hand, beside the store.
#[allow(clippy::disallowed_methods)]
async fn messages_kept_under_a_masked_agent_id_are_found_again() {
    let mut backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let lee = backend.person("lee", "lead", "billing");
    dana.go_available().await;
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    dana.pick_up(chat.id).await;
    customer.send(chat.id, "My invoice is wrong.", "a-1").await;
    let (status, answer) = dana.send(chat.id, "Let me look.", "d-1").await;
    assert_eq!(status, StatusCode::CREATED);
    let dana_id = me(&dana).await.id.to_string();
    backend.kill_hard();

    // The rows as the old backend wrote them for an id that read as a card: some of its hex
    // digits stood as `*`, in the message and in its events. The version before the repair.
    let masked = format!("{}****{}", &dana_id[..9], &dana_id[13..]);
    {
        let db = rusqlite::Connection::open(backend.data_dir().join("chatdesk.sqlite3")).unwrap();
        let rows = db
            .execute(
                "UPDATE messages SET sender = ?1 WHERE sender = ?2",
                [&masked, &dana_id],
            )
            .unwrap();
        assert_eq!(rows, 1);
        let events = db
            .execute(
                "UPDATE events SET message_sender = ?1 WHERE message_sender = ?2",
                [&masked, &dana_id],
            )
            .unwrap();
        assert!(
            events >= 1,
            "the message's events refer to it by its sender"
        );
        db.pragma_update(None, "user_version", 14).unwrap();
    }
    backend.restart();

    let floor = floor(&lee).await;
    assert_eq!(floor.chats.len(), 1);
    assert_eq!(floor.chats[0].last_message_at, Some(answer.at));
    let (status, again) = dana.send(chat.id, "Let me look.", "d-1").await;
    assert_eq!(
        (status, &again),
        (StatusCode::OK, &answer),
        "a retry finds it"
    );
    let mut stream = customer
        .events(&format!("/api/v1/chats/{}/events", chat.id), None)
        .await;
    stream
        .until("the agent's message", |b| {
            matches!(b, chatdesk::protocol::EventBody::MessageCreated { message } if message.id == answer.id)
        })
        .await;
}
