//! Missed chats against a real backend: which chats count as missed and why, one record per
//! chat, claiming and following up, the events that keep consoles current, and a restart.

use crate::common;

use chatdesk::protocol::{EventBody, FollowUpAction, MissedChat, MissedReason, NewFollowUp};
use common::{Backend, Client};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

const NO_BODY: Option<&()> = None;

async fn open_list(person: &Client) -> Vec<MissedChat> {
    person.ok(Method::GET, "/api/v1/missed", NO_BODY).await
}

async fn every_one(person: &Client) -> Vec<MissedChat> {
    person
        .ok(Method::GET, "/api/v1/missed?include=done", NO_BODY)
        .await
}

fn of_chat(list: &[MissedChat], chat: Uuid) -> Vec<&MissedChat> {
    list.iter().filter(|m| m.chat_id == chat).collect()
}

fn follow_up(action: FollowUpAction, note: &str) -> NewFollowUp {
    NewFollowUp {
        action,
        note: note.to_string(),
    }
}

#[tokio::test]
async fn a_customer_leaving_the_queue_is_missed_once_and_everyone_hears_of_it() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let lee = backend.person("lee", "lead", "international");
    let mut dana_events = dana.agent_events().await;
    let mut lee_events = lee.agent_events().await;
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    customer
        .send(chat.id, "My invoice from Acme Devices is wrong.", "c-1")
        .await;
    customer.send(chat.id, "Hello?", "c-2").await;
    let _: Value = customer.end(chat.id).await;
    let _: Value = customer.end(chat.id).await;

    let list = open_list(&dana).await;
    let missed = of_chat(&list, chat.id);
    assert_eq!(missed.len(), 1, "{list:?}");
    let missed = missed[0];
    assert_eq!(missed.why, MissedReason::CustomerLeftQueue);
    assert_eq!(missed.customer_name, "Ana Lima");
    assert_eq!(missed.customer_email, "ana.lima@example.com");
    assert_eq!(missed.queue, "billing");
    assert!(!missed.queue_name.is_empty());
    assert_eq!(
        missed.first_message.as_deref(),
        Some("My invoice from Acme Devices is wrong.")
    );
    assert!(missed.claimed_by.is_none() && missed.followed_up_at.is_none());
    assert_eq!(every_one(&lee).await.len(), 1);

    for events in [&mut dana_events, &mut lee_events] {
        let event = events
            .until("missed.updated", |b| {
                matches!(b, EventBody::MissedUpdated { .. })
            })
            .await;
        let EventBody::MissedUpdated { missed: heard } = event.body else {
            unreachable!()
        };
        assert_eq!(heard.chat_id, chat.id);
    }

    // A customer without a token sees nothing of it.
    let (status, problem) = customer
        .problem(Method::GET, "/api/v1/missed", NO_BODY)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{}", problem.detail);
}

#[tokio::test]
async fn an_answered_chat_is_not_missed_and_an_unanswered_one_is() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");

    let (answered, customer) = backend.customer("Ben Ortiz", "billing").await;
    dana.pick_up(answered.id).await;
    dana.send(answered.id, "Hello Ben, how can I help?", "a-1")
        .await;
    let _: Value = customer.end(answered.id).await;

    // Each agent takes one chat: an ended chat holds its agent in wrap-up.
    let eli = backend.agent("eli", "billing");
    let (silent, customer) = backend.customer("Cara Diaz", "billing").await;
    eli.pick_up(silent.id).await;
    let _: Value = customer.end(silent.id).await;

    // An agent ending a chat is not a customer leaving.
    let (ended_by_agent, _) = backend.customer("Dev Patel", "billing").await;
    let fay = backend.agent("fay", "billing");
    fay.pick_up(ended_by_agent.id).await;
    let _: Value = fay.end(ended_by_agent.id).await;

    let list = open_list(&dana).await;
    assert!(of_chat(&list, answered.id).is_empty(), "{list:?}");
    assert!(of_chat(&list, ended_by_agent.id).is_empty(), "{list:?}");
    let missed = of_chat(&list, silent.id);
    assert_eq!(missed.len(), 1, "{list:?}");
    assert_eq!(missed[0].why, MissedReason::CustomerLeftUnanswered);
    assert_eq!(missed[0].first_message, None);
}

