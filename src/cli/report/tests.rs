use super::*;
use crate::protocol::{ChatState, Presence, Role};

fn agent(name: &str) -> AgentRow {
    AgentRow {
        id: Uuid::now_v7(),
        name: name.to_string(),
        display_name: format!("{name} (Acme Devices)"),
        role: Role::Agent,
        queues: vec!["billing".to_string()],
        token_hash: crate::server::store::TokenHash::default(),
        presence: Presence::Offline,
        presence_ms: 0,
        idle_since_ms: 0,
        created_ms: 0,
    }
}

/// A chat accepted at 10 s, ended at 600 s.
fn chat(agent: &AgentRow, verified: bool) -> ChatRow {
    ChatRow {
        id: Uuid::now_v7(),
        token_hash: crate::server::store::TokenHash::default(),
        queue: "billing".to_string(),
        state: ChatState::Ended,
        customer_name: "Ana Lima".to_string(),
        customer_email: "ana.lima@example.com".to_string(),
        client_id: None,
        agent_id: Some(agent.id),
        created_ms: 0,
        queued_ms: 0,
        accepted_ms: Some(10_000),
        ended_ms: Some(600_000),
        ended_by: Some(Party::Customer),
        transfer_note: None,
        disposition_code: None,
        disposition_notes: None,
        transferred_from: None,
        transferred_ms: None,
        verification: Vec::new(),
        verified_ms: verified.then_some(100_000),
        hold_since_ms: None,
        nudged_ms: None,
        last_agent_ms: None,
        last_customer_ms: None,
        disposition_tags: Vec::new(),
    }
}

fn said(chat: &ChatRow, author: Party, at_secs: i64) -> MessageTime {
    MessageTime {
        chat_id: chat.id,
        author,
        agent_id: (author == Party::Agent).then_some(chat.agent_id).flatten(),
        at_ms: at_secs * 1000,
    }
}

#[test]
fn figures_count_first_replies_breaches_verification_and_scores() {
    let dana = agent("dana");
    let eli = agent("eli");
    let quiet = agent("fay");
    let quick = chat(&dana, true);
    let slow = chat(&dana, false);
    let eli_chat = chat(&eli, true);
    let messages = vec![
        // First reply 5 s after accept; the wait opened at 12 s is answered at 15 s.
        said(&quick, Party::Customer, 12),
        said(&quick, Party::Agent, 15),
        // A wait of 90 s: a breach of the 60 s SLA.
        said(&quick, Party::Customer, 20),
        said(&quick, Party::Customer, 30),
        said(&quick, Party::System, 60),
        said(&quick, Party::Agent, 110),
        // First reply 40 s after accept, within the SLA; the last wait never answered.
        said(&slow, Party::Customer, 5),
        said(&slow, Party::Agent, 50),
        said(&slow, Party::Customer, 70),
    ];
    let scores = vec![(dana.id, 4), (dana.id, 5), (eli.id, 3)];
    let rows = figures(
        &[dana.clone(), eli.clone(), quiet.clone()],
        &[quick, slow, eli_chat],
        &messages,
        &[],
        &scores,
        &crate::policy::sla::SlaPolicy {
            reply_warn_secs: 45,
            reply_breach_secs: 60,
            queue_wait_flag_secs: 30,
        },
    );
    assert_eq!(rows.len(), 3);
    let d = &rows[0];
    assert_eq!((d.agent.as_str(), d.chats_handled), ("dana", 2));
    assert_eq!(d.first_reply_median_secs, Some(5.0));
    assert_eq!(d.first_reply_p90_secs, Some(40.0));
    // Waits: 12→15, 20→110 (breach), 10 (accept)→50, and 70 never answered until the end at
    // 600 (a breach, as the review counts it).
    assert_eq!(d.sla_breach_rate, Some(0.5));
    assert_eq!(d.verification_rate, Some(0.5));
    assert_eq!(d.review_score_avg, Some(4.5));
    let e = &rows[1];
    assert_eq!(e.chats_handled, 1);
    assert_eq!(e.first_reply_median_secs, None);
    assert_eq!(e.sla_breach_rate, None);
    assert_eq!(e.verification_rate, Some(1.0));
    assert_eq!(e.review_score_avg, Some(3.0));
    let f = &rows[2];
    assert_eq!(f.chats_handled, 0);
    assert_eq!(f.verification_rate, None);
}

