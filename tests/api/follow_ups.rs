//! Wrap-up with tags, a commitment and a ticket, the follow-ups they become, and a database
//! from before the procedure was stored, against a real backend.

use crate::common;

use chatdesk::protocol::{
    AgentChat, Commitment, FollowUpChannel, FollowUps, Me, NewCommitment, NewTicket,
    PreferredContact, Presence, Snapshot, WrapUp,
};
use common::{Backend, Client};
use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, StatusCode};
use uuid::Uuid;

const NO_BODY: Option<&()> = None;

/// A chat the agent took and ended, waiting for its wrap-up.
async fn ended_chat(backend: &Backend, agent: &Client, customer: &str) -> Uuid {
    let (chat, _) = backend.customer(customer, "billing").await;
    agent.pick_up(chat.id).await;
    let _: AgentChat = agent.end(chat.id).await;
    chat.id
}

fn wrap_up(notes: &str) -> WrapUp {
    WrapUp {
        code: "resolved".into(),
        notes: notes.into(),
        tags: Vec::new(),
        commitment: None,
        ticket: None,
    }
}

fn promise(in_hours: i64, note: &str) -> NewCommitment {
    NewCommitment {
        due_at: Timestamp::now() + SignedDuration::from_hours(in_hours),
        channel: FollowUpChannel::Call,
        note: note.into(),
    }
}

fn disposition_path(chat: Uuid) -> String {
    format!("/api/v1/chats/{chat}/disposition")
}

async fn follow_ups(agent: &Client) -> FollowUps {
    agent.ok(Method::GET, "/api/v1/follow-ups", NO_BODY).await
}

