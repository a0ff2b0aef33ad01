//! A transfer to a colleague is an offer, against a real backend: the colleague sees the note
//! and accepts (the chat is theirs, its clocks fresh) or declines (it stays with its agent, who
//! is told); a queue transfer reports the queue by name.

use crate::common;

use chatdesk::protocol::{AgentChat, ChatDetail, EventBody, Me, OfferEnd, Transfer};
use common::{Backend, Client};
use reqwest::Method;

const NO_BODY: Option<&()> = None;

async fn me(agent: &Client) -> Me {
    agent.ok(Method::GET, "/api/v1/me", NO_BODY).await
}

fn to_colleague(id: uuid::Uuid, note: &str) -> Transfer {
    Transfer {
        to_agent: Some(id),
        to_queue: None,
        note: note.into(),
        notice: Some("I'm bringing in a colleague who specialises in this.".into()),
    }
}

#[tokio::test]
async fn a_colleague_accepts_the_offer_with_the_note_or_it_goes_back() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let lee = backend.agent("lee", "billing");
    let mut dana_events = dana.agent_events().await;
    let mut lee_events = lee.agent_events().await;
    dana.go_available().await;
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    dana.pick_up(chat.id).await;
    customer.send(chat.id, "My charger is broken.", "c-1").await;
    dana.send(chat.id, "Which model is it, Ana?", "a-1").await;
    lee.go_available().await;
    let lee_id = me(&lee).await.id;
    let dana_id = me(&dana).await.id;
    let path = format!("/api/v1/chats/{}/transfer", chat.id);

    // Offered: still Dana's chat; Lee sees who asks and the note.
    let note = "Verified; wants a replacement charger.";
    let still: AgentChat = dana
        .ok(Method::POST, &path, Some(&to_colleague(lee_id, note)))
        .await;
    assert_eq!(still.agent_id, Some(dana_id));
    let offer = lee_events.offer().await;
    let transfer = offer.transfer.clone().expect("a transfer offer");
    assert_eq!(transfer.note, note);
    assert_eq!(transfer.from_agent_name, "dana");
    // Asked twice: refused while the first is open.
    let (status, problem) = dana
        .problem(Method::POST, &path, Some(&to_colleague(lee_id, note)))
        .await;
    assert_eq!(status, reqwest::StatusCode::CONFLICT, "{}", problem.detail);

    // Declined: it goes back to Dana, who is told; she can still write.
    lee.decline(offer.id).await;
    let back = dana_events
        .until("the transfer back", |b| {
            matches!(b, EventBody::TransferReturned { .. })
        })
        .await;
    assert_eq!(
        back.body,
        EventBody::TransferReturned {
            to_agent_name: "lee".into(),
            reason: OfferEnd::Declined
        }
    );
    let (status, _) = dana.send(chat.id, "Still with you, Ana.", "a-2").await;
    assert_eq!(status, reqwest::StatusCode::CREATED);

    // Offered again and accepted: Lee's, with the note, and clocks fresh for Lee.
    let _: AgentChat = dana
        .ok(Method::POST, &path, Some(&to_colleague(lee_id, note)))
        .await;
    let offer = lee_events.offer().await;
    let taken: ChatDetail = lee.accept(offer.id).await;
    assert_eq!(taken.chat.agent_id, Some(lee_id));
    assert_eq!(taken.chat.transfer_note.as_deref(), Some(note));
    assert_eq!(taken.chat.silence_agent_at, None, "Lee has not written yet");
    let view = chatdesk::console::chat::ChatView::new(&taken, None);
    assert_eq!(
        view.waiting_since(),
        taken.chat.accepted_at,
        "the customer waits for Lee since the handover, the notice answered nothing"
    );
    let policy = chatdesk::assets::Catalog::builtin().procedure().inactivity;
    assert_eq!(
        chatdesk::policy::inactivity::next(&policy, &view.silence()),
        None,
        "no countdown from Dana's notice"
    );
    dana_events
        .until("the handover", |b| {
            matches!(b, EventBody::ChatTransferred { to_agent_name: Some(n), .. } if n == "lee")
        })
        .await;
}

#[tokio::test]
async fn a_queue_transfer_names_the_queue() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let mut dana_events = dana.agent_events().await;
    dana.go_available().await;
    let (chat, _customer) = backend.customer("Ana Lima", "billing").await;
    dana.pick_up(chat.id).await;
    let _: AgentChat = dana
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/transfer", chat.id),
            Some(&Transfer {
                to_agent: None,
                to_queue: Some("orders".into()),
                note: "Wants to change the order.".into(),
                notice: None,
            }),
        )
        .await;
    let event = dana_events
        .until("the transfer", |b| {
            matches!(b, EventBody::ChatTransferred { .. })
        })
        .await;
    let EventBody::ChatTransferred { to_queue_name, .. } = event.body else {
        unreachable!()
    };
    assert_eq!(to_queue_name.as_deref(), Some("Orders"));
}

#[tokio::test]
async fn an_offer_left_unanswered_goes_back_to_the_agent_who_asked() {
    let backend = Backend::start(Some("[routing]\noffer_timeout_secs = 1\n"));
    let dana = backend.agent("dana", "billing");
    let lee = backend.agent("lee", "billing");
    let mut dana_events = dana.agent_events().await;
    dana.go_available().await;
    let (chat, _customer) = backend.customer("Ana Lima", "billing").await;
    dana.pick_up(chat.id).await;
    lee.go_available().await;
    let lee_id = me(&lee).await.id;
    let _: AgentChat = dana
        .ok(
            Method::POST,
            &format!("/api/v1/chats/{}/transfer", chat.id),
            Some(&to_colleague(lee_id, "Needs a refund.")),
        )
        .await;
    let back = dana_events
        .until("the transfer back", |b| {
            matches!(b, EventBody::TransferReturned { .. })
        })
        .await;
    assert_eq!(
        back.body,
        EventBody::TransferReturned {
            to_agent_name: "lee".into(),
            reason: OfferEnd::Expired
        }
    );
    let view: AgentChat = dana
        .ok(Method::GET, &format!("/api/v1/chats/{}", chat.id), NO_BODY)
        .await;
    assert_eq!(view.agent_id, Some(me(&dana).await.id), "still Dana's");
    assert_eq!(view.state, chatdesk::protocol::ChatState::Active);
}
