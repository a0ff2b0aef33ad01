//! Routing against a real backend: offers, expiry, decline, pick-up, capacity, wrap-up gate,
//! transfer and queue positions.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use chatdesk::protocol::{
    AgentChat, AgentSummary, ChatDetail, CustomerChat, Disposition, EventBody, Me, OfferEnd,
    Presence, QueueListing, Transfer,
};
use common::{Backend, Client};
use futures::future::join_all;
use reqwest::{Method, StatusCode};

const NO_BODY: Option<&()> = None;

async fn me(agent: &Client) -> Me {
    agent.ok(Method::GET, "/api/v1/me", NO_BODY).await
}

#[tokio::test]
async fn an_offer_goes_to_the_agent_with_fewest_chats_then_longest_idle() {
    let backend = Backend::start(None);
    let first = backend.agent("first", "billing");
    let second = backend.agent("second", "billing");
    let mut first_events = first.events("/api/v1/me/events", None).await;
    let mut second_events = second.events("/api/v1/me/events", None).await;
    assert_eq!(first.presence(Presence::Available).await, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(second.presence(Presence::Available).await, StatusCode::OK);

    // Both idle with no chats: the one available the longest gets it.
    let (chat1, _) = backend.customer("Ana Lima", "billing").await;
    let offer = first_events.offer().await;
    assert_eq!(offer.chat_id, chat1.id);
    let _: ChatDetail = first
        .ok(
            Method::POST,
            &format!("/api/v1/offers/{}/accept", offer.id),
            NO_BODY,
        )
        .await;

    // Now `first` holds a chat, so the next goes to `second` although `first` waited longer.
    let (chat2, _) = backend.customer("Bo Chen", "billing").await;
    let offer = second_events.offer().await;
    assert_eq!(offer.chat_id, chat2.id);
    assert_eq!(offer.customer.name, "Bo Chen");
    assert_eq!(offer.queue_name, "Billing");
}

#[tokio::test]
async fn one_agent_never_holds_more_than_two_chats_under_concurrent_pickups_and_accepts() {
    let backend = Backend::start(None);
    let agent = backend.agent("solo", "billing");
    assert_eq!(agent.presence(Presence::Available).await, StatusCode::OK);
    let mut chats = Vec::new();
    for i in 0..6 {
        chats.push(
            backend
                .customer(&format!("Customer {i}"), "billing")
                .await
                .0,
        );
    }
    let snapshot: chatdesk::protocol::Snapshot =
        agent.ok(Method::GET, "/api/v1/me/snapshot", NO_BODY).await;
    assert_eq!(snapshot.offers.len(), 2, "offers count against capacity");

    // Every pick-up and every offer at once.
    let mut attempts = Vec::new();
    for chat in &chats {
        let agent = agent.clone();
        let path = format!("/api/v1/chats/{}/pickup", chat.id);
        attempts.push(tokio::spawn(async move {
            agent
                .request(Method::POST, &path)
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for offer in &snapshot.offers {
        let agent = agent.clone();
        let path = format!("/api/v1/offers/{}/accept", offer.id);
        attempts.push(tokio::spawn(async move {
            agent
                .request(Method::POST, &path)
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let statuses: Vec<StatusCode> = join_all(attempts)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let won = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(won, 2, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    assert_eq!(me(&agent).await.active_chats, 2);
    let queues: Vec<QueueListing> = agent.ok(Method::GET, "/api/v1/queues", NO_BODY).await;
    assert_eq!(queues[0].depth, 4);
}

#[tokio::test]
async fn two_agents_racing_for_the_same_chats_get_two_each_and_no_chat_twice() {
    let backend = Backend::start(None);
    let agents = [
        backend.agent("left", "billing"),
        backend.agent("right", "billing"),
    ];
    let mut chats = Vec::new();
    for i in 0..8 {
        chats.push(
            backend
                .customer(&format!("Customer {i}"), "billing")
                .await
                .0,
        );
    }
    let mut attempts = Vec::new();
    for agent in &agents {
        for chat in &chats {
            let agent = agent.clone();
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
    assert_eq!(taken.len(), 4);
    let distinct: HashSet<_> = taken.iter().map(|d| d.chat.id).collect();
    assert_eq!(distinct.len(), 4, "no chat was given twice");
    for agent in &agents {
        assert_eq!(me(agent).await.active_chats, 2);
    }
    let everyone: Vec<AgentSummary> = agents[0].ok(Method::GET, "/api/v1/agents", NO_BODY).await;
    assert!(everyone.iter().all(|a| a.active_chats <= a.capacity));
}

#[tokio::test]
async fn an_expired_offer_goes_to_the_next_agent_and_the_absent_one_is_set_away() {
    let backend = Backend::start(Some("[routing]\noffer_timeout_secs = 1\n"));
    let absent = backend.agent("absent", "device");
    let present = backend.agent("present", "device");
    let mut absent_events = absent.events("/api/v1/me/events", None).await;
    let mut present_events = present.events("/api/v1/me/events", None).await;
    assert_eq!(absent.presence(Presence::Available).await, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(present.presence(Presence::Available).await, StatusCode::OK);

    let (chat, _) = backend.customer("Cleo Park", "device").await;
    let offer = absent_events.offer().await;
    assert_eq!(offer.chat_id, chat.id);
    let ended = absent_events
        .until("the offer ending", |b| {
            matches!(b, EventBody::OfferEnded { .. })
        })
        .await;
    assert!(matches!(
        ended.body,
        EventBody::OfferEnded {
            reason: OfferEnd::Expired,
            ..
        }
    ));
    let away = absent_events
        .until("the presence change", |b| {
            matches!(b, EventBody::PresenceChanged { .. })
        })
        .await;
    assert!(matches!(
        away.body,
        EventBody::PresenceChanged {
            presence: Presence::Away,
            reason: Some(_)
        }
    ));
    assert_eq!(me(&absent).await.presence, Presence::Away);

    let next = present_events.offer().await;
    assert_eq!(next.chat_id, chat.id);
    // Accepting the expired offer now is refused with a reason.
    let (status, problem) = absent
        .problem(
            Method::POST,
            &format!("/api/v1/offers/{}/accept", offer.id),
            NO_BODY,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(problem.detail.contains("expired"), "{}", problem.detail);
}

#[tokio::test]
async fn a_declined_offer_goes_to_the_next_agent_and_not_straight_back() {
    let backend = Backend::start(None);
    let first = backend.agent("first", "orders");
    let second = backend.agent("second", "orders");
    let mut first_events = first.events("/api/v1/me/events", None).await;
    let mut second_events = second.events("/api/v1/me/events", None).await;
    assert_eq!(first.presence(Presence::Available).await, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(second.presence(Presence::Available).await, StatusCode::OK);

    let (chat, customer) = backend.customer("Dev Patel", "orders").await;
    let offer = first_events.offer().await;
    let response = first
        .request(
            Method::POST,
            &format!("/api/v1/offers/{}/decline", offer.id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let offer = second_events.offer().await;
    assert_eq!(offer.chat_id, chat.id);
    let response = second
        .request(
            Method::POST,
            &format!("/api/v1/offers/{}/decline", offer.id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    // Both declined: the chat waits rather than bouncing straight back.
    let again = first_events.next_within(Duration::from_millis(800)).await;
    assert!(
        !matches!(again.map(|e| e.body), Some(EventBody::OfferCreated { .. })),
        "re-offered to an agent who just declined"
    );
    let state: CustomerChat = customer
        .ok(Method::GET, &format!("/api/v1/chats/{}", chat.id), NO_BODY)
        .await;
    assert_eq!(state.position, Some(1));
}

#[tokio::test]
async fn ending_a_chat_gates_available_until_its_disposition_is_recorded() {
    let backend = Backend::start(None);
    let agent = backend.agent("gated", "billing");
    let mut events = agent.events("/api/v1/me/events", None).await;
    assert_eq!(agent.presence(Presence::Available).await, StatusCode::OK);
    let (chat, _) = backend.customer("Eve Santos", "billing").await;
    let offer = events.offer().await;
    let _: ChatDetail = agent
        .ok(
            Method::POST,
            &format!("/api/v1/offers/{}/accept", offer.id),
            NO_BODY,
        )
        .await;

    // Disposition before the end is refused.
    let path = format!("/api/v1/chats/{}/disposition", chat.id);
    let resolved = Disposition {
        code: "resolved".into(),
        notes: "Corrected the invoice address.".into(),
    };
    let (status, _) = agent.problem(Method::PUT, &path, Some(&resolved)).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let _: AgentChat = agent
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/end", chat.id),
            NO_BODY,
        )
        .await;
    events
        .until("wrap-up", |b| {
            matches!(
                b,
                EventBody::PresenceChanged {
                    presence: Presence::WrapUp,
                    ..
                }
            )
        })
        .await;
    let (status, problem) = agent
        .problem(
            Method::PUT,
            "/api/v1/me/presence",
            Some(&serde_json::json!({"presence": "available"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(problem.detail.contains("Eve Santos"), "{}", problem.detail);
    assert!(
        problem.detail.contains(&chat.id.to_string()),
        "{}",
        problem.detail
    );

    // Away is always allowed; bad dispositions are refused with the reason.
    assert_eq!(agent.presence(Presence::Away).await, StatusCode::OK);
    let unknown = Disposition {
        code: "made-up".into(),
        notes: "x".into(),
    };
    let (status, problem) = agent.problem(Method::PUT, &path, Some(&unknown)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem.detail.contains("resolved"),
        "lists the codes: {}",
        problem.detail
    );
    let no_notes = Disposition {
        code: "resolved".into(),
        notes: "   ".into(),
    };
    let (status, _) = agent.problem(Method::PUT, &path, Some(&no_notes)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let recorded: AgentChat = agent.ok(Method::PUT, &path, Some(&resolved)).await;
    assert_eq!(recorded.disposition, Some(resolved));
    assert_eq!(agent.presence(Presence::Available).await, StatusCode::OK);
}

#[tokio::test]
async fn the_last_disposition_returns_an_agent_in_wrap_up_to_available() {
    let backend = Backend::start(None);
    let agent = backend.agent("auto", "billing");
    assert_eq!(agent.presence(Presence::Available).await, StatusCode::OK);
    let (chat, customer) = backend.customer("Fay Wong", "billing").await;
    let _: ChatDetail = agent
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/pickup", chat.id),
            NO_BODY,
        )
        .await;
    // The customer ends it this time.
    let ended: CustomerChat = customer
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/end", chat.id),
            NO_BODY,
        )
        .await;
    assert_eq!(ended.ended_by, Some(chatdesk::protocol::Party::Customer));
    assert_eq!(me(&agent).await.presence, Presence::WrapUp);
    let _: AgentChat = agent
        .ok(
            Method::PUT,
            &format!("/api/v1/chats/{}/disposition", chat.id),
            Some(&Disposition {
                code: "no-response".into(),
                notes: "Customer left after the greeting.".into(),
            }),
        )
        .await;
    assert_eq!(me(&agent).await.presence, Presence::Available);
}

#[tokio::test]
async fn transfer_respects_capacity_and_the_note_travels_with_the_chat() {
    let backend = Backend::start(None);
    let from = backend.agent("from", "billing");
    let busy = backend.agent("busy", "device");
    let to = backend.agent("to", "device");
    for agent in [&from, &busy, &to] {
        assert_eq!(agent.presence(Presence::Available).await, StatusCode::OK);
    }
    let (chat, customer) = backend.customer("Gus Moreno", "billing").await;
    let _: ChatDetail = from
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/pickup", chat.id),
            NO_BODY,
        )
        .await;
    let mut customer_events = customer
        .events(&format!("/api/v1/chats/{}/events", chat.id), None)
        .await;
    for i in 0..2 {
        let (other, _) = backend.customer(&format!("Device {i}"), "device").await;
        let _: ChatDetail = busy
            .ok(
                Method::POST,
                &format!("/api/v1/chats/{}/pickup", other.id),
                NO_BODY,
            )
            .await;
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
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{}", problem.detail);

    let mut to_events = to.events("/api/v1/me/events", None).await;
    let moved: AgentChat = from
        .ok(
            Method::POST,
            &path,
            Some(&Transfer {
                to_agent: Some(me_to.id),
                to_queue: None,
                note: "Verified; needs a replacement charger.".into(),
            }),
        )
        .await;
    assert_eq!(moved.agent_id, Some(me_to.id));
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
    let _: CustomerChat = first_client
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/end", first.id),
            NO_BODY,
        )
        .await;
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
async fn a_declined_chat_is_offered_again_when_the_cool_down_ends() {
    let backend = Backend::start(Some("[routing]\nreoffer_cooldown_secs = 1\n"));
    let agent = backend.agent("only", "billing");
    let mut events = agent.events("/api/v1/me/events", None).await;
    assert_eq!(agent.presence(Presence::Available).await, StatusCode::OK);
    let (chat, _) = backend.customer("Kai Luna", "billing").await;
    let offer = events.offer().await;
    let response = agent
        .request(
            Method::POST,
            &format!("/api/v1/offers/{}/decline", offer.id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // Nothing else happens; the backend's own clock brings the offer back.
    let again = events.offer().await;
    assert_eq!(again.chat_id, chat.id);
    assert_ne!(again.id, offer.id);
}

#[tokio::test]
async fn an_offer_pending_when_the_backend_dies_still_expires_after_restart() {
    let mut backend = Backend::start(Some("[routing]\noffer_timeout_secs = 1\n"));
    let first = backend.agent("first", "device");
    let second = backend.agent("second", "device");
    let mut first_events = first.events("/api/v1/me/events", None).await;
    assert_eq!(first.presence(Presence::Available).await, StatusCode::OK);
    let (chat, _) = backend.customer("Lea Ross", "device").await;
    let offer = first_events.offer().await;
    drop(first_events);
    backend.kill_hard();
    std::thread::sleep(Duration::from_millis(1200));
    backend.restart();
    let second = Client::new(&backend.base, &second.token);
    let mut second_events = second.events("/api/v1/me/events", None).await;
    assert_eq!(second.presence(Presence::Available).await, StatusCode::OK);
    let next = second_events.offer().await;
    assert_eq!(next.chat_id, chat.id);
    assert_ne!(next.id, offer.id);
    let first = Client::new(&backend.base, &first.token);
    assert_eq!(
        me(&first).await.presence,
        Presence::Away,
        "missed while the backend was down"
    );
}

#[tokio::test]
async fn ending_a_chat_withdraws_offers_from_the_agent_now_in_wrap_up() {
    let backend = Backend::start(None);
    let busy = backend.agent("busy", "orders");
    let spare = backend.agent("spare", "orders");
    let mut busy_events = busy.events("/api/v1/me/events", None).await;
    let mut spare_events = spare.events("/api/v1/me/events", None).await;
    assert_eq!(busy.presence(Presence::Available).await, StatusCode::OK);
    let (first, _) = backend.customer("Max Ode", "orders").await;
    let _: ChatDetail = busy
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/pickup", first.id),
            NO_BODY,
        )
        .await;
    let (second, _) = backend.customer("Nia Cole", "orders").await;
    let offer = loop {
        let offer = busy_events.offer().await;
        if offer.chat_id == second.id {
            break offer;
        }
    };
    assert_eq!(spare.presence(Presence::Available).await, StatusCode::OK);

    let _: AgentChat = busy
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/end", first.id),
            NO_BODY,
        )
        .await;
    busy_events
        .until("the withdrawal", |b| {
            matches!(
                b,
                EventBody::OfferEnded {
                    reason: OfferEnd::Withdrawn,
                    ..
                }
            )
        })
        .await;
    let moved = spare_events.offer().await;
    assert_eq!(moved.chat_id, second.id);
    // In wrap-up, neither the old offer nor a pick-up gets round the gate.
    let (status, _) = busy
        .problem(
            Method::POST,
            &format!("/api/v1/offers/{}/accept", offer.id),
            NO_BODY,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, problem) = busy
        .problem(
            Method::POST,
            &format!("/api/v1/chats/{}/pickup", second.id),
            NO_BODY,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(problem.detail.contains("Max Ode"), "{}", problem.detail);
}

#[tokio::test]
async fn a_chat_sent_back_to_its_queue_goes_to_someone_else() {
    let backend = Backend::start(None);
    let from = backend.agent("from", "billing");
    let other = backend.agent("other", "billing");
    assert_eq!(from.presence(Presence::Available).await, StatusCode::OK);
    let (chat, _) = backend.customer("Oli Grant", "billing").await;
    let _: ChatDetail = from
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/pickup", chat.id),
            NO_BODY,
        )
        .await;
    let mut other_events = other.events("/api/v1/me/events", None).await;
    let mut from_events = from.events("/api/v1/me/events", None).await;
    assert_eq!(other.presence(Presence::Available).await, StatusCode::OK);
    let _: AgentChat = from
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/transfer", chat.id),
            Some(&Transfer {
                to_agent: None,
                to_queue: Some("billing".into()),
                note: "Needs someone who knows refunds.".into(),
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
