//! The backend, people and requests the escalation tests share.

use chatdesk::policy::calendar::TeamCalendar;
use chatdesk::protocol::{Escalation, EventBody, FieldValue, NewEscalation, NewReply};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use uuid::Uuid;

use crate::common::{Backend, Client, Events};

pub const NO_BODY: Option<&()> = None;

/// The calendar counted in UTC with no holidays, so the test knows where routing sends things.
pub const UTC_CALENDAR: &str = "time_zone = \"UTC\"\n";

pub const REASON: &str = "The customer is at the shop and the technician cannot reach the \
    service line. Can someone give an override code today?";

/// A backend, an agent who picked up one chat, and two leads; the agent's and the first
/// lead's streams are open.
pub struct Floor {
    pub backend: Backend,
    pub agent: Client,
    pub agent_events: Events,
    pub lead: Client,
    pub lead_events: Events,
    pub second_lead: Client,
    pub chat: Uuid,
}

pub async fn floor(holidays: &str) -> Floor {
    let backend = Backend::with_files(&[("holidays.toml", holidays)]);
    let agent = backend.agent("dana", "billing");
    let lead = backend.person("lee", "lead", "billing");
    let second_lead = backend.person("lou", "lead", "billing");
    let agent_events = agent.agent_events().await;
    let lead_events = lead.agent_events().await;
    let (created, _customer) = backend.customer("Ana Lima", "billing").await;
    agent.pick_up(created.id).await;
    Floor {
        backend,
        agent,
        agent_events,
        lead,
        lead_events,
        second_lead,
        chat: created.id,
    }
}

pub fn fields(pairs: &[(&str, &str)]) -> Vec<FieldValue> {
    pairs
        .iter()
        .map(|(id, value)| FieldValue {
            id: id.to_string(),
            value: value.to_string(),
        })
        .collect()
}

pub fn poc_code(reason: &str) -> NewEscalation {
    NewEscalation {
        template: "poc-code".to_string(),
        fields: fields(&[
            ("cid", "C-1001"),
            ("utr", "UTR-2231"),
            ("appointment_time", "2:30 pm Central"),
            ("drive_time", "45 minutes"),
            ("reason", reason),
        ]),
    }
}

pub fn state_transfer(balance: &str) -> NewEscalation {
    NewEscalation {
        template: "state-transfer".to_string(),
        fields: fields(&[
            ("cid", "C-1001"),
            ("from_state", "Ohio"),
            ("to_state", "Texas"),
            ("new_shop", "Acme Auto Care, Springfield"),
            ("account_balance", balance),
        ]),
    }
}

pub fn escalations_path(chat: Uuid) -> String {
    format!("/api/v1/chats/{chat}/escalations")
}

pub async fn escalate(agent: &Client, chat: Uuid, new: &NewEscalation) -> Escalation {
    let (status, escalation) = agent
        .call(Method::POST, &escalations_path(chat), Some(new))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    escalation
}

pub async fn reply(who: &Client, id: Uuid, body: &str) -> (StatusCode, Value) {
    let reply = NewReply {
        body: body.to_string(),
    };
    who.call(
        Method::POST,
        &format!("/api/v1/escalations/{id}/replies"),
        Some(&reply),
    )
    .await
}

/// Sends something expected to be refused with 422 and returns the fields `errors` names.
pub async fn refused_fields(who: &Client, path: &str, body: &impl serde::Serialize) -> Vec<String> {
    let response = who
        .request(Method::POST, path)
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["status"], 422);
    assert!(
        problem["detail"].as_str().unwrap().ends_with('.'),
        "{problem}"
    );
    problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            assert!(!e["problem"].as_str().unwrap().is_empty());
            e["field"].as_str().unwrap().to_string()
        })
        .collect()
}

/// The next `escalation.updated` on a stream that satisfies `wanted`.
pub async fn updated(events: &mut Events, wanted: impl Fn(&Escalation) -> bool) -> Escalation {
    let event = events
        .until(
            "an escalation update",
            |b| matches!(b, EventBody::EscalationUpdated { escalation } if wanted(escalation)),
        )
        .await;
    match event.body {
        EventBody::EscalationUpdated { escalation } => *escalation,
        _ => unreachable!(),
    }
}

/// Where the built-in calendar sends `template_channel` now, in UTC with no holidays: either
/// of the answers around the request (should midnight fall in between).
pub fn channels_now(template_channel: &str) -> [String; 2] {
    let at = |t: Timestamp| {
        TeamCalendar::usual(TimeZone::UTC)
            .channel_at(t, template_channel, "weekend")
            .to_string()
    };
    let now = Timestamp::now();
    [at(now), at(now + jiff::SignedDuration::from_secs(60))]
}
