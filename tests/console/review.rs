//! The missed-chat list and the review view, as pure updates and screens.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Overlay, update};
use chatdesk::protocol::{
    FollowUpAction, Message, MissedChat, MissedReason, NewFollowUp, NewScore, Party, Review,
    ReviewDetail, ReviewFlag, ReviewFlags, ReviewMark, ReviewQuery, Role,
};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

use crate::fixture::{ago, message, render, state};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn alt(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
}

fn typed(state: &mut chatdesk::console::app::State, text: &str) {
    for c in text.chars() {
        update(state, key(KeyCode::Char(c)));
    }
}

pub fn missed(n: u128, name: &str, secs_ago: i64) -> MissedChat {
    MissedChat {
        id: Uuid::from_u128(n),
        chat_id: Uuid::from_u128(100 + n),
        customer_name: name.into(),
        customer_email: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
        client_id: None,
        queue: "billing".into(),
        queue_name: "Billing".into(),
        first_message: Some("Is anyone there?".into()),
        waited_secs: 95,
        why: MissedReason::CustomerLeftQueue,
        created_at: ago(secs_ago),
        claimed_by: None,
        claimed_by_name: None,
        claimed_at: None,
        followed_up_at: None,
        follow_up_action: None,
        follow_up_note: None,
    }
}

#[test]
fn the_missed_list_counts_in_the_header_claims_and_records_the_follow_up() {
    let mut state = state(Vec::new(), Vec::new(), Vec::new());
    update(
        &mut state,
        Action::Missed(vec![missed(1, "Ana Lima", 300), missed(2, "Bo Chen", 7200)]),
    );
    assert_eq!(update(&mut state, alt('m')), [Command::RefreshMissed]);
    let screen = render(&state, 120, 30);
    insta::assert_snapshot!("missed_list", screen);
    assert!(screen.contains("missed 2"), "{screen}");
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::ClaimMissed(Uuid::from_u128(1))]
    );
    update(&mut state, key(KeyCode::Right));
    // No note: nothing is recorded.
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    typed(&mut state, "Called back; the refund is on its way");
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::FollowUpMissed {
            id: Uuid::from_u128(1),
            follow_up: NewFollowUp {
                action: FollowUpAction::Called,
                note: "Called back; the refund is on its way".into()
            }
        }]
    );
}

pub fn review(chat: Uuid) -> Review {
    Review {
        chat_id: chat,
        agent_id: Uuid::from_u128(1),
        agent_name: "Dana Reyes".into(),
        customer_name: "Ana Lima".into(),
        ended_at: ago(600),
        disposition: Some("resolved".into()),
        flags: ReviewFlags {
            verified_before_first_reply: false,
            sla_breaches: 1,
            worst_wait_secs: 75,
            etiquette_overrides: 1,
            disposition_recorded: true,
            notes_recorded: true,
            ..ReviewFlags::default()
        },
        score: None,
        comment: None,
        scored_by_name: None,
        scored_at: None,
        parts: Vec::new(),
    }
}

#[test]
fn a_lead_opens_a_review_with_its_flags_marked_and_scores_it() {
    let mut state = state(Vec::new(), Vec::new(), Vec::new());
    state.me.role = Role::Lead;
    state.monitor.open = false;
    let chat = Uuid::from_u128(7);
    let commands = update(&mut state, alt('r'));
    assert!(matches!(commands.as_slice(), [Command::FetchReviews(_)]));
    update(
        &mut state,
        Action::Reviews {
            filters: ReviewQuery::default(),
            list: vec![review(chat)],
        },
    );
    // Filtering by a flag asks again.
    let commands = update(&mut state, key(KeyCode::Right));
    let [Command::FetchReviews(query)] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    assert_eq!(query.flag, Some(ReviewFlag::Unverified));
    update(
        &mut state,
        Action::Reviews {
            filters: query.clone(),
            list: vec![review(chat)],
        },
    );
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::OpenReview(chat)]
    );
    let messages: Vec<Message> = vec![
        message(
            chat,
            1,
            Party::Customer,
            "Hi, my invoice is wrong",
            ago(900),
        ),
        message(chat, 2, Party::Agent, "OK", ago(820)),
    ];
    let marks = vec![ReviewMark {
        message_id: messages[1].id,
        flag: ReviewFlag::EtiquetteOverride,
        note: "sent past a curt-reply warning".into(),
    }];
    update(
        &mut state,
        Action::ReviewOpened(Box::new(ReviewDetail {
            review: review(chat),
            messages,
            marks,
        })),
    );
    let screen = render(&state, 120, 30);
    insta::assert_snapshot!("review_view", screen);
    assert!(
        screen.contains("⚑ etiquette: sent past a curt-reply warning"),
        "{screen}"
    );
    typed(&mut state, "4Friendly, but verify first");
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::Score {
            chat,
            score: NewScore {
                score: 4,
                comment: Some("Friendly, but verify first".into())
            }
        }]
    );
    // Esc goes back to the list, then closes.
    update(&mut state, key(KeyCode::Esc));
    assert!(matches!(state.overlay, Overlay::Reviews(_)));
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.overlay, Overlay::None);
}

#[test]
fn long_lists_keep_the_selection_on_screen_and_say_where_they_are() {
    let mut state = state(Vec::new(), Vec::new(), Vec::new());
    state.me.role = Role::Lead;
    state.monitor.open = false;
    update(&mut state, alt('r'));
    let list: Vec<Review> = (0..40)
        .map(|n| {
            let mut one = review(Uuid::from_u128(1000 + n));
            one.customer_name = format!("Customer {:02}", n + 1);
            one
        })
        .collect();
    update(
        &mut state,
        Action::Reviews {
            filters: ReviewQuery::default(),
            list,
        },
    );
    for _ in 0..35 {
        update(&mut state, key(KeyCode::Down));
    }
    let screen = render(&state, 120, 24);
    assert!(screen.contains("Customer 36"), "{screen}");
    assert!(!screen.contains("Customer 01"), "{screen}");
    assert!(screen.contains("of 40"), "{screen}");
    // Enter opens the one on screen, not one scrolled away.
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::OpenReview(Uuid::from_u128(1035))]
    );

    let mut state = crate::fixture::state(Vec::new(), Vec::new(), Vec::new());
    let many: Vec<MissedChat> = (1..=20)
        .map(|n| missed(n, &format!("Missed {n:02}"), 60 * i64::try_from(n).unwrap()))
        .collect();
    update(&mut state, Action::Missed(many));
    update(&mut state, alt('m'));
    for _ in 0..19 {
        update(&mut state, key(KeyCode::Down));
    }
    let screen = render(&state, 120, 24);
    assert!(screen.contains("Missed 20"), "{screen}");
    assert!(!screen.contains("Missed 01"), "{screen}");
    assert!(screen.contains("of 20"), "{screen}");
}
