//! Chat reviews against a real backend: the flags read from scripted chats, the marks at the
//! messages, scoring by leads only, what agents may see, the filters, and a restart.

use crate::common;

use std::time::Duration;

use chatdesk::protocol::{
    CheckChange, Message, NewScore, Review, ReviewDetail, ReviewFlag, WrapUp,
};
use common::{Backend, Client};
use reqwest::{Method, StatusCode};
use uuid::Uuid;

/// A reply one second or more after the customer wrote breaches the SLA.
const STRICT_SLA: &str = "[sla]\nreply_warn_secs = 1\nreply_breach_secs = 1\n";

const CHECKS: [&str; 3] = ["name", "email-or-client-id", "account-detail"];

async fn say(client: &Client, chat: Uuid, body: &str) -> Message {
    let id = Uuid::now_v7().to_string();
    let (status, message) = client.send(chat, body, &id).await;
    assert!(status.is_success(), "{body}: {status}");
    message
}

async fn verify(agent: &Client, chat: Uuid) {
    for check in CHECKS {
        let change = CheckChange {
            check: check.to_string(),
            done: true,
        };
        let path = format!("/api/v1/chats/{chat}/verification");
        let _: serde_json::Value = agent.ok(Method::PUT, &path, Some(&change)).await;
    }
}

async fn wrap_up(agent: &Client, chat: Uuid, code: &str) {
    let wrap = WrapUp {
        code: code.to_string(),
        notes: "Explained the charge on the last invoice.".to_string(),
        tags: Vec::new(),
        commitment: None,
        ticket: None,
    };
    let path = format!("/api/v1/chats/{chat}/disposition");
    let _: serde_json::Value = agent.ok(Method::PUT, &path, Some(&wrap)).await;
}

async fn detail(client: &Client, chat: Uuid) -> ReviewDetail {
    client
        .ok(Method::GET, &format!("/api/v1/reviews/{chat}"), None::<&()>)
        .await
}

async fn list(client: &Client, query: &str) -> Vec<Uuid> {
    let reviews: Vec<Review> = client
        .ok(Method::GET, &format!("/api/v1/reviews{query}"), None::<&()>)
        .await;
    let mut ids: Vec<Uuid> = reviews.iter().map(|r| r.chat_id).collect();
    ids.sort();
    ids
}

fn sorted(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort();
    ids
}

fn marked(detail: &ReviewDetail, flag: ReviewFlag) -> Vec<Uuid> {
    detail
        .marks
        .iter()
        .filter(|m| m.flag == flag)
        .map(|m| m.message_id)
        .collect()
}

/// Three scripted chats: Dana's clean one, Sam's greeting then late and unverified reply,
/// Dana's curt "OK".
struct Scripted {
    backend: Backend,
    dana: Client,
    sam: Client,
    lee: Client,
    clean: Uuid,
    late: Uuid,
    late_reply: Message,
    curt: Uuid,
    curt_reply: Message,
}

async fn scripted() -> Scripted {
    let backend = Backend::start(Some(STRICT_SLA));
    let dana = backend.agent("dana", "billing");
    let sam = backend.agent("sam", "billing");
    let lee = backend.person("lee", "lead", "billing");

    let (clean, ana) = backend.customer("Ana Lima", "billing").await;
    dana.pick_up(clean.id).await;
    verify(&dana, clean.id).await;
    say(&ana, clean.id, "Hello, my invoice looks wrong.").await;
    say(&dana, clean.id, "Thanks Ana, I can see the invoice now.").await;
    say(&dana, clean.id, "Is there anything else I can help with?").await;
    let _: serde_json::Value = dana.end(clean.id).await;
    wrap_up(&dana, clean.id, "resolved").await;

    let (late, ben) = backend.customer("Ben Ortiz", "billing").await;
    sam.pick_up(late.id).await;
    // The built-in greeting, filled in: it says nothing about the account, so sending it
    // before verification is fine.
    say(
        &sam,
        late.id,
        "Hi Ben, thanks for contacting Acme Devices Billing support. I'm Sam, and I'll be \
         looking after you today. How can I help?",
    )
    .await;
    say(&ben, late.id, "Is anyone there?").await;
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let late_reply = say(&sam, late.id, "Sorry for the wait, Ben, looking now.").await;
    let _: serde_json::Value = sam.end(late.id).await;

    let (curt, cleo) = backend.customer("Cleo Park", "billing").await;
    dana.pick_up(curt.id).await;
    say(&cleo, curt.id, "Can you refund me?").await;
    let curt_reply = say(&dana, curt.id, "OK").await;
    let _: serde_json::Value = dana.end(curt.id).await;
    wrap_up(&dana, curt.id, "follow-up").await;

    Scripted {
        backend,
        dana,
        sam,
        lee,
        clean: clean.id,
        late: late.id,
        late_reply,
        curt: curt.id,
        curt_reply,
    }
}

