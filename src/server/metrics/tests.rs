use super::*;
use crate::server::store::Audience;

fn sla() -> SlaPolicy {
    SlaPolicy {
        reply_warn_secs: 0,
        reply_breach_secs: 0,
        queue_wait_flag_secs: 3600,
    }
}

fn event(kind: &str, chat: Uuid, json: serde_json::Value) -> EventRecord {
    EventRecord {
        seq: 1,
        chat_id: Some(chat),
        audience: Audience::customer(),
        kind: kind.to_string(),
        json: json.to_string(),
    }
}

fn message(chat: Uuid, author: &str) -> EventRecord {
    event(
        "message.created",
        chat,
        // A body that quotes the key itself does not change who wrote it.
        serde_json::json!({"type": "message.created", "message": {
            "author": author, "body": r#"it said "author":"agent" and {"author":"customer"}"#
        }}),
    )
}

fn line<'p>(page: &'p str, start: &str) -> &'p str {
    page.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no {start} in\n{page}"))
}

#[test]
fn the_author_is_read_from_the_key_not_from_the_body() {
    for who in ["customer", "agent", "system"] {
        let record = message(Uuid::new_v4(), who);
        let expected: Party = serde_json::from_value(serde_json::json!(who)).unwrap();
        assert_eq!(author(&record.json), Some(expected));
    }
}

#[test]
fn a_reply_after_the_sla_is_one_breach_and_only_the_first_reply_counts() {
    let metrics = Metrics::new(sla());
    let chat = Uuid::new_v4();
    metrics.observe(&[
        message(chat, "customer"),
        message(chat, "customer"),
        message(chat, "agent"),
        message(chat, "agent"),
        message(chat, "system"),
    ]);
    let page = metrics.render(&floor::Figures::default());
    assert_eq!(
        line(&page, "chatdesk_sla_breaches_total{kind=\"reply\"}"),
        "chatdesk_sla_breaches_total{kind=\"reply\"} 1"
    );
    assert_eq!(
        line(&page, "chatdesk_messages_stored_total"),
        "chatdesk_messages_stored_total 5"
    );
    assert!(page.ends_with("# EOF\n"));
    assert_eq!(page.matches("# EOF").count(), 1);
}

#[test]
fn waits_are_forgotten_when_a_chat_ends_and_queue_waits_under_the_flag_do_not_count() {
    let metrics = Metrics::new(sla());
    let chat = Uuid::new_v4();
    metrics.observe(&[
        message(chat, "customer"),
        event("chat.ended", chat, serde_json::json!({})),
        message(chat, "agent"),
        event("queue.entered", chat, serde_json::json!({})),
        event("queue.left", chat, serde_json::json!({})),
    ]);
    assert!(metrics.waits.lock().unwrap().reply.is_empty());
    assert!(metrics.waits.lock().unwrap().queue.is_empty());
    let page = metrics.render(&floor::Figures::default());
    assert!(page.contains("chatdesk_sla_breaches_total{kind=\"reply\"} 0"));
    assert!(page.contains("chatdesk_sla_breaches_total{kind=\"queue_wait\"} 0"));
}

#[test]
fn expired_offers_and_new_missed_chats_are_counted_once() {
    let metrics = Metrics::new(sla());
    let chat = Uuid::new_v4();
    let missed = |claimed: bool| {
        serde_json::json!({"missed": {
            "id": Uuid::nil(), "chat_id": chat, "customer_name": "Ana", "customer_email":
            "ana@example.com", "client_id": null, "queue": "billing", "queue_name": "Billing",
            "first_message": null, "waited_secs": 40, "why": "timed_out",
            "created_at": "2026-12-01T10:00:00Z",
            "claimed_by": if claimed { serde_json::json!(Uuid::nil()) } else { serde_json::Value::Null },
            "claimed_by_name": null,
            "claimed_at": if claimed { serde_json::json!("2026-12-01T10:05:00Z") } else { serde_json::Value::Null },
            "followed_up_at": null, "follow_up_action": null, "follow_up_note": null
        }})
    };
    metrics.observe(&[
        event(
            "offer.ended",
            chat,
            serde_json::json!({"reason": "expired"}),
        ),
        event(
            "offer.ended",
            chat,
            serde_json::json!({"reason": "declined"}),
        ),
        event("missed.updated", chat, missed(false)),
        event("missed.updated", chat, missed(true)),
    ]);
    let page = metrics.render(&floor::Figures::default());
    assert_eq!(
        line(&page, "chatdesk_offers_expired_total"),
        "chatdesk_offers_expired_total 1"
    );
    assert_eq!(
        line(&page, "chatdesk_missed_chats_total"),
        "chatdesk_missed_chats_total{why=\"timed_out\"} 1"
    );
}
