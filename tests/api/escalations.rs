//! Escalations against a real backend: an agent asks the leads for help about a chat, a lead
//! claims and answers, the agent writes back; what the template's rules refuse; who may see
//! and do what; weekend routing; and a restart.

use crate::common;
#[path = "../escalations/desk.rs"]
mod desk;

use chatdesk::policy::calendar::{Holiday, TeamCalendar};
use chatdesk::protocol::{
    Escalation, EscalationState, EscalationTemplate, NewEscalation, NewReply, Role, Snapshot,
    WrapUp,
};
use common::{Backend, Client};
use desk::*;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use reqwest::{Method, StatusCode};
use serde_json::Value;

#[tokio::test]
async fn a_poc_code_escalation_is_claimed_answered_and_answered_back() {
    let mut f = floor(UTC_CALENDAR).await;
    let sent = escalate(&f.agent, f.chat, &poc_code(REASON)).await;
    assert_eq!(sent.state, EscalationState::Open);
    assert_eq!(sent.template_name, "POC CODE");
    assert_eq!(sent.customer_name, "Ana Lima");
    assert_eq!(sent.agent_name, "dana");
    assert!(
        channels_now("leadership").contains(&sent.channel),
        "{}",
        sent.channel
    );
    assert_eq!(sent.fields[0], ("CID".to_string(), "C-1001".to_string()));
    assert_eq!(sent.fields.len(), 5);
    assert!(sent.warnings.is_empty());

    let seen = updated(&mut f.lead_events, |e| e.id == sent.id).await;
    assert_eq!(seen, sent);
    let claimed: Escalation = f
        .lead
        .ok(
            Method::POST,
            &format!("/api/v1/escalations/{}/claim", sent.id),
            NO_BODY,
        )
        .await;
    assert_eq!(claimed.state, EscalationState::Claimed);
    assert_eq!(claimed.claimed_by_name.as_deref(), Some("lee"));
    let (status, problem) = f
        .second_lead
        .problem(
            Method::POST,
            &format!("/api/v1/escalations/{}/claim", sent.id),
            NO_BODY,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(problem.detail.contains("lee"), "{}", problem.detail);
    // Nor may the second lead answer over the first.
    let (status, _) = reply(&f.second_lead, sent.id, "I can help with this one too.").await;
    assert_eq!(status, StatusCode::CONFLICT);

    let (status, _) = reply(
        &f.lead,
        sent.id,
        "Code 4471 is good for today; tell them it expires at six.",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let answered = updated(&mut f.agent_events, |e| {
        e.state == EscalationState::Answered
    })
    .await;
    assert_eq!(answered.replies.len(), 1);
    assert_eq!(answered.replies[0].author_role, Role::Lead);
    assert!(answered.replies[0].body.starts_with("Code 4471"));
    assert!(answered.answered_at.is_some());

    let (status, back) = reply(
        &f.agent,
        sent.id,
        "Thank you, the customer has the code now.",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let back: Escalation = serde_json::from_value(back).unwrap();
    assert_eq!(back.state, EscalationState::Answered);
    assert_eq!(back.replies[1].author_name, "dana");
    let heard = updated(&mut f.lead_events, |e| e.replies.len() == 2).await;
    assert_eq!(heard.replies[1].author_role, Role::Agent);

    // The chat's detail carries it; the lists filter by state.
    let snapshot: Snapshot = f
        .agent
        .ok(Method::GET, "/api/v1/me/snapshot", NO_BODY)
        .await;
    assert_eq!(snapshot.chats[0].escalations, std::slice::from_ref(&back));
    let mine: Vec<Escalation> = f
        .agent
        .ok(Method::GET, "/api/v1/escalations?state=answered", NO_BODY)
        .await;
    assert_eq!(mine, [back]);
    let open: Vec<Escalation> = f
        .lead
        .ok(Method::GET, "/api/v1/escalations?state=open", NO_BODY)
        .await;
    assert!(open.is_empty());
    let (status, _) = f
        .lead
        .problem(Method::GET, "/api/v1/escalations?state=lost", NO_BODY)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_templates_rules_refuse_with_each_field_named() {
    let f = floor(UTC_CALENDAR).await;
    let path = escalations_path(f.chat);
    let one_liner = poc_code("Needs an override code?");
    assert_eq!(
        refused_fields(&f.agent, &path, &one_liner).await,
        ["reason"]
    );
    let statement = poc_code(
        &REASON
            .replace("Can someone give", "They need")
            .replace('?', "."),
    );
    assert_eq!(
        refused_fields(&f.agent, &path, &statement).await,
        ["reason"]
    );
    let mut no_cid = poc_code(REASON);
    no_cid.fields.remove(0);
    assert_eq!(refused_fields(&f.agent, &path, &no_cid).await, ["cid"]);
    let shouted = poc_code(&REASON.to_uppercase());
    assert_eq!(refused_fields(&f.agent, &path, &shouted).await, ["reason"]);
    let owing = state_transfer("$25.00");
    assert_eq!(
        refused_fields(&f.agent, &path, &owing).await,
        ["account_balance"]
    );
    let credit = NewEscalation {
        template: "credit".to_string(),
        fields: fields(&[
            ("cid", "C-1001"),
            ("invoice_reviewed", "no"),
            ("amount", "$15.00"),
            ("reason", REASON),
        ]),
    };
    assert_eq!(
        refused_fields(&f.agent, &path, &credit).await,
        ["invoice_reviewed"]
    );
    let unknown = NewEscalation {
        template: "lunch-order".to_string(),
        fields: Vec::new(),
    };
    assert_eq!(refused_fields(&f.agent, &path, &unknown).await, [""]);

    // A credit on the account stops the transfer too, saying a credit does not transfer.
    let (status, problem) = f
        .agent
        .problem(Method::POST, &path, Some(&state_transfer("-$12.50")))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem.detail.contains("$12.50") && problem.detail.contains("does not transfer"),
        "{}",
        problem.detail
    );
    let credit = escalate(&f.agent, f.chat, &state_transfer("$0.00")).await;
    assert!(channels_now("state-transfer").contains(&credit.channel));

    // Replies in capitals are refused too.
    let shout = NewReply {
        body: "I AM STILL WAITING ON A SUPERVISOR".to_string(),
    };
    let reply_path = format!("/api/v1/escalations/{}/replies", credit.id);
    assert_eq!(refused_fields(&f.lead, &reply_path, &shout).await, ["body"]);
    let nothing: Vec<Escalation> = f
        .agent
        .ok(Method::GET, "/api/v1/escalations?state=answered", NO_BODY)
        .await;
    assert!(nothing.is_empty());
}

#[tokio::test]
async fn agents_cannot_claim_and_cannot_see_each_others_escalations() {
    let f = floor(UTC_CALENDAR).await;
    let sent = escalate(&f.agent, f.chat, &poc_code(REASON)).await;
    let claim = format!("/api/v1/escalations/{}/claim", sent.id);
    let (status, problem) = f.agent.problem(Method::POST, &claim, NO_BODY).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(problem.detail.contains("leads"), "{}", problem.detail);

    let other = f.backend.agent("max", "billing");
    let (status, _) = other
        .problem(
            Method::GET,
            &format!("/api/v1/escalations/{}", sent.id),
            NO_BODY,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = reply(&other, sent.id, "Let me answer this one for you.").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let theirs: Vec<Escalation> = other.ok(Method::GET, "/api/v1/escalations", NO_BODY).await;
    assert!(theirs.is_empty());
    let (status, _) = other
        .problem(
            Method::POST,
            &escalations_path(f.chat),
            Some(&poc_code(REASON)),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = f
        .backend
        .anonymous()
        .problem(Method::GET, "/api/v1/escalation-templates", NO_BODY)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let all: Vec<Escalation> = f
        .second_lead
        .ok(Method::GET, "/api/v1/escalations", NO_BODY)
        .await;
    assert_eq!(all, [sent]);
}

#[tokio::test]
async fn an_ended_chat_can_be_escalated_until_its_disposition() {
    let f = floor(UTC_CALENDAR).await;
    let _: Value = f.agent.end(f.chat).await;
    escalate(&f.agent, f.chat, &poc_code(REASON)).await;
    let wrap_up = WrapUp {
        code: "resolved".to_string(),
        notes: "Override code given after a lead approved it.".to_string(),
        tags: Vec::new(),
        commitment: None,
        ticket: None,
    };
    let path = format!("/api/v1/chats/{}/disposition", f.chat);
    let _: Value = f.agent.ok(Method::PUT, &path, Some(&wrap_up)).await;
    let (status, _) = f
        .agent
        .problem(
            Method::POST,
            &escalations_path(f.chat),
            Some(&poc_code(REASON)),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_operator_declares_the_weekend_days_and_routing_follows_them() {
    // Every day of the week is weekend here, so the test runs on any day; then none is.
    let all_week = format!(
        "{UTC_CALENDAR}\nweekend = [\"monday\", \"tuesday\", \"wednesday\", \"thursday\", \
         \"friday\", \"saturday\", \"sunday\"]\n"
    );
    let f = floor(&all_week).await;
    let sent = escalate(&f.agent, f.chat, &poc_code(REASON)).await;
    assert_eq!(sent.channel, "weekend");
    let f = floor(&format!("{UTC_CALENDAR}\nweekend = []\n")).await;
    let sent = escalate(&f.agent, f.chat, &poc_code(REASON)).await;
    assert_eq!(sent.channel, "leadership");
}

#[tokio::test]
async fn on_a_holiday_everything_goes_to_the_weekend_channel() {
    // Today and tomorrow in UTC, the calendar's zone, so midnight cannot slip between.
    let today = Timestamp::now().to_zoned(TimeZone::UTC).date();
    let tomorrow = today.tomorrow().unwrap();
    let holidays = format!(
        "{UTC_CALENDAR}\n[[holiday]]\ndate = {today}\nname = \"Founders' Day\"\n\n\
         [[holiday]]\ndate = {tomorrow}\nname = \"Founders' Day, second day\"\n"
    );
    let f = floor(&holidays).await;
    let templates: Vec<EscalationTemplate> = f
        .agent
        .ok(Method::GET, "/api/v1/escalation-templates", NO_BODY)
        .await;
    // The picker shows where an escalation really goes today.
    let credit = templates.iter().find(|t| t.id == "credit").unwrap();
    assert_eq!(credit.channel_name, "Weekend");
    let sent = escalate(&f.agent, f.chat, &poc_code(REASON)).await;
    assert_eq!(sent.channel, "weekend");
    assert_eq!(sent.channel_name, "Weekend");
    // The same rule, as the pure function sees it.
    let calendar = TeamCalendar::usual(TimeZone::UTC).with_holidays(vec![Holiday {
        date: today,
        name: "Founders' Day".to_string(),
    }]);
    let noon = today
        .at(12, 0, 0, 0)
        .to_zoned(TimeZone::UTC)
        .unwrap()
        .timestamp();
    let routed = calendar.channel_at(noon, "leadership", "weekend");
    assert_eq!(routed, "weekend");
}

#[tokio::test]
async fn escalations_survive_a_restart() {
    let mut f = floor(UTC_CALENDAR).await;
    let sent = escalate(&f.agent, f.chat, &poc_code(REASON)).await;
    let _: Escalation = f
        .lead
        .ok(
            Method::POST,
            &format!("/api/v1/escalations/{}/claim", sent.id),
            NO_BODY,
        )
        .await;
    let (status, answer) = reply(&f.lead, sent.id, "Code 4471 is good for today.").await;
    assert_eq!(status, StatusCode::CREATED);
    let answer: Escalation = serde_json::from_value(answer).unwrap();

    f.backend.restart();
    let agent = Client::new(&f.backend.base, &f.agent.token);
    let after: Escalation = agent
        .ok(
            Method::GET,
            &format!("/api/v1/escalations/{}", sent.id),
            NO_BODY,
        )
        .await;
    assert_eq!(after, answer);
    let lead = Client::new(&f.backend.base, &f.lead.token);
    let listed: Vec<Escalation> = lead
        .ok(Method::GET, "/api/v1/escalations?state=answered", NO_BODY)
        .await;
    assert_eq!(listed, [answer]);
}

#[tokio::test]
async fn the_api_description_lists_the_escalation_routes() {
    let backend = Backend::start(None);
    let doc: Value = backend
        .anonymous()
        .ok(Method::GET, "/api/v1/openapi.json", NO_BODY)
        .await;
    for path in [
        "/api/v1/escalation-templates",
        "/api/v1/chats/{id}/escalations",
        "/api/v1/escalations",
        "/api/v1/escalations/{id}",
        "/api/v1/escalations/{id}/claim",
        "/api/v1/escalations/{id}/replies",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not described");
    }
    let schemas = &doc["components"]["schemas"];
    let templates = &schemas["NewEscalation"]["properties"]["template"]["enum"];
    assert_eq!(templates[1], "poc-code", "{templates}");
    assert!(schemas["ValidationProblem"]["properties"]["errors"].is_object());
    assert!(schemas["FieldRule"].is_object());
}

/// Requests that only look complete are refused, each at its field: a reason that is not
/// words, resources that name none, a client ID that is not the chat's, From = To, a shop
/// called `x`.
#[tokio::test]
async fn escalations_that_only_look_complete_are_refused_at_their_field() {
    let f = floor(UTC_CALENDAR).await;
    let path = escalations_path(f.chat);
    let refused = |new: NewEscalation| {
        let agent = f.agent.clone();
        let path = path.clone();
        async move { refused_fields(&agent, &path, &new).await }
    };
    for gibberish in ["a b c d e f?", "asdf asdf asdf asdf asdf asdf asdf?"] {
        assert_eq!(
            refused(poc_code(gibberish)).await,
            ["reason"],
            "{gibberish}"
        );
    }
    let question = |checked: &str| NewEscalation {
        template: "general-question".to_string(),
        fields: fields(&[
            ("cid", "C-1001"),
            (
                "question",
                "The customer asks whether the warranty covers a cracked screen. Does it?",
            ),
            ("resources_checked", checked),
        ]),
    };
    assert_eq!(
        refused(question("I haven't checked anything")).await,
        ["resources_checked"]
    );
    escalate(
        &f.agent,
        f.chat,
        &question("The SOP and the account notes."),
    )
    .await;
    let transfer = |from: &str, to: &str, shop: &str| NewEscalation {
        template: "state-transfer".to_string(),
        fields: fields(&[
            ("cid", "C-1001"),
            ("from_state", from),
            ("to_state", to),
            ("new_shop", shop),
            ("account_balance", "$0.00"),
        ]),
    };
    assert_eq!(
        refused(transfer("Ohio", "ohio", "Acme Auto Care, Springfield")).await,
        ["to_state"]
    );
    assert_eq!(refused(transfer("Ohio", "Texas", "x")).await, ["new_shop"]);
    assert_eq!(
        refused(transfer("Ohio", "Texas", "asdf qwer")).await,
        ["new_shop"]
    );

    // A chat whose customer gave a client ID: the escalation must carry that one.
    let new = chatdesk::protocol::NewChat {
        name: "Eli Park".to_string(),
        email: "eli.park@example.com".to_string(),
        reason: "billing".to_string(),
        client_id: Some("C-7777".to_string()),
    };
    let created: chatdesk::protocol::ChatCreated = f
        .backend
        .anonymous()
        .ok(Method::POST, "/api/v1/chats", Some(&new))
        .await;
    f.agent.pick_up(created.id).await;
    let other = escalations_path(created.id);
    assert_eq!(
        refused_fields(&f.agent, &other, &poc_code(REASON)).await,
        ["cid"]
    );
    let (_, problem) = f
        .agent
        .problem(Method::POST, &other, Some(&poc_code(REASON)))
        .await;
    assert!(problem.detail.contains("C-7777"), "{}", problem.detail);
}
