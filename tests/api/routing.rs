//! Routing against a real backend: who is offered a chat, capacity under races, offers
//! expiring or declined, cool-downs, and offers that outlive a crash.

use crate::common;

use std::collections::HashSet;
use std::time::Duration;

use chatdesk::protocol::{
    AgentSummary, ChatDetail, CustomerChat, EventBody, Me, OfferEnd, Presence, QueueListing,
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
    let ((first, mut first_events), (_second, mut second_events)) =
        backend.two_available("billing").await;

    // Both idle with no chats: the one available the longest gets it.
    let (chat1, _) = backend.customer("Ana Lima", "billing").await;
    let offer = first_events.offer().await;
    assert_eq!(offer.chat_id, chat1.id);
    first.accept(offer.id).await;

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
    agent.go_available().await;
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
    let mut absent_events = absent.agent_events().await;
    let mut present_events = present.agent_events().await;
    absent.go_available().await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    present.go_available().await;

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
            reason: Some(_),
            ..
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
    let ((first, mut first_events), (second, mut second_events)) =
        backend.two_available("orders").await;

    let (chat, customer) = backend.customer("Dev Patel", "orders").await;
    let offer = first_events.offer().await;
    first.decline(offer.id).await;
    let offer = second_events.offer().await;
    assert_eq!(offer.chat_id, chat.id);
    second.decline(offer.id).await;

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
async fn a_declined_chat_is_offered_again_when_the_cool_down_ends() {
    let backend = Backend::start(Some("[routing]\nreoffer_cooldown_secs = 1\n"));
    let agent = backend.agent("only", "billing");
    let mut events = agent.agent_events().await;
    agent.go_available().await;
    let (chat, _) = backend.customer("Kai Luna", "billing").await;
    let offer = events.offer().await;
    agent.decline(offer.id).await;
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
    let mut first_events = first.agent_events().await;
    first.go_available().await;
    let (chat, _) = backend.customer("Lea Ross", "device").await;
    let offer = first_events.offer().await;
    drop(first_events);
    backend.kill_hard();
    std::thread::sleep(Duration::from_millis(1200));
    backend.restart();
    let second = Client::new(&backend.base, &second.token);
    let mut second_events = second.agent_events().await;
    second.go_available().await;
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
