use uuid::Uuid;

use super::*;
use crate::policy::template::Template;

const SECOND: i64 = 1_000;

fn sla() -> SlaPolicy {
    SlaPolicy {
        reply_warn_secs: 45,
        reply_breach_secs: 60,
        queue_wait_flag_secs: 30,
    }
}

fn said(seq: i64, author: Party, body: &str, at_secs: i64) -> Message {
    Message {
        id: Uuid::now_v7(),
        chat_id: Uuid::nil(),
        seq,
        author,
        author_name: "Someone".to_string(),
        body: body.to_string(),
        client_msg_id: Some(format!("m{seq}")),
        at: jiff::Timestamp::from_millisecond(at_secs * SECOND).unwrap(),
    }
}

fn facts<'a>(messages: &'a [Message], sla: &'a SlaPolicy) -> Facts<'a> {
    Facts {
        messages,
        from_ms: i64::MIN,
        verified_ms: None,
        nudged_ms: None,
        hold_starts: &[],
        escalations: &[],
        disposition_code: None,
        disposition_notes: None,
        ended_ms: messages.last().map_or(0, at_ms),
        sla,
        harmless: &[],
    }
}

#[test]
fn a_clean_chat_raises_nothing() {
    let sla = sla();
    let messages = [
        said(1, Party::Customer, "Hello, my invoice looks wrong.", 0),
        said(2, Party::Agent, "Thanks Ana, let me look at it.", 20),
        said(3, Party::Customer, "Thank you.", 30),
        said(
            4,
            Party::Agent,
            "Is there anything else I can help with?",
            50,
        ),
    ];
    let mut f = facts(&messages, &sla);
    f.verified_ms = Some(10 * SECOND);
    f.disposition_code = Some("resolved");
    f.disposition_notes = Some("Explained the invoice.");
    let flags = derive(&f);
    assert!(flags.raised().is_empty(), "{flags:?}");
    assert_eq!(flags.worst_wait_secs, 20);
    assert!(marks(&f).is_empty());
}

#[test]
fn account_talk_before_verification_is_marked_but_greetings_and_questions_are_not() {
    let sla = sla();
    let greeting = Pattern::from_template(
        &Template::parse("Hi {customer.first_name}, I'm {agent.first_name}. How can I help?")
            .unwrap(),
    );
    let verify = Pattern::from_template(
        &Template::parse("To keep your account safe, please confirm your e-mail address.").unwrap(),
    );
    let harmless = [greeting, verify];
    let messages = [
        said(1, Party::Customer, "Hi", 0),
        said(2, Party::Agent, "Hi Ana, I'm Dana. How can I help?", 2),
        said(
            3,
            Party::Agent,
            "To keep your account safe, please confirm your e-mail address.",
            4,
        ),
        said(4, Party::Agent, "Hello, your balance is fine.", 5),
        said(5, Party::Agent, "Is order 10442 the one?", 10),
        said(
            6,
            Party::Agent,
            "Anything else I can check for you today?",
            12,
        ),
        said(7, Party::Agent, "Thanks for confirming your details.", 30),
    ];
    let mut f = facts(&messages, &sla);
    f.harmless = &harmless;
    f.verified_ms = Some(20 * SECOND);
    assert!(!derive(&f).verified_before_first_reply);
    let marked: Vec<Uuid> = marks(&f).iter().map(|m| m.message_id).collect();
    assert_eq!(marked, [messages[3].id, messages[4].id]);
    // Verified before the first account-specific reply: the greeting and request are fine.
    f.verified_ms = Some(5 * SECOND);
    assert!(derive(&f).verified_before_first_reply);
    // Never verified: every account-specific message is marked; never written: nothing to flag.
    f.verified_ms = None;
    assert_eq!(marks(&f).len(), 3);
    let quiet = facts(&messages[..1], &sla);
    assert!(derive(&quiet).verified_before_first_reply);
}

#[test]
fn late_answers_and_an_unanswered_wait_at_the_end_are_breaches() {
    let sla = sla();
    let messages = [
        said(1, Party::Customer, "Are you there?", 0),
        said(2, Party::Customer, "Hello?", 30),
        said(3, Party::System, "Are you still there?", 40),
        said(4, Party::Agent, "Sorry for the wait, I am looking now.", 75),
        said(5, Party::Customer, "Fine.", 80),
        said(6, Party::Agent, "Found it, the refund went out.", 139),
        said(7, Party::Customer, "And the other one?", 150),
    ];
    let mut f = facts(&messages, &sla);
    f.ended_ms = 230 * SECOND;
    let flags = derive(&f);
    assert_eq!(flags.sla_breaches, 2);
    assert_eq!(flags.worst_wait_secs, 80);
    let breaches: Vec<(Uuid, String)> = marks(&f)
        .into_iter()
        .filter(|m| m.flag == ReviewFlag::SlaBreach)
        .map(|m| (m.message_id, m.note))
        .collect();
    assert_eq!(
        breaches[0],
        (messages[3].id, "Answered after 75 s.".to_string())
    );
    assert_eq!(breaches[1].0, messages[6].id);
}

#[test]
fn nudges_cards_and_etiquette_are_counted_and_marked() {
    let sla = sla();
    let mut nudge = said(3, Party::System, "Are you still there, Ana?", 20);
    nudge.client_msg_id = Some(format!("{NUDGE_MESSAGE_PREFIX}123"));
    let messages = [
        said(1, Party::Customer, "My card is 411111******1111", 0),
        said(2, Party::Agent, "OK", 10),
        nudge,
        said(4, Party::Agent, "PLEASE DO NOT SEND CARD NUMBERS", 30),
    ];
    let f = facts(&messages, &sla);
    let flags = derive(&f);
    assert_eq!(flags.nudges, 1);
    assert_eq!(flags.masked_cards, 1);
    assert_eq!(flags.etiquette_overrides, 2);
    let kinds: Vec<ReviewFlag> = marks(&f)
        .iter()
        .filter(|m| m.flag != ReviewFlag::Unverified)
        .map(|m| m.flag)
        .collect();
    assert_eq!(
        kinds,
        [
            ReviewFlag::Card,
            ReviewFlag::EtiquetteOverride,
            ReviewFlag::Nudged,
            ReviewFlag::EtiquetteOverride
        ]
    );
}

