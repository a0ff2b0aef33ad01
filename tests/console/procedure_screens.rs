//! What the procedure looks like on screen: the badge and the timers in their colours, hold,
//! the transfer dialog, the follow-up list, the transcript menu and the spelling line.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Overlay, update};
use chatdesk::console::prompts::prompts;
use chatdesk::protocol::{
    AgentSummary, Commitment, Customer, FollowUpChannel, FollowUps, Party, PreferredContact,
    Presence, QueueInfo, Role, Ticket,
};
use jiff::ToSpan;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use uuid::Uuid;

use crate::fixture::{ago, chat, message, now, render, spelling_answered, state};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn buffer(state: &chatdesk::console::app::State, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| chatdesk::console::ui::draw(frame, state))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The style of the first cell of `text` on screen.
fn colours_of(buffer: &Buffer, text: &str) -> (Color, Color) {
    let width = usize::from(buffer.area.width);
    let symbols: Vec<&str> = buffer.content().iter().map(|c| c.symbol()).collect();
    let first: Vec<String> = text.chars().map(|c| c.to_string()).collect();
    let at = (0..symbols.len())
        .find(|&i| {
            first
                .iter()
                .enumerate()
                .all(|(k, s)| symbols.get(i + k).is_some_and(|x| x == s))
        })
        .unwrap_or_else(|| panic!("{text:?} is not on screen"));
    let cell = &buffer.content()[at];
    let _ = width;
    (cell.fg, cell.bg)
}

/// Two chats: one customer waiting 50 s (amber), one 70 s (red) and on hold.
fn two_waiting() -> chatdesk::console::app::State {
    let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
    let first = chat(
        1,
        "Ana Lima",
        vec![message(
            a,
            1,
            Party::Customer,
            "Is my refund coming?",
            ago(50),
        )],
    );
    let mut second = chat(
        2,
        "Bo Chen",
        vec![
            message(b, 2, Party::Customer, "My charger broke.", ago(200)),
            message(b, 3, Party::Agent, "May I put you on hold?", ago(150)),
            message(b, 4, Party::Customer, "Yes, fine — and hurry", ago(70)),
        ],
    );
    second.chat.on_hold_since = Some(ago(140));
    for check in &mut second.chat.verification {
        check.done = true;
    }
    state(vec![first, second], Vec::new(), Vec::new())
}

#[test]
fn the_badge_and_the_timers_in_their_colours() {
    let state = two_waiting();
    let screen = render(&state, 160, 30);
    insta::assert_snapshot!("panes_not_verified_amber_red_hold", screen);
    let shown = buffer(&state, 160, 30);
    assert_eq!(colours_of(&shown, " NOT VERIFIED 0/3 ").1, Color::Red);
    assert_eq!(colours_of(&shown, " waiting 0:50 ").0, Color::Yellow);
    assert_eq!(colours_of(&shown, " waiting 1:10 ").1, Color::Red);
    assert_eq!(colours_of(&shown, "✓ verified").0, Color::Green);
    assert!(screen.contains("ON HOLD 2:20"), "{screen}");
    // Held 140 s with the last word 150 s ago: time to update the customer.
    assert!(screen.contains("update the customer now"), "{screen}");
}

#[test]
fn the_hold_reminder_counts_down_to_the_next_update() {
    let mut state = two_waiting();
    state.chats[1].on_hold_since = Some(ago(20));
    let shown = prompts(&state.chats[1], &state.settings.procedure, now());
    let every = state.settings.procedure.hold_update_secs;
    let expected = format!("next update in 0:{:02}", every - 20);
    assert!(
        shown.iter().any(|p| p.text.contains(&expected)),
        "{shown:?}"
    );
}

#[test]
fn transfer_dialog() {
    let mut state = two_waiting();
    update(&mut state, ctrl('t'));
    let person = |n: u128, name: &str, active| AgentSummary {
        id: Uuid::from_u128(n),
        display_name: name.into(),
        role: Role::Agent,
        queues: vec!["billing".into()],
        presence: Presence::Available,
        active_chats: active,
        capacity: 2,
    };
    update(
        &mut state,
        Action::Colleagues {
            agents: vec![person(3, "Gus Hale", 1), person(4, "Hana Ito", 0)],
            queues: vec![
                QueueInfo {
                    id: "billing".into(),
                    name: "Billing".into(),
                },
                QueueInfo {
                    id: "device".into(),
                    name: "Device".into(),
                },
            ],
        },
    );
    for c in "Refund approved, needs the bank details form".chars() {
        update(&mut state, key(KeyCode::Char(c)));
    }
    insta::assert_snapshot!(render(&state, 120, 30));
}

