//! The review list's filters: the form, what it asks the backend for, what it refuses to send,
//! and the list showing the filters in force.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Overlay, State, update};
use chatdesk::console::rooms::reviews::FilterField;
use chatdesk::protocol::{DispositionCodeInfo, ReviewFlag, ReviewQuery, Role};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

use crate::fixture::{render, state};
use crate::review::review;

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, key(KeyCode::Char(c)));
    }
}

/// The review list open and fetched, unfiltered, for a lead or an agent.
fn reviews_open(role: Role) -> State {
    let mut state = state(Vec::new(), Vec::new(), Vec::new());
    state.me.role = role;
    state.monitor.open = false;
    state.dispositions = ["resolved", "refund", "no-answer"]
        .into_iter()
        .map(|code| DispositionCodeInfo {
            code: code.into(),
            name: code.into(),
            description: String::new(),
        })
        .collect();
    let alt_r = Action::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::ALT));
    assert_eq!(
        update(&mut state, alt_r),
        [Command::FetchReviews(ReviewQuery::default())]
    );
    update(
        &mut state,
        Action::Reviews {
            filters: ReviewQuery::default(),
            list: vec![review(Uuid::from_u128(7)), review(Uuid::from_u128(8))],
        },
    );
    state
}

fn form_error(state: &State) -> Option<(FilterField, String)> {
    match &state.overlay {
        Overlay::Reviews(view) => view.form.as_ref().and_then(|f| f.error.clone()),
        _ => None,
    }
}

fn filters(state: &State) -> ReviewQuery {
    match &state.overlay {
        Overlay::Reviews(view) => view.filters.clone(),
        other => panic!("not the review list: {other:?}"),
    }
}

/// What a lead fills in below: dana's chats from 1 November to today, resolved, with an SLA
/// breach.
fn danas_breaches() -> ReviewQuery {
    ReviewQuery {
        agent: Some("dana".into()),
        from: Some("2026-11-01".into()),
        to: Some("2026-11-23".into()),
        disposition: Some("resolved".into()),
        flag: Some(ReviewFlag::SlaBreach),
    }
}

#[test]
fn a_lead_filters_by_agent_days_disposition_and_flag_and_the_list_is_fetched_with_them() {
    let mut state = reviews_open(Role::Lead);
    assert!(update(&mut state, key(KeyCode::Char('f'))).is_empty());
    typed(&mut state, "dana");
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "2026-11-01");
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "today");
    update(&mut state, key(KeyCode::Tab));
    // Right goes through the team's disposition codes.
    update(&mut state, key(KeyCode::Right));
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Right));
    update(&mut state, key(KeyCode::Right));
    let screen = render(&state, 120, 30);
    insta::assert_snapshot!("filter_form", screen);
    assert!(screen.contains("◂ SLA breach ▸"), "{screen}");
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::FetchReviews(danas_breaches())]
    );
    assert_eq!(filters(&state), danas_breaches());

    // An answer to the filters asked before is dropped; the one for these is shown.
    update(
        &mut state,
        Action::Reviews {
            filters: ReviewQuery::default(),
            list: vec![review(Uuid::from_u128(7)), review(Uuid::from_u128(8))],
        },
    );
    assert!(render(&state, 120, 30).contains("Fetching…"));
    update(
        &mut state,
        Action::Reviews {
            filters: danas_breaches(),
            list: vec![review(Uuid::from_u128(7))],
        },
    );
    let screen = render(&state, 120, 30);
    insta::assert_snapshot!("filtered_list", screen);
    assert!(screen.contains("Reviews (1) · filtered"), "{screen}");
    assert!(
        screen.contains(
            "Showing: agent dana · 2026-11-01 to 2026-11-23 · disposition resolved · flag SLA breach"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("f changes the filters · x clears them"),
        "{screen}"
    );

    // The form opens with the filters in force; x clears them all and fetches everything.
    update(&mut state, key(KeyCode::Char('f')));
    match &state.overlay {
        Overlay::Reviews(view) => {
            let form = view.form.as_ref().expect("the form is open");
            assert_eq!(
                (form.agent.as_str(), form.to.as_str()),
                ("dana", "2026-11-23")
            );
        }
        other => panic!("{other:?}"),
    }
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(filters(&state), danas_breaches(), "Esc changes nothing");
    assert_eq!(
        update(&mut state, key(KeyCode::Char('x'))),
        [Command::FetchReviews(ReviewQuery::default())]
    );
    let screen = render(&state, 120, 30);
    assert!(
        screen.contains("Showing every review · f filters"),
        "{screen}"
    );
}

