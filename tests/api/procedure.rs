//! The support procedure against a real backend: the inactivity clock the backend runs by
//! itself, hold, the verification checklist and the policy it serves.

use crate::common;

use std::time::{Duration, Instant};

use chatdesk::protocol::{
    AgentChat, CheckChange, EventBody, HoldChange, Message, Party, Presence, ProcedureInfo,
};
use common::{Backend, Client, Events};
use reqwest::{Method, StatusCode};
use uuid::Uuid;

const NO_BODY: Option<&()> = None;

/// Nudge after one second of silence, end after two.
const QUICK: &str = "[inactivity]\nnudge_after_secs = 1\nend_after_secs = 2\n";

/// A backend with one agent who has picked up one customer's chat; both streams open.
struct Desk {
    backend: Backend,
    agent: Client,
    agent_events: Events,
    chat: Uuid,
    customer: Client,
    customer_events: Events,
}

async fn desk(policy: Option<&str>, customer_name: &str) -> Desk {
    let backend = Backend::start(policy);
    let agent = backend.agent("dana", "billing");
    let agent_events = agent.agent_events().await;
    agent.go_available().await;
    let (created, customer) = backend.customer(customer_name, "billing").await;
    agent.pick_up(created.id).await;
    let customer_events = customer.events(&events_path(created.id), None).await;
    Desk {
        backend,
        agent,
        agent_events,
        chat: created.id,
        customer,
        customer_events,
    }
}

impl Desk {
    /// Fresh clients after a restart: pooled connections died with the old process.
    fn reconnect(&mut self) {
        self.agent = Client::new(&self.backend.base, &self.agent.token);
        self.customer = Client::new(&self.backend.base, &self.customer.token);
    }
}

fn events_path(chat: Uuid) -> String {
    format!("/api/v1/chats/{chat}/events")
}

fn system_message(body: &EventBody) -> Option<&Message> {
    match body {
        EventBody::MessageCreated { message } if message.author == Party::System => Some(message),
        _ => None,
    }
}

async fn next_system_message(events: &mut Events) -> Message {
    let event = events
        .until("a message from the backend", |b| {
            system_message(b).is_some()
        })
        .await;
    system_message(&event.body).cloned().unwrap()
}

/// Fails when the backend nudges or ends the chat within `wait`.
async fn stays_quiet(events: &mut Events, wait: Duration) {
    let deadline = Instant::now() + wait;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Some(event) = events.next_within(left).await else {
            return;
        };
        assert!(
            system_message(&event.body).is_none()
                && !matches!(event.body, EventBody::ChatEnded { .. }),
            "the backend acted on a chat that was not silent: {event:?}"
        );
    }
}

async fn agent_view(agent: &Client, chat: Uuid) -> AgentChat {
    agent
        .ok(Method::GET, &format!("/api/v1/chats/{chat}"), NO_BODY)
        .await
}

fn holding(on_hold: bool) -> HoldChange {
    HoldChange {
        on_hold,
        customer_agreed: false,
    }
}

