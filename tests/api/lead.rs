//! What leads do, against a real backend: reading any chat, whispers, take-over, and a lead's
//! event stream that follows the whole floor (the floor itself is in `floor.rs`). Agents are
//! refused all of it.

use crate::common;

use chatdesk::protocol::{
    AgentChat, ChatDetail, EventBody, Floor, Me, Message, NewWhisper, Presence, Snapshot, Whisper,
};
use common::{Backend, Client};
use reqwest::{Method, StatusCode};
use uuid::Uuid;

const NO_BODY: Option<&()> = None;

async fn me(person: &Client) -> Me {
    person.ok(Method::GET, "/api/v1/me", NO_BODY).await
}

fn whisper_of(body: &str) -> NewWhisper {
    NewWhisper {
        body: body.to_string(),
    }
}

async fn whisper(lead: &Client, chat: Uuid, body: &str) -> Whisper {
    let path = format!("/api/v1/chats/{chat}/whispers");
    let (status, whisper): (_, Whisper) = lead
        .call(Method::POST, &path, Some(&whisper_of(body)))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    whisper
}

async fn floor(lead: &Client) -> Floor {
    lead.ok(Method::GET, "/api/v1/floor", NO_BODY).await
}

#[tokio::test]
async fn agents_are_refused_what_only_leads_do_and_leads_read_any_chat() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let eli = backend.agent("eli", "billing");
    let lee = backend.person("lee", "lead", "international");
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    dana.pick_up(chat.id).await;
    customer.send(chat.id, "My invoice is wrong.", "c-1").await;

    let whispers = format!("/api/v1/chats/{}/whispers", chat.id);
    let takeover = format!("/api/v1/chats/{}/takeover", chat.id);
    for (method, path) in [
        (Method::GET, "/api/v1/floor".to_string()),
        (Method::POST, takeover.clone()),
    ] {
        let (status, problem) = eli.problem(method, &path, NO_BODY).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(problem.detail.contains("Only leads"), "{}", problem.detail);
    }
    let (status, _) = dana
        .problem(
            Method::POST,
            &whispers,
            Some(&whisper_of("Ask for the CID.")),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not even in their own chat");
    let (status, _) = customer
        .problem(
            Method::GET,
            &format!("/api/v1/chats/{}/detail", chat.id),
            NO_BODY,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Another agent's chat stays invisible to an agent.
    for path in ["", "/messages", "/detail"] {
        let path = format!("/api/v1/chats/{}{path}", chat.id);
        let (status, _) = eli.problem(Method::GET, &path, NO_BODY).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }

    // A lead reads it, and its own agent reads the detail.
    let seen: AgentChat = lee
        .ok(Method::GET, &format!("/api/v1/chats/{}", chat.id), NO_BODY)
        .await;
    assert_eq!(seen.agent_id, Some(me(&dana).await.id));
    let messages: Vec<Message> = lee
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{}/messages", chat.id),
            NO_BODY,
        )
        .await;
    assert_eq!(messages[0].body, "My invoice is wrong.");
    let detail = format!("/api/v1/chats/{}/detail", chat.id);
    for reader in [&lee, &dana] {
        let seen: ChatDetail = reader.ok(Method::GET, &detail, NO_BODY).await;
        assert_eq!(seen.messages.len(), 1);
    }

    // Reading is all: a lead cannot write to the customer in a chat that is not theirs.
    assert_eq!(
        lee.send_refused(chat.id, "Hello from the lead.").await,
        StatusCode::NOT_FOUND
    );

    // Whispers and take-overs only go into active chats.
    let (queued, _) = backend.customer("Bo Hansen", "device").await;
    let path = format!("/api/v1/chats/{}/whispers", queued.id);
    let (status, _) = lee
        .problem(Method::POST, &path, Some(&whisper_of("Pick this up.")))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = lee
        .problem(Method::POST, &whispers, Some(&whisper_of("   ")))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_whisper_reaches_the_agent_and_never_the_customer() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let lee = backend.person("lee", "lead", "international");
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    dana.pick_up(chat.id).await;
    let mut dana_events = dana.agent_events().await;
    let mut customer_events = customer
        .events(&format!("/api/v1/chats/{}/events", chat.id), None)
        .await;

    let sent = whisper(&lee, chat.id, "Check the plan change from March first.").await;
    assert_eq!(sent.lead_name, "lee");
    assert_eq!(sent.lead_id, me(&lee).await.id);
    let arrived = dana_events
        .until("the whisper", |b| {
            matches!(b, EventBody::WhisperCreated { .. })
        })
        .await;
    assert_eq!(arrived.chat_id, Some(chat.id));
    assert!(matches!(arrived.body, EventBody::WhisperCreated { whisper } if whisper == sent));

    // The agent finds it in the chat's detail and in the snapshot.
    let detail: ChatDetail = dana
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{}/detail", chat.id),
            NO_BODY,
        )
        .await;
    assert_eq!(detail.whispers.as_slice(), std::slice::from_ref(&sent));
    let snapshot: Snapshot = dana.ok(Method::GET, "/api/v1/me/snapshot", NO_BODY).await;
    assert_eq!(
        snapshot.chats[0].whispers.as_slice(),
        std::slice::from_ref(&sent)
    );

    // The customer: everything up to the agent's next message, and no whisper among it.
    let (_, said) = dana.send(chat.id, "Let me look at your plan.", "d-1").await;
    loop {
        let event = customer_events.next().await.expect("the customer's stream");
        assert!(
            !matches!(event.body, EventBody::WhisperCreated { .. }),
            "the customer saw a whisper"
        );
        if matches!(&event.body, EventBody::MessageCreated { message } if message.id == said.id) {
            break;
        }
    }
    let transcript = customer.transcript(chat.id).await;
    assert!(transcript.iter().all(|m| !m.body.contains("March")));
    assert_eq!(transcript.len(), 1);
}