#[test]
fn a_bad_day_is_refused_at_its_field_and_nothing_is_sent() {
    let mut state = reviews_open(Role::Lead);
    update(&mut state, key(KeyCode::Char('f')));
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "2026-13-01");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    let (field, problem) = form_error(&state).expect("an error");
    assert_eq!(field, FilterField::From);
    assert!(problem.contains("\"2026-13-01\" is not a day"), "{problem}");
    let screen = render(&state, 120, 30);
    insta::assert_snapshot!("filter_form_bad_day", screen);
    assert!(screen.contains("⚠ \"2026-13-01\" is not a day"), "{screen}");
    assert_eq!(filters(&state), ReviewQuery::default());

    // The last day before the first is refused too, at the last day.
    for _ in 0.."2026-13-01".len() {
        update(&mut state, key(KeyCode::Backspace));
    }
    assert_eq!(form_error(&state), None, "editing clears the error");
    typed(&mut state, "today");
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "yesterday");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    let (field, problem) = form_error(&state).expect("an error");
    assert_eq!(field, FilterField::To);
    assert!(
        problem.contains("2026-11-22 is before 2026-11-23"),
        "{problem}"
    );

    // A display name is not a sign-in name.
    update(&mut state, key(KeyCode::BackTab));
    update(&mut state, key(KeyCode::BackTab));
    typed(&mut state, "Dana Reyes");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert_eq!(form_error(&state).map(|e| e.0), Some(FilterField::Agent));
}

#[test]
fn an_agent_is_not_asked_for_an_agent_and_yesterday_is_a_day() {
    let mut state = reviews_open(Role::Agent);
    update(&mut state, key(KeyCode::Char('f')));
    // The form starts at the first day: there is no agent to choose.
    typed(&mut state, "Yesterday");
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "yesterday");
    let screen = render(&state, 120, 30);
    assert!(!screen.contains("Agent"), "{screen}");
    let expected = ReviewQuery {
        from: Some("2026-11-22".into()),
        to: Some("2026-11-22".into()),
        ..ReviewQuery::default()
    };
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::FetchReviews(expected.clone())]
    );
    update(
        &mut state,
        Action::Reviews {
            filters: expected,
            list: Vec::new(),
        },
    );
    let screen = render(&state, 120, 30);
    assert!(screen.contains("Reviews (0) · filtered"), "{screen}");
    assert!(
        screen.contains("Showing (your own chats): on 2026-11-22"),
        "{screen}"
    );
}

#[test]
fn a_refusal_for_the_filters_in_force_shows_in_the_list() {
    let mut state = reviews_open(Role::Lead);
    update(&mut state, key(KeyCode::Char('f')));
    typed(&mut state, "nobody");
    let commands = update(&mut state, key(KeyCode::Enter));
    let [Command::FetchReviews(asked)] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    update(
        &mut state,
        Action::ReviewsRefused {
            filters: asked.clone(),
            why: "Nobody signs in as \"nobody\".".into(),
        },
    );
    let screen = render(&state, 120, 30);
    assert!(
        screen.contains("Not listed: Nobody signs in as \"nobody\"."),
        "{screen}"
    );
    // Clearing the filters asks again, and says so.
    assert_eq!(
        update(&mut state, key(KeyCode::Char('x'))),
        [Command::FetchReviews(ReviewQuery::default())]
    );
    assert!(render(&state, 120, 30).contains("Fetching…"));
}