#[test]
fn percentiles_are_nearest_rank() {
    let values: Vec<i64> = (1..=10).collect();
    assert_eq!(percentile(&values, 0.5), Some(5));
    assert_eq!(percentile(&values, 0.9), Some(9));
    assert_eq!(percentile(&[7], 0.9), Some(7));
    assert_eq!(percentile(&[], 0.5), None);
}

#[test]
fn csv_has_a_header_and_quotes_what_needs_it() {
    let row = AgentFigures {
        agent: "dana".to_string(),
        display_name: "Reyes, \"Dana\"".to_string(),
        chats_handled: 2,
        first_reply_median_secs: Some(5.0),
        first_reply_p90_secs: Some(40.5),
        sla_breach_rate: Some(0.25),
        verification_rate: None,
        review_score_avg: None,
    };
    assert_eq!(
        csv(&[row]),
        "agent,display_name,chats_handled,first_reply_median_secs,first_reply_p90_secs,\
         sla_breach_rate,verification_rate,review_score_avg\r\n\
         dana,\"Reyes, \"\"Dana\"\"\",2,5,40.5,0.25,,\r\n"
    );
}

#[test]
fn dates_are_checked_and_the_period_covers_whole_local_days() {
    assert!(parse_date("--from", "2026-02-30").is_err());
    assert!(parse_date("--from", "yesterday").is_err());
    let from = parse_date("--from", "2026-03-01").unwrap();
    let to = parse_date("--to", "2026-03-02").unwrap();
    let (start, end) = period_ms(from, to, &TimeZone::UTC).unwrap();
    assert_eq!(end - start + 1, 2 * 24 * 3600 * 1000);
    assert!(period_ms(to, from, &TimeZone::UTC).is_err());
}

#[test]
fn a_chat_handed_back_to_its_agent_counts_once_for_them_as_in_their_reviews() {
    let dana = agent("dana");
    let eli = agent("eli");
    // Dana from 10 s, Eli from 200 s, Dana again from 400 s until the end at 600 s.
    let chat = chat(&dana, false);
    let parts = [
        (chat.id, dana.id, 10_000),
        (chat.id, eli.id, 200_000),
        (chat.id, dana.id, 400_000),
    ];
    let mut answer = said(&chat, Party::Agent, 20);
    answer.agent_id = Some(dana.id);
    let rows = figures(
        &[dana.clone(), eli.clone()],
        &[chat],
        &[answer],
        &parts,
        &[],
        &crate::policy::sla::SlaPolicy {
            reply_warn_secs: 45,
            reply_breach_secs: 60,
            queue_wait_flag_secs: 30,
        },
    );
    assert_eq!((rows[0].agent.as_str(), rows[0].chats_handled), ("dana", 1));
    assert_eq!(rows[0].verification_rate, Some(0.0));
    assert_eq!((rows[1].agent.as_str(), rows[1].chats_handled), ("eli", 1));
}

#[test]
fn a_chat_verified_after_it_was_taken_over_counts_as_verified_for_the_lead_only() {
    let dana = agent("dana");
    let lee = agent("lee");
    let sla = crate::policy::sla::SlaPolicy {
        reply_warn_secs: 45,
        reply_breach_secs: 60,
        queue_wait_flag_secs: 30,
    };
    // Dana from 10 s, Lee from 200 s to the end at 600 s.
    let rate = |verified_ms: i64| {
        let mut chat = chat(&dana, true);
        chat.verified_ms = Some(verified_ms);
        let parts = [(chat.id, dana.id, 10_000), (chat.id, lee.id, 200_000)];
        let rows = figures(
            &[dana.clone(), lee.clone()],
            &[chat],
            &[],
            &parts,
            &[],
            &sla,
        );
        (rows[0].verification_rate, rows[1].verification_rate)
    };
    assert_eq!(rate(300_000), (Some(0.0), Some(1.0)), "Lee verified it");
    assert_eq!(
        rate(100_000),
        (Some(1.0), Some(1.0)),
        "Dana verified it first"
    );
    assert_eq!(
        rate(650_000),
        (Some(0.0), Some(1.0)),
        "ticked by Lee in the wrap-up"
    );
}