#[tokio::test]
async fn a_lead_takes_a_chat_over_whatever_their_load() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let lee = backend.person("lee", "lead", "billing");
    // The lead already holds as many chats as anyone may.
    for name in ["Cy Okafor", "Di Park"] {
        let (other, _) = backend.customer(name, "billing").await;
        lee.pick_up(other.id).await;
    }
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    let mut dana_events = dana.agent_events().await;
    dana.go_available().await;
    let offer = dana_events.offer().await;
    dana.accept(offer.id).await;
    let mut customer_events = customer
        .events(&format!("/api/v1/chats/{}/events", chat.id), None)
        .await;
    let mut lee_events = lee.agent_events().await;
    let sent = whisper(&lee, chat.id, "I will take this one.").await;

    let path = format!("/api/v1/chats/{}/takeover", chat.id);
    let taken: ChatDetail = lee.ok(Method::POST, &path, NO_BODY).await;
    let lee_me = me(&lee).await;
    assert_eq!(taken.chat.agent_id, Some(lee_me.id));
    assert_eq!(taken.whispers.as_slice(), std::slice::from_ref(&sent));
    assert_eq!(
        lee_me.active_chats, 3,
        "a lead steps in regardless of capacity"
    );

    // The agent is told who took it; the customer hears the lead's name.
    let moved = dana_events
        .until("the take-over", |b| {
            matches!(b, EventBody::ChatTransferred { .. })
        })
        .await;
    let EventBody::ChatTransferred {
        to_agent_name,
        note,
        ..
    } = moved.body
    else {
        unreachable!()
    };
    assert_eq!(to_agent_name.as_deref(), Some("lee"));
    assert_eq!(note, "Taken over by lee.");
    customer_events
        .until(
            "the lead's name",
            |b| matches!(b, EventBody::AgentJoined { agent_name } if agent_name == "lee"),
        )
        .await;
    let assigned = lee_events
        .until(
            "the chat",
            |b| matches!(b, EventBody::ChatAssigned { detail } if detail.chat.id == chat.id),
        )
        .await;
    assert!(
        matches!(assigned.body, EventBody::ChatAssigned { detail } if detail.whispers == [sent])
    );
    let dana_me = me(&dana).await;
    assert_eq!(dana_me.active_chats, 0);
    assert_eq!(dana_me.presence, Presence::Available);

    // The lead's snapshot has it, and the lead answers the customer.
    let snapshot: Snapshot = lee.ok(Method::GET, "/api/v1/me/snapshot", NO_BODY).await;
    assert!(snapshot.chats.iter().any(|c| c.chat.id == chat.id));
    let (status, _) = lee
        .send(chat.id, "Hello Ana, I am Lee, the team lead.", "l-1")
        .await;
    assert_eq!(status, StatusCode::CREATED);
    customer_events
        .until(
            "the lead's message",
            |b| matches!(b, EventBody::MessageCreated { message } if message.author_name == "lee"),
        )
        .await;
    assert_eq!(
        dana.send_refused(chat.id, "Still there?").await,
        StatusCode::NOT_FOUND
    );
    let (status, _) = lee.problem(Method::POST, &path, NO_BODY).await;
    assert_eq!(status, StatusCode::CONFLICT, "already the lead's");
}

