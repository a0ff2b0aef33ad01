//! The console never takes what the backend refuses: tags, scores and text lengths come from
//! the rules both sides call (`policy::wrap_up`, `policy::review`, `policy::text_limits`).

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Overlay, State, update};
use chatdesk::console::rooms::wrap_up::Field;
use chatdesk::policy::review::{SCORES, score_problem};
use chatdesk::policy::text_limits::{MESSAGE_CHARS, TRANSFER_NOTE_CHARS, WHISPER_CHARS};
use chatdesk::policy::wrap_up::{MAX_TAG_CHARS, MAX_TAGS};
use chatdesk::protocol::{ReviewDetail, ReviewQuery, Role};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

use crate::fixture::{conversation, state};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, key(KeyCode::Char(c)));
    }
}

/// The wrap-up form of an ended chat with its notes filled and `tags` typed; what Enter gives.
fn wrap_up_with_tags(tags: &str) -> (State, Vec<Command>) {
    let mut state = crate::procedure::ended(1);
    update(&mut state, key(KeyCode::F(8)));
    update(&mut state, key(KeyCode::Down));
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "Refund approved");
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, tags);
    let commands = update(&mut state, key(KeyCode::Enter));
    (state, commands)
}

fn tags_error(state: &State) -> Option<String> {
    match &state.overlay {
        Overlay::WrapUp(form) => form.error(Field::Tags).map(str::to_string),
        _ => None,
    }
}

#[test]
fn the_wrap_up_form_refuses_the_tags_the_backend_refuses_in_its_words() {
    let longest = "x".repeat(MAX_TAG_CHARS);
    let (_, commands) = wrap_up_with_tags(&format!("VIP {longest}"));
    let [Command::WrapUp { wrap_up, .. }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(wrap_up.tags, ["VIP".to_string(), longest], "kept as typed");

    let too_long = "y".repeat(MAX_TAG_CHARS + 1);
    let (state, commands) = wrap_up_with_tags(&too_long);
    assert!(commands.is_empty());
    assert_eq!(
        tags_error(&state).as_deref(),
        Some(
            format!(
                "The tag {too_long:?} is {} characters long; a tag has at most {MAX_TAG_CHARS}.",
                MAX_TAG_CHARS + 1
            )
            .as_str()
        )
    );

    let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
    let (state, commands) = wrap_up_with_tags(&many.join(", "));
    assert!(commands.is_empty());
    assert_eq!(
        tags_error(&state).as_deref(),
        Some(
            format!(
                "{} tags were given; a chat has at most {MAX_TAGS}.",
                MAX_TAGS + 1
            )
            .as_str()
        )
    );
}

#[test]
fn a_lead_types_only_scores_in_the_range() {
    assert_eq!(score_problem(*SCORES.end()), None);
    assert!(score_problem(SCORES.end() + 1).is_some());
    assert!(score_problem(SCORES.start() - 1).is_some());

    let mut state = state(Vec::new(), Vec::new(), Vec::new());
    state.me.role = Role::Lead;
    state.monitor.open = false;
    let chat = Uuid::from_u128(7);
    update(
        &mut state,
        Action::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::ALT)),
    );
    update(
        &mut state,
        Action::Reviews {
            filters: ReviewQuery::default(),
            list: vec![crate::review::review(chat)],
        },
    );
    update(&mut state, key(KeyCode::Enter));
    update(
        &mut state,
        Action::ReviewOpened(Box::new(ReviewDetail {
            review: crate::review::review(chat),
            messages: Vec::new(),
            marks: Vec::new(),
        })),
    );
    let score = |state: &State| match &state.overlay {
        Overlay::Reviews(view) => view.score,
        other => panic!("{other:?}"),
    };
    typed(
        &mut state,
        &format!("{}{}", SCORES.start() - 1, SCORES.end() + 1),
    );
    assert_eq!(score(&state), None, "out of range: not taken");
    typed(&mut state, &SCORES.end().to_string());
    assert_eq!(score(&state), Some(*SCORES.end()));
}

#[test]
fn typing_stops_at_the_backends_length() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(
        &mut state,
        Action::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL)),
    );
    typed(&mut state, &"n".repeat(TRANSFER_NOTE_CHARS + 5));
    let Overlay::Transfer(dialog) = &state.overlay else {
        panic!("{:?}", state.overlay);
    };
    assert_eq!(dialog.note.chars().count(), TRANSFER_NOTE_CHARS);

    let mut lead = crate::lead::lead_state();
    update(&mut lead, Action::Floor(Box::new(crate::lead::floor())));
    update(&mut lead, key(KeyCode::Down));
    update(&mut lead, key(KeyCode::Enter));
    update(
        &mut lead,
        Action::Watching(Box::new(conversation(1, "Ana Lima"))),
    );
    typed(&mut lead, &"w".repeat(WHISPER_CHARS + 5));
    let Overlay::Watch(watch) = &lead.overlay else {
        panic!("{:?}", lead.overlay);
    };
    assert_eq!(watch.whisper.chars().count(), WHISPER_CHARS);
}

#[test]
fn a_reply_longer_than_a_message_is_kept_and_not_sent() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(
        &mut state,
        Action::Paste("long ".repeat(MESSAGE_CHARS / 5 + 1)),
    );
    let commands = update(&mut state, key(KeyCode::Enter));
    assert!(
        !commands.iter().any(|c| matches!(c, Command::Send { .. })),
        "{commands:?}"
    );
    assert!(state.chats[0].draft().starts_with("long long"));
    let notice = state.notice.as_ref().unwrap();
    assert!(notice.text.contains("at most 4000"), "{}", notice.text);
}