async fn agent_says(desk: &Desk, body: &str) {
    let id = Uuid::now_v7().to_string();
    let (status, _) = desk.agent.send(desk.chat, body, &id).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_silent_customer_is_nudged_then_the_chat_ends_and_the_agent_wraps_up() {
    let mut desk = desk(Some(QUICK), "Ana Lima").await;
    let sent = Instant::now();
    agent_says(&desk, "Hello Ana, which invoice is it?").await;

    let nudge = next_system_message(&mut desk.customer_events).await;
    assert!(
        sent.elapsed() >= Duration::from_millis(900),
        "nudged too soon"
    );
    assert_eq!(nudge.body, "Hello Ana, are you still there?");
    // Signed by the team, not by the queue.
    assert_eq!(nudge.author_name, "Acme Devices support");
    let goodbye = next_system_message(&mut desk.customer_events).await;
    assert!(goodbye.body.starts_with("Ana, "), "{}", goodbye.body);
    assert!(goodbye.body.contains("end this chat"), "{}", goodbye.body);
    let ended = desk
        .customer_events
        .until("the end", |b| matches!(b, EventBody::ChatEnded { .. }))
        .await;
    assert_eq!(
        ended.body,
        EventBody::ChatEnded {
            by: Party::System,
            cause: Some(chatdesk::protocol::EndCause::Inactivity)
        }
    );
    assert!(
        sent.elapsed() >= Duration::from_millis(1900),
        "ended too soon"
    );

    desk.agent_events
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
    let chat = agent_view(&desk.agent, desk.chat).await;
    assert_eq!(chat.ended_by, Some(Party::System));
    assert!(chat.nudged_at.is_some());
    // Both messages are in the transcript, once each.
    let transcript: Vec<Message> = desk
        .customer
        .ok(
            Method::GET,
            &format!("/api/v1/chats/{}/messages", desk.chat),
            NO_BODY,
        )
        .await;
    let from_backend: Vec<&str> = transcript
        .iter()
        .filter(|m| m.author == Party::System)
        .map(|m| m.body.as_str())
        .collect();
    assert_eq!(from_backend, [nudge.body.as_str(), goodbye.body.as_str()]);
}

#[tokio::test]
async fn an_answer_from_the_customer_stops_the_clock() {
    let mut desk = desk(Some(QUICK), "Bo Chen").await;
    agent_says(&desk, "Could you tell me the order number?").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    desk.customer.send(desk.chat, "It is 4417.", "c-1").await;
    stays_quiet(&mut desk.customer_events, Duration::from_millis(2500)).await;

    // Nudged, the customer answers in time: the chat goes on.
    agent_says(&desk, "Thanks. And the postcode?").await;
    let nudge = next_system_message(&mut desk.customer_events).await;
    assert!(nudge.body.contains("Bo"), "{}", nudge.body);
    desk.customer.send(desk.chat, "Sorry, 90210.", "c-2").await;
    stays_quiet(&mut desk.customer_events, Duration::from_millis(2000)).await;
    let chat = agent_view(&desk.agent, desk.chat).await;
    assert_eq!(chat.state, chatdesk::protocol::ChatState::Active);
}

#[tokio::test]
async fn hold_stops_the_clock_and_the_customer_hears_nothing_of_it() {
    let mut desk = desk(Some(QUICK), "Cy Ortiz").await;
    agent_says(&desk, "May I place you on hold for a minute while I check?").await;
    let (status, _) = desk.customer.send(desk.chat, "Sure", "yes-1").await;
    assert_eq!(status, StatusCode::CREATED);
    agent_says(&desk, "Thank you, one moment.").await;
    let hold = format!("/api/v1/chats/{}/hold", desk.chat);
    let held: AgentChat = desk
        .agent
        .ok(Method::PUT, &hold, Some(&holding(true)))
        .await;
    let since = held.on_hold_since.expect("on hold");
    desk.agent_events
        .until(
            "the update",
            |b| matches!(b, EventBody::ChatUpdated { chat } if chat.on_hold_since == Some(since)),
        )
        .await;
    desk.customer_events
        .until("the agent's last message", |b| {
            matches!(b, EventBody::MessageCreated { message } if message.body == "Thank you, one moment.")
        })
        .await;
    let quiet = desk
        .customer_events
        .next_within(Duration::from_millis(2500))
        .await;
    assert_eq!(quiet, None, "the customer is sent nothing while on hold");

    // Back from hold: the silence counts from now.
    let back: AgentChat = desk
        .agent
        .ok(Method::PUT, &hold, Some(&holding(false)))
        .await;
    assert_eq!(back.on_hold_since, None);
    let returned = Instant::now();
    next_system_message(&mut desk.customer_events).await;
    assert!(returned.elapsed() >= Duration::from_millis(900));
    desk.customer_events
        .until("the end", |b| matches!(b, EventBody::ChatEnded { .. }))
        .await;

    let (status, _) = desk
        .agent
        .problem(Method::PUT, &hold, Some(&holding(true)))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "an ended chat cannot be held");
}

#[tokio::test]
async fn the_clock_holds_across_a_restart() {
    let mut desk = desk(
        Some("[inactivity]\nnudge_after_secs = 1\nend_after_secs = 3\n"),
        "Di Novak",
    )
    .await;
    agent_says(&desk, "Let me know when you have the receipt.").await;
    desk.backend.restart();
    // The old streams and connections ended with the process; read the chat again from its
    // first event.
    desk.reconnect();
    let mut events = desk.customer.events(&events_path(desk.chat), None).await;
    let ended = events
        .until("the end", |b| matches!(b, EventBody::ChatEnded { .. }))
        .await;
    assert_eq!(
        ended.body,
        EventBody::ChatEnded {
            by: Party::System,
            cause: Some(chatdesk::protocol::EndCause::Inactivity)
        }
    );
    let chat = agent_view(&desk.agent, desk.chat).await;
    assert_eq!(chat.ended_by, Some(Party::System));
}