#[test]
fn a_hold_counts_as_asked_only_after_a_question_about_it() {
    let sla = sla();
    let messages = [
        said(1, Party::Customer, "Can you check my order?", 0),
        said(2, Party::Agent, "May I put you on hold for a moment?", 10),
        said(3, Party::Customer, "Sure", 15),
        said(4, Party::Agent, "I'm back. One more check.", 80),
    ];
    let mut f = facts(&messages, &sla);
    let starts = [20 * SECOND, 90 * SECOND];
    f.hold_starts = &starts;
    f.ended_ms = 120 * SECOND;
    let flags = derive(&f);
    assert_eq!(flags.holds, 2);
    assert_eq!(flags.holds_without_asking, 1);
    assert!(flags.raises(ReviewFlag::HoldWithoutPermission));
}

#[test]
fn escalations_and_a_missing_disposition_are_flags() {
    let sla = sla();
    let mut f = facts(&[], &sla);
    let states = [EscalationState::Answered];
    f.escalations = &states;
    let flags = derive(&f);
    assert_eq!(
        flags.raised(),
        [ReviewFlag::Escalated, ReviewFlag::NoDisposition]
    );
    assert!(!flags.notes_recorded);
}

#[test]
fn flag_names_round_trip() {
    for flag in ReviewFlag::ALL {
        assert_eq!(ReviewFlag::parse(flag.as_str()), Some(flag));
        let json = serde_json::to_string(&flag).unwrap();
        assert_eq!(json, format!("\"{}\"", flag.as_str()));
    }
}

#[test]
fn holdings_run_from_each_hand_over_to_the_next_and_merge_the_same_person() {
    let given = [("lee", 300), ("dana", 10), ("dana", 50), ("eli", 900)];
    assert_eq!(
        holdings(&given, 1_000),
        [
            Holding {
                agent: "dana",
                from_ms: 10,
                to_ms: 299
            },
            Holding {
                agent: "lee",
                from_ms: 300,
                to_ms: 899
            },
            Holding {
                agent: "eli",
                from_ms: 900,
                to_ms: 1_000
            },
        ]
    );
}

#[test]
fn each_part_answers_for_its_own_messages_and_waits() {
    let sla = sla();
    // Dana (0–99 s) speaks of the account unverified and leaves Ana waiting 90 s; Lee takes
    // over at 100 s, verifies her, answers 5 s later, then lets her wait 70 s.
    let messages = [
        said(1, Party::Customer, "Hi, my invoice is wrong.", 0),
        said(2, Party::Agent, "Your balance is $120.50.", 5),
        said(3, Party::Customer, "Why?", 10),
        said(4, Party::Agent, "Let me look at this for you.", 105),
        said(5, Party::Customer, "Thanks, and the refund?", 110),
        said(6, Party::Agent, "Thanks for waiting, I am on it.", 180),
    ];
    let mut whole = facts(&messages, &sla);
    // Lee verified the customer as he took over.
    whole.verified_ms = Some(101 * SECOND);
    let mut dana = whole;
    dana.from_ms = 0;
    dana.ended_ms = 100 * SECOND - 1;
    let mut lee = whole;
    lee.from_ms = 100 * SECOND;
    lee.ended_ms = 200 * SECOND;
    let (d, l) = (derive(&dana), derive(&lee));
    assert!(!d.verified_before_first_reply, "{d:?}");
    assert!(
        l.verified_before_first_reply,
        "Dana's message is not Lee's: {l:?}"
    );
    // Dana: the wait from 10 s ran to the hand-over (89 s), a breach.
    assert_eq!((d.sla_breaches, d.worst_wait_secs), (1, 89));
    // Lee: waited on from 100 s (5 s), then 70 s: a breach of his own.
    assert_eq!((l.sla_breaches, l.worst_wait_secs), (1, 70));
    // The whole chat has both.
    assert_eq!(derive(&whole).sla_breaches, 2);
    let lee_marks: Vec<i64> = marks(&lee)
        .iter()
        .map(|m| messages.iter().find(|x| x.id == m.message_id).unwrap().seq)
        .collect();
    assert_eq!(
        lee_marks,
        [6],
        "only Lee's late answer is marked in his part"
    );
}

#[test]
fn a_part_answers_for_the_escalations_raised_while_it_held_the_chat() {
    use EscalationState::{Answered, Claimed, Open};
    // Raised at 10 s and 40 s by the first holder (to 59 s), at 70 s by the second, and at
    // 130 s, after the chat ended at 120 s, before its wrap-up.
    let raised = [
        (10 * SECOND, Answered),
        (40 * SECOND, Claimed),
        (70 * SECOND, Open),
        (130 * SECOND, Open),
    ];
    let [first, second] = holdings(&[("dana", 0), ("lee", 60 * SECOND)], 120 * SECOND)[..] else {
        panic!("two holdings");
    };
    assert_eq!(
        raised_in(&raised, first.from_ms, first.to_ms, false),
        [Answered, Claimed]
    );
    assert_eq!(
        raised_in(&raised, second.from_ms, second.to_ms, true),
        [Open, Open],
        "the last part runs on past the end"
    );
    assert_eq!(
        raised_in(&raised, second.from_ms, second.to_ms, false),
        [Open]
    );
}
