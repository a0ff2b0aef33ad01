//! Transfers and queue positions against a real backend.

use crate::common;

use std::time::Duration;

use chatdesk::protocol::{AgentChat, CustomerChat, EventBody, Me, QueueListing, Transfer};
use common::{Backend, Client};
use reqwest::{Method, StatusCode};

const NO_BODY: Option<&()> = None;

async fn me(agent: &Client) -> Me {
    agent.ok(Method::GET, "/api/v1/me", NO_BODY).await
}

async fn from_id(agent: &Client) -> Option<uuid::Uuid> {
    Some(me(agent).await.id)
}

#[tokio::test]
async fn transfer_respects_capacity_and_the_note_travels_with_the_chat() {
    let backend = Backend::start(None);
    let from = backend.agent("from", "billing");
    let busy = backend.agent("busy", "device");
    let to = backend.agent("to", "device");
    for agent in [&from, &busy, &to] {
        agent.go_available().await;
    }
    let (chat, customer) = backend.customer("Gus Moreno", "billing").await;
    from.pick_up(chat.id).await;
    let mut customer_events = customer
        .events(&format!("/api/v1/chats/{}/events", chat.id), None)
        .await;
    for i in 0..2 {
        let (other, _) = backend.customer(&format!("Device {i}"), "device").await;
        busy.pick_up(other.id).await;
    }
    let me_busy = me(&busy).await;
    let me_to = me(&to).await;
    let path = format!("/api/v1/chats/{}/transfer", chat.id);

    let (status, problem) = from
        .problem(
            Method::POST,
            &path,
            Some(&Transfer {
                to_agent: Some(me_busy.id),
                to_queue: None,
                note: "Device question".into(),
                notice: None,
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{}", problem.detail);

    let mut to_events = to.agent_events().await;
    let moved: AgentChat = from
        .ok(
            Method::POST,
            &path,
            Some(&Transfer {
                to_agent: Some(me_to.id),
                to_queue: None,
                note: "Verified; needs a replacement charger.".into(),
                notice: None,
            }),
        )
        .await;
    // Offered to the colleague with the note; theirs once they accept.
    assert_eq!(moved.agent_id, from_id(&from).await);
    let offer = to_events.offer().await;
    assert_eq!(
        offer.transfer.as_ref().map(|t| t.note.as_str()),
        Some("Verified; needs a replacement charger.")
    );
    to.accept(offer.id).await;
    let assigned = to_events
        .until("the transferred chat", |b| {
            matches!(b, EventBody::ChatAssigned { .. })
        })
        .await;
    let EventBody::ChatAssigned { detail } = assigned.body else {
        unreachable!()
    };
    assert_eq!(
        detail.chat.transfer_note.as_deref(),
        Some("Verified; needs a replacement charger.")
    );
    customer_events
        .until(
            "the new agent's name",
            |b| matches!(b, EventBody::AgentJoined { agent_name } if agent_name == "to"),
        )
        .await;
    assert_eq!(me(&from).await.active_chats, 0);
    // The old agent can no longer write in it.
    assert_eq!(
        from.send_refused(chat.id, "still here?").await,
        StatusCode::NOT_FOUND
    );

    // Back to a queue: it waits there again.
    let requeued: AgentChat = to
        .ok(
            Method::POST,
            &path,
            Some(&Transfer {
                to_agent: None,
                to_queue: Some("orders".into()),
                note: "Wants to change the order instead.".into(),
                notice: None,
            }),
        )
        .await;
    assert_eq!(requeued.state, chatdesk::protocol::ChatState::Queued);
    assert_eq!(requeued.queue, "orders");
    customer_events
        .until(
            "the queue notice",
            |b| matches!(b, EventBody::ChatQueued { queue, position: 1 } if queue == "orders"),
        )
        .await;
}

#[tokio::test]
async fn a_chat_sent_back_to_its_queue_goes_to_someone_else() {
    let backend = Backend::start(None);
    let from = backend.agent("from", "billing");
    let other = backend.agent("other", "billing");
    from.go_available().await;
    let (chat, _) = backend.customer("Oli Grant", "billing").await;
    from.pick_up(chat.id).await;
    let mut other_events = other.agent_events().await;
    let mut from_events = from.agent_events().await;
    other.go_available().await;
    let _: AgentChat = from
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/transfer", chat.id),
            Some(&Transfer {
                to_agent: None,
                to_queue: Some("billing".into()),
                note: "Needs someone who knows refunds.".into(),
                notice: None,
            }),
        )
        .await;
    let offer = other_events.offer().await;
    assert_eq!(offer.chat_id, chat.id);
    let bounced = from_events.next_within(Duration::from_millis(500)).await;
    assert!(
        !matches!(
            bounced.map(|e| e.body),
            Some(EventBody::OfferCreated { .. })
        ),
        "offered back to the agent who sent it away"
    );
}
#[tokio::test]
async fn waiting_customers_learn_their_position_as_the_line_moves() {
    let backend = Backend::start(None);
    let mut customers = Vec::new();
    for name in ["Hal", "Ida", "Jon"] {
        customers.push(backend.customer(name, "international").await);
    }
    let positions: Vec<u32> = customers.iter().map(|(c, _)| c.position).collect();
    assert_eq!(positions, [1, 2, 3]);
    let (last, last_client) = &customers[2];
    let mut stream = last_client
        .events(&format!("/api/v1/chats/{}/events", last.id), None)
        .await;
    stream
        .until("the first position", |b| {
            matches!(b, EventBody::ChatQueued { position: 3, .. })
        })
        .await;
    let (first, first_client) = &customers[0];
    let _: CustomerChat = first_client.end(first.id).await;
    stream
        .until("the new position", |b| {
            matches!(b, EventBody::QueuePosition { position: 2 })
        })
        .await;
    let state: CustomerChat = last_client
        .ok(Method::GET, &format!("/api/v1/chats/{}", last.id), NO_BODY)
        .await;
    assert_eq!(state.position, Some(2));

    // An agent sees the queue with its oldest wait.
    let lead = backend.person("lead", "lead", "international");
    let queues: Vec<QueueListing> = lead.ok(Method::GET, "/api/v1/queues", NO_BODY).await;
    let international = queues.iter().find(|q| q.id == "international").unwrap();
    assert_eq!(international.depth, 2);
    assert!(international.oldest_wait_secs.is_some());
}

#[tokio::test]
async fn the_customer_is_told_in_the_same_step_and_a_refused_transfer_tells_nothing() {
    let backend = Backend::start(None);
    let from = backend.agent("from", "billing");
    let away = backend.agent("away", "billing");
    from.go_available().await;
    let (chat, customer) = backend.customer("Ines Duarte", "billing").await;
    from.pick_up(chat.id).await;
    let path = format!("/api/v1/chats/{}/transfer", chat.id);
    let transcript = |customer: &Client| {
        let customer = customer.clone();
        let chat = chat.id;
        async move {
            let messages: Vec<chatdesk::protocol::Message> = customer
                .ok(
                    Method::GET,
                    &format!("/api/v1/chats/{chat}/messages"),
                    NO_BODY,
                )
                .await;
            messages.into_iter().map(|m| m.body).collect::<Vec<_>>()
        }
    };

    // To someone who is not available: refused, and the customer heard nothing.
    let (status, _) = from
        .problem(
            Method::POST,
            &path,
            Some(&Transfer {
                to_agent: Some(me(&away).await.id),
                to_queue: None,
                note: "Billing dispute".into(),
                notice: Some("I am handing you to a colleague now.".into()),
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(transcript(&customer).await.is_empty());

    let _: AgentChat = from
        .ok(
            Method::POST,
            &path,
            Some(&Transfer {
                to_agent: None,
                to_queue: Some("billing".into()),
                note: "Billing dispute".into(),
                notice: Some("I am handing you to a colleague now.".into()),
            }),
        )
        .await;
    assert_eq!(
        transcript(&customer).await,
        ["I am handing you to a colleague now."]
    );
}