#[tokio::test]
async fn verification_ticks_persist_and_verify_the_customer() {
    let mut desk = desk(None, "Eli Park").await;
    let path = format!("/api/v1/chats/{}/verification", desk.chat);
    let tick = |check: &str, done: bool| CheckChange {
        check: check.to_string(),
        done,
    };
    let fresh = agent_view(&desk.agent, desk.chat).await;
    let ids: Vec<&str> = fresh.verification.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["name", "email-or-client-id", "account-detail"]);
    assert!(fresh.verification.iter().all(|c| !c.done));

    let one: AgentChat = desk
        .agent
        .ok(Method::PUT, &path, Some(&tick("name", true)))
        .await;
    assert!(one.verification[0].done && !one.verification[1].done);
    assert_eq!(one.verified_at, None);
    desk.agent_events
        .until(
            "the update",
            |b| matches!(b, EventBody::ChatUpdated { chat } if chat.verification[0].done),
        )
        .await;
    desk.agent
        .ok::<AgentChat>(Method::PUT, &path, Some(&tick("email-or-client-id", true)))
        .await;
    let all: AgentChat = desk
        .agent
        .ok(Method::PUT, &path, Some(&tick("account-detail", true)))
        .await;
    let verified_at = all.verified_at.expect("verified");

    desk.backend.restart();
    desk.reconnect();
    let again = agent_view(&desk.agent, desk.chat).await;
    assert!(again.verification.iter().all(|c| c.done));
    assert_eq!(again.verified_at, Some(verified_at));

    let unticked: AgentChat = desk
        .agent
        .ok(Method::PUT, &path, Some(&tick("account-detail", false)))
        .await;
    assert_eq!(unticked.verified_at, None);
    assert!(!unticked.verification[2].done);

    let (status, problem) = desk
        .agent
        .problem(Method::PUT, &path, Some(&tick("date-of-birth", true)))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem.detail.contains("email-or-client-id"),
        "{}",
        problem.detail
    );

    let other = desk.backend.agent("lee", "billing");
    let (status, _) = other
        .problem(Method::PUT, &path, Some(&tick("name", true)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = desk
        .customer
        .problem(Method::PUT, &path, Some(&tick("name", true)))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_policy_route_serves_the_presets_numbers_and_is_in_the_api_description() {
    let backend = Backend::start(Some("[inactivity]\npreset = \"omni\"\n"));
    let agent = backend.agent("dana", "billing");
    let policy: ProcedureInfo = agent.ok(Method::GET, "/api/v1/policy", NO_BODY).await;
    assert_eq!(policy.inactivity.preset, "omni");
    assert_eq!(policy.inactivity.nudge_after_secs, Some(180));
    assert_eq!(policy.inactivity.end_after_secs, 300);
    assert_eq!(policy.hold_update_secs, 60);
    assert_eq!(policy.verification.len(), 3);
    let (status, _) = backend
        .anonymous()
        .problem(Method::GET, "/api/v1/policy", NO_BODY)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let doc: serde_json::Value = backend
        .anonymous()
        .ok(Method::GET, "/api/v1/openapi.json", NO_BODY)
        .await;
    for path in [
        "/api/v1/policy",
        "/api/v1/chats/{id}/hold",
        "/api/v1/chats/{id}/verification",
        "/api/v1/follow-ups",
        "/api/v1/commitments/{id}/done",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is described");
    }
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["WrapUp"]["properties"]["code"]["enum"].is_array());
    assert_eq!(
        schemas["CheckChange"]["properties"]["check"]["enum"][0],
        "name"
    );
}

#[tokio::test]
async fn the_team_named_in_policy_heads_the_page_and_signs_the_backends_messages() {
    let policy = format!("{QUICK}[team]\nname = \"Globex <Help> & Co\"\n");
    let mut desk = desk(Some(&policy), "Ana Lima").await;
    let page = reqwest::get(format!("{}/", desk.backend.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<title>Chat with Globex &lt;Help&gt; &amp; Co</title>"),
        "{page}"
    );
    assert!(
        page.contains(">Globex &lt;Help&gt; &amp; Co</h1>"),
        "{page}"
    );
    assert!(!page.contains("{team}") && !page.contains("Acme"), "{page}");
    agent_says(&desk, "Hello Ana, which invoice is it?").await;
    let nudge = next_system_message(&mut desk.customer_events).await;
    assert_eq!(nudge.author_name, "Globex <Help> & Co");
}

#[test]
fn a_blank_or_overlong_team_name_is_refused_with_its_place() {
    for (name, problem) in [
        ("   ", "team.name must name the team"),
        (&"x".repeat(61)[..], "61 characters long; at most 60"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("policy.toml"),
            format!("[team]\nname = \"{name}\"\n"),
        )
        .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_chatdesk"))
            .args(["check", "--data-dir"])
            .arg(dir.path())
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{said}");
        assert!(said.contains("policy.toml:2:8"), "{said}");
        assert!(said.contains(problem), "{said}");
    }
}