#[tokio::test]
async fn a_leads_stream_follows_the_whole_floor() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let eli = backend.agent("eli", "device");
    let lee = backend.person("lee", "lead", "international");
    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    dana.pick_up(chat.id).await;
    let (own, _) = backend.customer("Bo Hansen", "device").await;
    eli.pick_up(own.id).await;
    let mut lee_events = lee.agent_events().await;
    let mut eli_events = eli.agent_events().await;
    let dana_id = me(&dana).await.id;

    assert_eq!(dana.presence(Presence::Away).await, StatusCode::OK);
    lee_events
        .until("dana's presence", |b| {
            matches!(
                b,
                EventBody::PresenceChanged {
                    presence: Presence::Away,
                    ..
                }
            )
        })
        .await;
    let (_, said) = customer.send(chat.id, "Is anyone there?", "c-1").await;
    let seen = lee_events
        .until(
            "the message in dana's chat",
            |b| matches!(b, EventBody::MessageCreated { message } if message.id == said.id),
        )
        .await;
    assert_eq!(seen.chat_id, Some(chat.id));
    let floor = floor(&lee).await;
    let dana_on_floor = floor.agents.iter().find(|a| a.id == dana_id).unwrap();
    assert_eq!(dana_on_floor.presence, Presence::Away);

    // An agent's stream carries none of it: up to eli's own message, nothing of dana's.
    let (_, mine) = eli.send(own.id, "Hello Bo.", "e-1").await;
    loop {
        let event = eli_events.next().await.expect("eli's stream");
        assert!(
            event.chat_id != Some(chat.id)
                && !matches!(event.body, EventBody::PresenceChanged { .. }),
            "eli saw {event:?}"
        );
        if matches!(&event.body, EventBody::MessageCreated { message } if message.id == mine.id) {
            break;
        }
    }
}

#[tokio::test]
async fn the_console_client_speaks_the_lead_routes() {
    let backend = Backend::start(None);
    let dana = backend.agent("dana", "billing");
    let lee = backend.person("lee", "lead", "international");
    let (chat, _customer) = backend.customer("Ana Lima", "billing").await;
    dana.pick_up(chat.id).await;
    let (lead, _) = chatdesk::client::connect(&backend.base, &lee.token)
        .await
        .expect("the lead signs in");

    let floor = lead.floor().await.expect("the floor");
    assert_eq!(floor.chats[0].chat.id, chat.id);
    let whisper = lead.whisper(chat.id, "Offer the loyalty credit.").await;
    let whisper = whisper.expect("whispered");
    let detail = lead.chat_detail(chat.id).await.expect("the detail");
    assert_eq!(detail.whispers.as_slice(), std::slice::from_ref(&whisper));
    let taken = lead.take_over(chat.id).await.expect("taken over");
    assert_eq!(taken.chat.agent_name.as_deref(), Some("lee"));

    let (agent, _) = chatdesk::client::connect(&backend.base, &dana.token)
        .await
        .expect("the agent signs in");
    match agent.floor().await {
        Err(chatdesk::client::ClientError::Refused(problem)) => assert_eq!(problem.status, 403),
        other => panic!("an agent saw the floor: {other:?}"),
    }
}
