//! Hold only with the customer's permission, against a real backend: asked and answered with a
//! yes since the last hold, or confirmed by the agent; anything else is refused with a sentence
//! that says what is missing.

mod common;

use chatdesk::protocol::{AgentChat, HoldChange};
use common::Backend;
use reqwest::{Method, StatusCode};

fn change(on_hold: bool, customer_agreed: bool) -> HoldChange {
    HoldChange {
        on_hold,
        customer_agreed,
    }
}

#[tokio::test]
async fn a_hold_needs_the_customers_yes_since_the_last_hold_or_the_agents_confirmation() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    agent.go_available().await;
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    agent.pick_up(chat.id).await;
    let path = format!("/api/v1/chats/{}/hold", chat.id);
    let refused = |expected: &'static str| {
        let agent = agent.clone();
        let path = path.clone();
        async move {
            let (status, problem) = agent
                .problem(Method::PUT, &path, Some(&change(true, false)))
                .await;
            assert_eq!(status, StatusCode::CONFLICT, "{}", problem.detail);
            assert!(problem.detail.contains(expected), "{}", problem.detail);
        }
    };

    // Not asked.
    refused("ask the customer first").await;
    // Asked, no answer yet.
    let (status, _) = agent
        .send(
            chat.id,
            "Would it be all right if I put you on hold for a moment?",
            "a-1",
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    refused("has not answered").await;
    // Answered no.
    customer.send(chat.id, "No, I'd rather not", "c-1").await;
    refused("said no").await;
    // Asked again, answered yes: on hold.
    agent
        .send(
            chat.id,
            "Is it OK if I put you on hold for two minutes?",
            "a-2",
        )
        .await;
    customer.send(chat.id, "OK, no problem", "c-2").await;
    let held: AgentChat = agent
        .ok(Method::PUT, &path, Some(&change(true, false)))
        .await;
    assert!(held.on_hold_since.is_some());
    assert_eq!(held.last_hold_at, held.on_hold_since);
    let back: AgentChat = agent
        .ok(Method::PUT, &path, Some(&change(false, false)))
        .await;
    assert_eq!(back.on_hold_since, None);

    // That yes was for that hold: the next needs its own.
    refused("ask the customer first").await;
    // Unless the agent confirms the customer agreed (said before being asked, say).
    let confirmed: AgentChat = agent
        .ok(Method::PUT, &path, Some(&change(true, true)))
        .await;
    assert!(confirmed.on_hold_since.is_some());
}