#[test]
fn follow_ups_list_due_today_first_and_enter_marks_done() {
    let mut state = two_waiting();
    let customer = Customer {
        name: "Ana Lima".into(),
        email: "ana@example.com".into(),
        client_id: None,
    };
    let promise = |n: u128, due: jiff::Timestamp, note: &str| Commitment {
        id: Uuid::from_u128(n),
        chat_id: Uuid::from_u128(1),
        agent_id: Uuid::from_u128(1),
        customer: customer.clone(),
        due_at: due,
        channel: FollowUpChannel::Call,
        note: note.into(),
        created_at: ago(3600),
        done_at: None,
    };
    update(
        &mut state,
        Action::FollowUps(FollowUps {
            commitments: vec![
                promise(70, now() + 2.hours(), "Confirm the refund landed"),
                promise(71, now() + 26.hours(), "Send the new invoice"),
            ],
            tickets: vec![Ticket {
                id: Uuid::from_u128(80),
                chat_id: Uuid::from_u128(1),
                agent_id: Uuid::from_u128(1),
                customer: customer.clone(),
                subject: "Refund for November".into(),
                contact: PreferredContact::Email,
                note: None,
                created_at: ago(3600),
            }],
        }),
    );
    assert_eq!(state.follow_ups_due_today(), 1);
    let commands = update(&mut state, key(KeyCode::F(10)));
    assert_eq!(commands, [Command::FetchFollowUps]);
    let screen = render(&state, 120, 30);
    insta::assert_snapshot!("follow_ups", screen);
    assert!(screen.contains("follow-ups due 1"), "{screen}");
    let today = screen.find("today 16:03").expect("due today");
    let tomorrow = screen.find("tomorrow 16:03").expect("due tomorrow");
    assert!(today < tomorrow);
    let commands = update(&mut state, key(KeyCode::Enter));
    assert_eq!(commands, [Command::CommitmentDone(Uuid::from_u128(70))]);
}

#[test]
fn the_transcript_menu_saves_or_e_mails() {
    let mut state = two_waiting();
    update(&mut state, ctrl('x'));
    assert!(matches!(state.overlay, Overlay::Export { .. }));
    update(&mut state, key(KeyCode::Down));
    let commands = update(&mut state, key(KeyCode::Enter));
    assert_eq!(
        commands,
        [Command::ExportTranscript {
            chat: Uuid::from_u128(1),
            format: chatdesk::transcript::Format::Markdown
        }]
    );
    update(&mut state, ctrl('x'));
    for _ in 0..3 {
        update(&mut state, key(KeyCode::Down));
    }
    let commands = update(&mut state, key(KeyCode::Enter));
    assert_eq!(
        commands,
        [Command::EmailTranscript {
            chat: Uuid::from_u128(1),
            to: "ana@example.com".into()
        }]
    );

    // An address the backend would refuse is not sent; the agent reads why.
    state.chats[0].customer.email = "ana@[127.0.0.1]".into();
    update(&mut state, ctrl('x'));
    for _ in 0..3 {
        update(&mut state, key(KeyCode::Down));
    }
    assert_eq!(update(&mut state, key(KeyCode::Enter)), []);
    let notice = state.notice.as_ref().expect("a notice").text.clone();
    assert!(
        notice.starts_with("The transcript was not e-mailed: ") && notice.contains("IP address"),
        "{notice}"
    );
}

#[test]
fn unknown_words_are_marked_under_the_composer_and_it_can_be_switched_off() {
    let mut state = two_waiting();
    state.settings.spell_check = true;
    for c in "Your refnud is on its way".chars() {
        let commands = update(&mut state, key(KeyCode::Char(c)));
        spelling_answered(&mut state, commands);
    }
    let screen = render(&state, 160, 30);
    assert!(screen.contains("Spelling: refnud → refund"), "{screen}");
    state.settings.spell_check = false;
    let screen = render(&state, 160, 30);
    assert!(!screen.contains("Spelling:"), "{screen}");
}
