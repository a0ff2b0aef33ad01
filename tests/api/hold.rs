//! Hold only with the customer's permission, against a real backend: asked and answered with a
//! yes since the last hold, or confirmed by the agent; anything else is refused with a sentence
//! that says what is missing.

use crate::common;

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

/// What the console shows of a chat, from the backend's snapshot: the step it counts down to.
async fn console_countdown(
    agent: &common::Client,
    chat: uuid::Uuid,
    policy: &chatdesk::protocol::InactivityInfo,
) -> chatdesk::policy::inactivity::Due {
    let snapshot: chatdesk::protocol::Snapshot = agent
        .ok(Method::GET, "/api/v1/me/snapshot", None::<&()>)
        .await;
    let detail = snapshot
        .chats
        .iter()
        .find(|d| d.chat.id == chat)
        .expect("the chat is the agent's");
    let view = chatdesk::console::chat::ChatView::new(detail, None);
    chatdesk::policy::inactivity::next(policy, &view.silence()).expect("a step is due")
}

#[tokio::test]
async fn after_a_nudge_and_a_hold_the_console_counts_down_to_what_the_backend_does() {
    use chatdesk::policy::inactivity::Step;
    use chatdesk::protocol::{EventBody, Party, ProcedureInfo};

    let backend = Backend::start(Some(
        "[inactivity]\nnudge_after_secs = 2\nend_after_secs = 4\n",
    ));
    let agent = backend.agent("dana", "billing");
    agent.go_available().await;
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    agent.pick_up(chat.id).await;
    let mut heard = customer
        .events(&format!("/api/v1/chats/{}/events", chat.id), None)
        .await;
    let policy: ProcedureInfo = agent.ok(Method::GET, "/api/v1/policy", None::<&()>).await;
    let policy = policy.inactivity;
    let is_system = |b: &EventBody| matches!(b, EventBody::MessageCreated { message } if message.author == Party::System);

    agent.send(chat.id, "Which order is it, Ana?", "a-1").await;
    heard.until("the nudge", is_system).await;
    // Nudged: the console counts down to the end, as the backend will.
    assert_eq!(
        console_countdown(&agent, chat.id, &policy).await.step,
        Step::End
    );

    // Held for a while (the agent confirms Ana agreed), then back.
    let path = format!("/api/v1/chats/{}/hold", chat.id);
    let _: AgentChat = agent
        .ok(Method::PUT, &path, Some(&change(true, true)))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let back: AgentChat = agent
        .ok(Method::PUT, &path, Some(&change(false, false)))
        .await;
    let released = back
        .silence_agent_at
        .expect("the silence starts again")
        .as_millisecond();

    // The console shows the next nudge, due when the backend sends it — not "ends in 0:00".
    let due = console_countdown(&agent, chat.id, &policy).await;
    assert_eq!(due.step, Step::Nudge, "{due:?}");
    assert_eq!(due.at_ms, released + 2000);
    let event = heard.until("the backend's next step", is_system).await;
    let EventBody::MessageCreated { message } = event.body else {
        unreachable!()
    };
    assert!(
        message
            .client_msg_id
            .as_deref()
            .is_some_and(|id| id.starts_with("inactivity-nudge-")),
        "the backend nudged again: {message:?}"
    );
    let late = message.at.as_millisecond() - due.at_ms;
    assert!(
        (0..1500).contains(&late),
        "the nudge came {late} ms after the console said"
    );
}
