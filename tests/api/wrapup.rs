//! The wrap-up gate against a real backend: ending a chat, dispositions, going available.

use crate::common;

use chatdesk::protocol::{AgentChat, CustomerChat, Disposition, EventBody, Me, OfferEnd, Presence};
use common::{Backend, Client};
use reqwest::{Method, StatusCode};

const NO_BODY: Option<&()> = None;

async fn me(agent: &Client) -> Me {
    agent.ok(Method::GET, "/api/v1/me", NO_BODY).await
}

#[tokio::test]
async fn ending_a_chat_gates_available_until_its_disposition_is_recorded() {
    let backend = Backend::start(None);
    let agent = backend.agent("gated", "billing");
    let mut events = agent.agent_events().await;
    agent.go_available().await;
    let (chat, _) = backend.customer("Eve Santos", "billing").await;
    let offer = events.offer().await;
    agent.accept(offer.id).await;

    // Disposition before the end is refused.
    let path = format!("/api/v1/chats/{}/disposition", chat.id);
    let resolved = Disposition {
        code: "resolved".into(),
        notes: "Corrected the invoice address.".into(),
        tags: Vec::new(),
    };
    let (status, _) = agent.problem(Method::PUT, &path, Some(&resolved)).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let _: AgentChat = agent.end(chat.id).await;
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
        tags: Vec::new(),
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
        tags: Vec::new(),
    };
    let (status, _) = agent.problem(Method::PUT, &path, Some(&no_notes)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let recorded: AgentChat = agent.ok(Method::PUT, &path, Some(&resolved)).await;
    assert_eq!(recorded.disposition, Some(resolved));
    agent.go_available().await;
}

#[tokio::test]
async fn the_last_disposition_returns_an_agent_in_wrap_up_to_available() {
    let backend = Backend::start(None);
    let agent = backend.agent("auto", "billing");
    agent.go_available().await;
    let (chat, customer) = backend.customer("Fay Wong", "billing").await;
    agent.pick_up(chat.id).await;
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
                tags: Vec::new(),
            }),
        )
        .await;
    assert_eq!(me(&agent).await.presence, Presence::Available);
}

#[tokio::test]
async fn ending_a_chat_withdraws_offers_from_the_agent_now_in_wrap_up() {
    let backend = Backend::start(None);
    let busy = backend.agent("busy", "orders");
    let spare = backend.agent("spare", "orders");
    let mut busy_events = busy.agent_events().await;
    let mut spare_events = spare.agent_events().await;
    busy.go_available().await;
    let (first, _) = backend.customer("Max Ode", "orders").await;
    busy.pick_up(first.id).await;
    let (second, _) = backend.customer("Nia Cole", "orders").await;
    let offer = loop {
        let offer = busy_events.offer().await;
        if offer.chat_id == second.id {
            break offer;
        }
    };
    spare.go_available().await;

    let _: AgentChat = busy.end(first.id).await;
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
