//! What the customer hears of a transfer to a colleague, against a real backend: nothing while
//! the offer waits, nothing when it is declined or runs out, and the agent's notice exactly
//! once when the colleague accepts.

use crate::common;

use std::time::Duration;

use chatdesk::protocol::{AgentChat, EventBody, Me, Message, OfferEnd, Transfer};
use common::{Backend, Client, Events};
use reqwest::Method;

const NO_BODY: Option<&()> = None;
const NOTICE: &str = "I'm going to bring in a colleague who specialises in this.";

async fn me(agent: &Client) -> Me {
    agent.ok(Method::GET, "/api/v1/me", NO_BODY).await
}

async fn offer_to(from: &Client, chat: uuid::Uuid, to: uuid::Uuid) {
    let offered: AgentChat = from
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{chat}/transfer"),
            Some(&Transfer {
                to_agent: Some(to),
                to_queue: None,
                note: "Verified; wants a replacement charger.".into(),
                notice: Some(NOTICE.into()),
            }),
        )
        .await;
    assert_eq!(offered.agent_id, Some(me(from).await.id), "still theirs");
}

/// The bodies of the customer's transcript, as the customer reads it.
async fn transcript(customer: &Client, chat: uuid::Uuid) -> Vec<String> {
    let messages: Vec<Message> = customer
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{chat}/messages"),
            NO_BODY,
        )
        .await;
    messages.into_iter().map(|m| m.body).collect()
}

/// The customer's events up to the agent's message `marker`: its messages' bodies, in order.
async fn messages_until(events: &mut Events, marker: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        let event = events
            .next()
            .await
            .unwrap_or_else(|| panic!("the stream ended before {marker:?}"));
        if let EventBody::MessageCreated { message } = event.body {
            seen.push(message.body.clone());
            if message.body == marker {
                return seen;
            }
        }
    }
}

fn notices(bodies: &[String]) -> usize {
    bodies.iter().filter(|b| b.as_str() == NOTICE).count()
}

#[tokio::test]
async fn the_customer_hears_of_the_transfer_only_when_the_colleague_accepts() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let lee = backend.agent("lee", "billing");
    let mut dana_events = dana.agent_events().await;
    let mut lee_events = lee.agent_events().await;
    dana.go_available().await;
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    let mut customer_events = customer
        .events(&format!("/api/v1/chats/{}/events", chat.id), None)
        .await;
    dana.pick_up(chat.id).await;
    customer.send(chat.id, "My charger is broken.", "c-1").await;
    lee.go_available().await;
    let lee_id = me(&lee).await.id;

    // Offered: the customer sees nothing new, and Dana keeps answering.
    offer_to(&dana, chat.id, lee_id).await;
    let offer = lee_events.offer().await;
    dana.send(chat.id, "Which model is it, Ana?", "a-1").await;
    let seen = messages_until(&mut customer_events, "Which model is it, Ana?").await;
    assert_eq!(notices(&seen), 0, "told while the offer waits: {seen:?}");
    assert_eq!(notices(&transcript(&customer, chat.id).await), 0);

    // Declined: nothing was said, so nothing needs taking back; Dana is told.
    lee.decline(offer.id).await;
    dana_events
        .until("the decline", |b| {
            matches!(
                b,
                EventBody::TransferReturned {
                    reason: OfferEnd::Declined,
                    ..
                }
            )
        })
        .await;
    dana.send(chat.id, "Still with you, Ana.", "a-2").await;
    let seen = messages_until(&mut customer_events, "Still with you, Ana.").await;
    assert_eq!(notices(&seen), 0, "told of a declined transfer: {seen:?}");
    assert_eq!(
        transcript(&customer, chat.id).await,
        [
            "My charger is broken.",
            "Which model is it, Ana?",
            "Still with you, Ana."
        ]
    );

    // Offered again and accepted: the notice, once, after everything said before the accept,
    // then the colleague's name.
    offer_to(&dana, chat.id, lee_id).await;
    let offer = lee_events.offer().await;
    dana.send(chat.id, "One moment, Ana.", "a-3").await;
    let seen = messages_until(&mut customer_events, "One moment, Ana.").await;
    assert_eq!(notices(&seen), 0, "told before the accept: {seen:?}");
    lee.accept(offer.id).await;
    let seen = messages_until(&mut customer_events, NOTICE).await;
    assert_eq!(seen, [NOTICE], "only the notice after the accept");
    customer_events
        .until(
            "the colleague's name",
            |b| matches!(b, EventBody::AgentJoined { agent_name } if agent_name == "lee"),
        )
        .await;
    let after = transcript(&customer, chat.id).await;
    assert_eq!(notices(&after), 1, "{after:?}");
    assert_eq!(after.last().map(String::as_str), Some(NOTICE), "{after:?}");
    // Nothing more follows: the notice came once.
    if let Some(event) = customer_events
        .next_within(Duration::from_millis(300))
        .await
        && let EventBody::MessageCreated { message } = &event.body
    {
        assert_ne!(message.body, NOTICE, "told twice");
    }
}

#[tokio::test]
async fn an_offer_that_runs_out_told_the_customer_nothing() {
    let backend = Backend::start(Some("[routing]\noffer_timeout_secs = 1\n"));
    let dana = backend.agent("dana", "billing");
    let lee = backend.agent("lee", "billing");
    let mut dana_events = dana.agent_events().await;
    dana.go_available().await;
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    let mut customer_events = customer
        .events(&format!("/api/v1/chats/{}/events", chat.id), None)
        .await;
    dana.pick_up(chat.id).await;
    lee.go_available().await;
    offer_to(&dana, chat.id, me(&lee).await.id).await;
    dana_events
        .until("the offer running out", |b| {
            matches!(
                b,
                EventBody::TransferReturned {
                    reason: OfferEnd::Expired,
                    ..
                }
            )
        })
        .await;
    dana.send(chat.id, "Still with you, Ana.", "a-1").await;
    let seen = messages_until(&mut customer_events, "Still with you, Ana.").await;
    assert_eq!(seen, ["Still with you, Ana."], "told of an expired offer");
    assert_eq!(
        transcript(&customer, chat.id).await,
        ["Still with you, Ana."]
    );
}