#[tokio::test]
async fn a_wrap_up_is_checked_before_anything_is_stored() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    agent.go_available().await;
    let chat = ended_chat(&backend, &agent, "Ana Lima").await;
    let path = disposition_path(chat);
    let refused = |body: WrapUp| {
        let agent = agent.clone();
        let path = path.clone();
        async move { agent.problem(Method::PUT, &path, Some(&body)).await }
    };

    let (status, problem) = refused(WrapUp {
        commitment: Some(promise(-1, "Call back about the refund.")),
        ..wrap_up("Refund started.")
    })
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem.detail.contains("already passed"),
        "{}",
        problem.detail
    );

    let (status, _) = refused(wrap_up("  ")).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "notes are required"
    );
    let (status, problem) = refused(WrapUp {
        commitment: Some(promise(2, " ")),
        ..wrap_up("Refund started.")
    })
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem.detail.contains("commitment"), "{}", problem.detail);
    let (status, problem) = refused(WrapUp {
        ticket: Some(NewTicket {
            subject: "".into(),
            contact: PreferredContact::Email,
            note: None,
        }),
        ..wrap_up("Refund started.")
    })
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem.detail.contains("subject"), "{}", problem.detail);
    let (status, _) = refused(WrapUp {
        tags: vec!["x".repeat(40)],
        ..wrap_up("Refund started.")
    })
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "tags are short");

    // Nothing of the refused attempts was kept.
    let empty = follow_ups(&agent).await;
    assert!(empty.commitments.is_empty() && empty.tickets.is_empty());
    let me: Me = agent.ok(Method::GET, "/api/v1/me", NO_BODY).await;
    assert_eq!(me.presence, Presence::WrapUp);

    // Someone else's chat is not there for them.
    let other = backend.agent("lee", "billing");
    let (status, _) = other
        .problem(Method::PUT, &path, Some(&wrap_up("Not mine.")))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn commitments_and_tickets_become_follow_ups_that_survive_a_restart() {
    let mut backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    agent.go_available().await;
    let first = ended_chat(&backend, &agent, "Bo Chen").await;
    let recorded: AgentChat = agent
        .ok(
            Method::PUT,
            &disposition_path(first),
            Some(&WrapUp {
                tags: vec![" refund ".into(), "Refund".into(), "billing-error".into()],
                commitment: Some(promise(48, "Call Bo once the refund has cleared.")),
                ticket: Some(NewTicket {
                    subject: "Refund for a double charge".into(),
                    contact: PreferredContact::CallBack,
                    note: Some("We are refunding the second charge.".into()),
                }),
                ..wrap_up("Double charge confirmed; refund started.")
            }),
        )
        .await;
    let disposition = recorded.disposition.expect("recorded");
    assert_eq!(disposition.tags, ["refund", "billing-error"]);
    let me: Me = agent.ok(Method::GET, "/api/v1/me", NO_BODY).await;
    assert_eq!(me.presence, Presence::Available, "the wrap-up gate opens");

    let second = ended_chat(&backend, &agent, "Cy Ortiz").await;
    let _: AgentChat = agent
        .ok(
            Method::PUT,
            &disposition_path(second),
            Some(&WrapUp {
                commitment: Some(NewCommitment {
                    channel: FollowUpChannel::Email,
                    ..promise(2, "Send Cy the corrected invoice.")
                }),
                ticket: Some(NewTicket {
                    subject: "Corrected invoice".into(),
                    contact: PreferredContact::Email,
                    note: None,
                }),
                ..wrap_up("Invoice address wrong.")
            }),
        )
        .await;

    backend.restart();
    // A fresh client: the old one's pooled connections died with the process.
    let agent = Client::new(&backend.base, &agent.token);
    let listed = follow_ups(&agent).await;
    let soonest: Vec<&str> = listed
        .commitments
        .iter()
        .map(|c| c.customer.name.as_str())
        .collect();
    assert_eq!(soonest, ["Cy Ortiz", "Bo Chen"], "soonest due first");
    assert_eq!(listed.commitments[0].channel, FollowUpChannel::Email);
    assert_eq!(listed.commitments[1].chat_id, first);
    let newest: Vec<&str> = listed.tickets.iter().map(|t| t.subject.as_str()).collect();
    assert_eq!(newest, ["Corrected invoice", "Refund for a double charge"]);
    assert_eq!(listed.tickets[1].contact, PreferredContact::CallBack);
    // The tags are kept with the chat's record.
    let chat: AgentChat = agent
        .ok(Method::GET, &format!("/api/v1/chats/{first}"), NO_BODY)
        .await;
    assert_eq!(chat.disposition.unwrap().tags, ["refund", "billing-error"]);

    // Someone else cannot mark it done; its agent can, once.
    let cy = listed.commitments[0].id;
    let done_path = format!("/api/v1/commitments/{cy}/done");
    let other = backend.agent("lee", "billing");
    let (status, _) = other.problem(Method::POST, &done_path, NO_BODY).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(follow_ups(&other).await.commitments.is_empty());
    let done: Commitment = agent.ok(Method::POST, &done_path, NO_BODY).await;
    let done_at = done.done_at.expect("done");
    let again: Commitment = agent.ok(Method::POST, &done_path, NO_BODY).await;
    assert_eq!(again.done_at, Some(done_at));
    let left = follow_ups(&agent).await;
    assert_eq!(left.commitments.len(), 1);
    assert_eq!(left.commitments[0].chat_id, first);
    let (status, _) = agent
        .problem(
            Method::POST,
            &format!("/api/v1/commitments/{}/done", Uuid::now_v7()),
            NO_BODY,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn recording_a_wrap_up_again_replaces_its_commitment() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing");
    let chat = ended_chat(&backend, &agent, "Di Novak").await;
    let path = disposition_path(chat);
    let with_promise = WrapUp {
        commitment: Some(promise(24, "Call Di back.")),
        ..wrap_up("Needs a call.")
    };
    let _: AgentChat = agent.ok(Method::PUT, &path, Some(&with_promise)).await;
    let _: AgentChat = agent.ok(Method::PUT, &path, Some(&with_promise)).await;
    assert_eq!(follow_ups(&agent).await.commitments.len(), 1);
    let _: AgentChat = agent
        .ok(Method::PUT, &path, Some(&wrap_up("Solved after all.")))
        .await;
    assert!(follow_ups(&agent).await.commitments.is_empty());
}

#[tokio::test]
// It writes a database of the first schema by hand, beside the store.
#[allow(clippy::disallowed_methods)]
async fn a_database_from_before_the_procedure_opens_and_works() {
    let mut backend = Backend::start(None);
    backend.kill_hard();
    let dir = backend.data_dir().to_path_buf();
    for file in [
        "chatdesk.sqlite3",
        "chatdesk.sqlite3-wal",
        "chatdesk.sqlite3-shm",
    ] {
        let _ = std::fs::remove_file(dir.join(file));
    }
    // The first schema, with an agent and one ended chat of theirs still awaiting its wrap-up.
    let token = "cda_oldschema-fictional-token";
    let agent_id = Uuid::now_v7();
    let chat_id = Uuid::now_v7();
    let now = Timestamp::now().as_millisecond();
    {
        let db = rusqlite::Connection::open(dir.join("chatdesk.sqlite3")).unwrap();
        db.execute_batch(include_str!(
            "../../src/server/store/sqlite/migrations/001_initial.sql"
        ))
        .unwrap();
        db.pragma_update(None, "user_version", 1).unwrap();
        db.execute(
            "INSERT INTO agents (id, name, display_name, role, queues, token_hash, presence, \
             presence_ms, idle_since_ms, created_ms) \
             VALUES (?1, 'old', 'Old Timer', 'agent', 'billing', ?2, 'wrap-up', ?3, ?3, ?3)",
            rusqlite::params![
                agent_id.to_string(),
                chatdesk::server::auth::hash_token(token).as_str(),
                now
            ],
        )
        .unwrap();
        db.execute(
            "INSERT INTO chats (id, token_hash, queue, state, customer_name, customer_email, \
             agent_id, created_ms, queued_ms, accepted_ms, ended_ms, ended_by) \
             VALUES (?1, 'old-chat', 'billing', 'ended', 'Eli Park', 'eli@example.com', ?2, \
             ?3, ?3, ?3, ?3, 'customer')",
            rusqlite::params![chat_id.to_string(), agent_id.to_string(), now],
        )
        .unwrap();
    }
    backend.restart();
    let agent = Client::new(&backend.base, token);
    let snapshot: Snapshot = agent.ok(Method::GET, "/api/v1/me/snapshot", NO_BODY).await;
    let old = &snapshot.chats[0].chat;
    assert_eq!(old.id, chat_id);
    assert_eq!(old.verification.len(), 3);
    assert!(old.verification.iter().all(|c| !c.done));
    assert_eq!(
        (old.verified_at, old.on_hold_since, old.nudged_at),
        (None, None, None)
    );

    let _: AgentChat = agent
        .ok(
            Method::PUT,
            &disposition_path(chat_id),
            Some(&WrapUp {
                tags: vec!["legacy".into()],
                commitment: Some(promise(1, "Check the old order.")),
                ..wrap_up("Recorded after the upgrade.")
            }),
        )
        .await;
    let listed = follow_ups(&agent).await;
    assert_eq!(listed.commitments[0].customer.name, "Eli Park");
    let me: Me = agent.ok(Method::GET, "/api/v1/me", NO_BODY).await;
    assert_eq!(me.presence, Presence::Available);
}