#[tokio::test]
async fn one_colleague_claims_and_only_they_follow_up() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let eli = backend.agent("eli", "device");
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    let _: Value = customer.end(chat.id).await;
    let id = of_chat(&open_list(&eli).await, chat.id)[0].id;
    let claim = format!("/api/v1/missed/{id}/claim");
    let done = format!("/api/v1/missed/{id}/follow-up");

    // Following up before anyone claimed it is refused.
    let (status, _) = dana
        .problem(
            Method::POST,
            &done,
            Some(&follow_up(FollowUpAction::Called, "Rang.")),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let (first, second) = tokio::join!(
        dana.call::<Value>(Method::POST, &claim, NO_BODY),
        eli.call::<Value>(Method::POST, &claim, NO_BODY),
    );
    let statuses = [first.0, second.0];
    assert!(statuses.contains(&StatusCode::OK), "{statuses:?}");
    assert!(statuses.contains(&StatusCode::CONFLICT), "{statuses:?}");
    let (winner, loser, loser_name, winner_name) = if first.0 == StatusCode::OK {
        (&dana, &eli, "eli", "dana")
    } else {
        (&eli, &dana, "dana", "eli")
    };
    let (status, problem) = loser.problem(Method::POST, &claim, NO_BODY).await;
    assert_eq!(status, StatusCode::CONFLICT, "{loser_name}");
    assert!(problem.detail.contains(winner_name), "{}", problem.detail);
    // Claiming one's own claim again is fine.
    let again: MissedChat = winner.ok(Method::POST, &claim, NO_BODY).await;
    assert_eq!(again.claimed_by_name.as_deref(), Some(winner_name));

    let (status, problem) = loser
        .problem(
            Method::POST,
            &done,
            Some(&follow_up(FollowUpAction::Emailed, "Wrote.")),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(problem.detail.contains(winner_name), "{}", problem.detail);
    let (status, _) = winner
        .problem(
            Method::POST,
            &done,
            Some(&follow_up(FollowUpAction::Emailed, "  ")),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = winner
        .problem(
            Method::POST,
            &done,
            Some(&json!({"action": "faxed", "note": "Sent."})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let followed: MissedChat = winner
        .ok(
            Method::POST,
            &done,
            Some(&follow_up(
                FollowUpAction::TicketOpened,
                "Opened a ticket for the invoice.",
            )),
        )
        .await;
    assert_eq!(
        followed.follow_up_action,
        Some(FollowUpAction::TicketOpened)
    );
    assert!(followed.followed_up_at.is_some());
    assert!(of_chat(&open_list(loser).await, chat.id).is_empty());
    let all = every_one(loser).await;
    assert_eq!(
        of_chat(&all, chat.id)[0].follow_up_note.as_deref(),
        Some("Opened a ticket for the invoice.")
    );

    let (status, _) = dana
        .problem(
            Method::POST,
            &format!("/api/v1/missed/{}/claim", Uuid::now_v7()),
            NO_BODY,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_closed_page_ends_the_chat_as_page_closed_and_the_list_survives_a_restart() {
    let mut backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    customer
        .send(chat.id, "Is the Acme Devices store open today?", "c-1")
        .await;
    // What the page sends as it closes: the token, and the reason in the body.
    let path = format!("/api/v1/chats/{}/end", chat.id);
    let _: Value = customer
        .ok(Method::POST, &path, Some(&json!({"reason": "page_closed"})))
        .await;

    // The same with only the chat's cookie, as a beacon would send it.
    let (other, other_customer) = backend.customer("Ben Ortiz", "billing").await;
    let cookie = format!("chatdesk_chat={}", other_customer.token);
    let response = backend
        .anonymous()
        .request(Method::POST, &format!("/api/v1/chats/{}/end", other.id))
        .header("cookie", cookie)
        .header("content-type", "application/json")
        .body(r#"{"reason":"page_closed"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    // A body that is not an EndChat is a 400 and ends nothing.
    let (third, third_customer) = backend.customer("Cara Diaz", "billing").await;
    let (status, _) = third_customer
        .problem(
            Method::POST,
            &format!("/api/v1/chats/{}/end", third.id),
            Some(&json!({"reason": "bored"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let before = open_list(&dana).await;
    assert_eq!(before.len(), 2, "{before:?}");
    for id in [chat.id, other.id] {
        assert_eq!(of_chat(&before, id)[0].why, MissedReason::PageClosed);
    }
    let id = of_chat(&before, chat.id)[0].id;
    let _: MissedChat = dana
        .ok(Method::POST, &format!("/api/v1/missed/{id}/claim"), NO_BODY)
        .await;

    backend.restart();
    let dana = Client::new(&backend.base, &dana.token);
    let after = open_list(&dana).await;
    assert_eq!(after.len(), 2);
    let claimed = of_chat(&after, chat.id)[0];
    assert_eq!(claimed.claimed_by_name.as_deref(), Some("dana"));
    assert_eq!(
        claimed.first_message.as_deref(),
        Some("Is the Acme Devices store open today?")
    );
}

fn events_of(chat: Uuid) -> String {
    format!("/api/v1/chats/{chat}/events")
}

async fn state_of(customer: &Client, chat: Uuid) -> String {
    let view: Value = customer
        .ok(Method::GET, &format!("/api/v1/chats/{chat}"), NO_BODY)
        .await;
    view["state"].as_str().unwrap_or_default().to_string()
}

/// Polls the open list until `chat` is on it (at most ten seconds).
async fn missed_soon(person: &Client, chat: Uuid) -> MissedChat {
    for _ in 0..100 {
        if let Some(found) = of_chat(&open_list(person).await, chat).first() {
            return (*found).clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("chat {chat} never became a missed chat");
}

#[tokio::test]
async fn a_page_closed_past_the_grace_is_missed_but_a_reload_or_an_answer_keeps_the_chat() {
    let backend = Backend::start(Some("[missed]\npage_gone_after_secs = 2\n"));
    let dana = backend.agent("dana", "billing");

    // A reload: the page's stream closes and a new one opens at once.
    let (kept, kept_customer) = backend.customer("Ana Lima", "billing").await;
    kept_customer
        .send(kept.id, "Hello, one question.", "c-1")
        .await;
    drop(kept_customer.events(&events_of(kept.id), None).await);
    let _reloaded = kept_customer.events(&events_of(kept.id), None).await;

    // Answered, then the page closes: the inactivity clock's business, not a missed chat.
    let (answered, answered_customer) = backend.customer("Ben Ortiz", "billing").await;
    let page = answered_customer
        .events(&events_of(answered.id), None)
        .await;
    dana.pick_up(answered.id).await;
    dana.send(answered.id, "Hi Ben, how can I help?", "a-1")
        .await;
    drop(page);

    // Gone for good before anyone answered.
    let (gone, gone_customer) = backend.customer("Cara Diaz", "billing").await;
    gone_customer.send(gone.id, "Is anyone there?", "c-1").await;
    drop(gone_customer.events(&events_of(gone.id), None).await);

    let missed = missed_soon(&dana, gone.id).await;
    assert_eq!(missed.why, MissedReason::PageClosed);
    assert_eq!(missed.first_message.as_deref(), Some("Is anyone there?"));
    assert_eq!(state_of(&gone_customer, gone.id).await, "ended");
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let list = open_list(&dana).await;
    assert_eq!(list.len(), 1, "only the closed page is missed: {list:?}");
    assert_eq!(state_of(&kept_customer, kept.id).await, "queued");
    assert_eq!(state_of(&answered_customer, answered.id).await, "active");
}

#[tokio::test]
async fn a_customer_waiting_past_the_queue_limit_is_told_and_missed_as_timed_out() {
    let backend = Backend::start(Some("[missed]\nqueue_timeout_secs = 2\n"));
    let dana = backend.agent("dana", "billing");
    let (waiting, customer) = backend.customer("Ana Lima", "billing").await;
    customer
        .send(waiting.id, "My order never arrived.", "c-1")
        .await;
    let mut page = customer.events(&events_of(waiting.id), None).await;

    // Answered and sent back to the queue: this customer already has someone on it.
    let (answered, _other) = backend.customer("Ben Ortiz", "billing").await;
    dana.pick_up(answered.id).await;
    dana.send(
        answered.id,
        "Hi Ben, let me pass you to a colleague.",
        "a-1",
    )
    .await;
    let transfer = json!({"to_queue": "billing", "note": "Needs a refund approval."});
    let _: Value = dana
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/transfer", answered.id),
            Some(&transfer),
        )
        .await;

    let told = page
        .until("the queue-limit message", |body| {
            matches!(body, EventBody::MessageCreated { message }
                if message.body.contains("all of our agents are still busy"))
        })
        .await;
    let EventBody::MessageCreated { message } = told.body else {
        unreachable!()
    };
    assert!(message.body.starts_with("Sorry Ana,"), "{}", message.body);
    page.until("the end", |body| {
        matches!(body, EventBody::ChatEnded { by, cause }
            if *by == chatdesk::protocol::Party::System
                && *cause == Some(chatdesk::protocol::EndCause::QueueTimeout))
    })
    .await;
    let missed = missed_soon(&dana, waiting.id).await;
    assert_eq!(missed.why, MissedReason::TimedOut);
    assert!(missed.waited_secs >= 2, "{missed:?}");
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let list = open_list(&dana).await;
    assert_eq!(list.len(), 1, "{list:?}");
    let queues: Value = dana.ok(Method::GET, "/api/v1/queues", NO_BODY).await;
    assert!(
        queues.to_string().contains(&answered.id.to_string()),
        "the answered chat waits on in its queue: {queues}"
    );
}