#[tokio::test]
async fn flags_and_marks_follow_what_happened() {
    let s = scripted().await;

    let clean = detail(&s.lee, s.clean).await;
    let flags = &clean.review.flags;
    assert!(flags.raised().is_empty(), "{flags:?}");
    assert!(flags.verified_before_first_reply && flags.notes_recorded);
    assert_eq!(clean.review.disposition.as_deref(), Some("resolved"));
    assert_eq!(clean.review.agent_name, "dana");
    assert_eq!(clean.review.customer_name, "Ana Lima");
    assert_eq!(clean.messages.len(), 3);
    assert!(clean.marks.is_empty());

    let late = detail(&s.lee, s.late).await;
    let flags = &late.review.flags;
    assert_eq!(flags.sla_breaches, 1);
    assert!(flags.worst_wait_secs >= 1);
    assert!(!flags.verified_before_first_reply);
    // Ended without a wrap-up: reviewed all the same, with no disposition.
    assert_eq!(late.review.disposition, None);
    assert_eq!(
        flags.raised(),
        [
            ReviewFlag::Unverified,
            ReviewFlag::SlaBreach,
            ReviewFlag::NoDisposition
        ]
    );
    assert_eq!(marked(&late, ReviewFlag::SlaBreach), [s.late_reply.id]);
    assert_eq!(marked(&late, ReviewFlag::Unverified), [s.late_reply.id]);

    let curt = detail(&s.lee, s.curt).await;
    let flags = &curt.review.flags;
    assert_eq!(flags.etiquette_overrides, 1);
    assert_eq!(flags.sla_breaches, 0);
    assert_eq!(
        flags.raised(),
        [ReviewFlag::Unverified, ReviewFlag::EtiquetteOverride]
    );
    assert_eq!(
        marked(&curt, ReviewFlag::EtiquetteOverride),
        [s.curt_reply.id]
    );
}

#[tokio::test]
async fn leads_score_agents_cannot_and_agents_see_their_own() {
    let s = scripted().await;
    let path = format!("/api/v1/reviews/{}/score", s.clean);
    for refused in [0, 6] {
        let score = NewScore {
            score: refused,
            comment: None,
        };
        let (status, _) = s.lee.problem(Method::PUT, &path, Some(&score)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "score {refused}");
    }
    let score = NewScore {
        score: 5,
        comment: Some("Verified first and closed well.".to_string()),
    };
    let (status, _) = s.dana.problem(Method::PUT, &path, Some(&score)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for given in 1..=5 {
        let review: Review = s
            .lee
            .ok(
                Method::PUT,
                &path,
                Some(&NewScore {
                    score: given,
                    ..score.clone()
                }),
            )
            .await;
        assert_eq!(review.score, Some(given));
        assert_eq!(review.scored_by_name.as_deref(), Some("lee"));
        assert_eq!(review.comment, score.comment);
    }

    assert_eq!(list(&s.dana, "").await, sorted(vec![s.clean, s.curt]));
    assert_eq!(list(&s.sam, "").await, [s.late]);
    assert!(list(&s.sam, "?agent=dana").await.is_empty());
    let (status, _) = s
        .sam
        .problem(
            Method::GET,
            &format!("/api/v1/reviews/{}", s.clean),
            None::<&()>,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = s
        .backend
        .anonymous()
        .problem(Method::GET, "/api/v1/reviews", None::<&()>)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn filters_narrow_the_list_and_reviews_survive_a_restart() {
    let mut s = scripted().await;
    let all = sorted(vec![s.clean, s.late, s.curt]);
    assert_eq!(list(&s.lee, "").await, all);
    assert_eq!(list(&s.lee, "?agent=sam").await, [s.late]);
    assert_eq!(list(&s.lee, "?flag=sla_breach").await, [s.late]);
    assert_eq!(list(&s.lee, "?flag=etiquette_override").await, [s.curt]);
    assert_eq!(list(&s.lee, "?flag=no_disposition").await, [s.late]);
    assert_eq!(list(&s.lee, "?flag=unverified&agent=dana").await, [s.curt]);
    assert_eq!(list(&s.lee, "?disposition=resolved").await, [s.clean]);
    let today = jiff::Zoned::now().date();
    let tomorrow = today.tomorrow().unwrap();
    let yesterday = today.yesterday().unwrap();
    assert_eq!(
        list(&s.lee, &format!("?from={today}&to={today}")).await,
        all
    );
    assert!(list(&s.lee, &format!("?from={tomorrow}")).await.is_empty());
    assert!(list(&s.lee, &format!("?to={yesterday}")).await.is_empty());
    for bad in ["?from=yesterday", "?agent=nobody"] {
        let path = format!("/api/v1/reviews{bad}");
        let (status, _) = s.lee.problem(Method::GET, &path, None::<&()>).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let (status, _) = s
        .lee
        .problem(Method::GET, "/api/v1/reviews?flag=rude", None::<&()>)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let path = format!("/api/v1/reviews/{}/score", s.late);
    let score = NewScore {
        score: 2,
        comment: Some("Answer within the minute.".to_string()),
    };
    let _: Review = s.lee.ok(Method::PUT, &path, Some(&score)).await;
    let before = detail(&s.lee, s.late).await;

    s.backend.restart();
    let lee = Client::new(&s.backend.base, &s.lee.token);
    let after = detail(&lee, s.late).await;
    assert_eq!(after, before);
    assert_eq!(after.review.score, Some(2));
    assert_eq!(list(&lee, "").await, all);
}
