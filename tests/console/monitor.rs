//! The lead's monitor at several terminal sizes: every list scrolls with the highlight and says
//! how many rows are above and below, urgent items first, the agents' columns fit the width,
//! and offline agents show (dimmed) with a key from the keymap.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{State, update};
use chatdesk::protocol::{EscalationState, Floor, FloorAgent, Presence, Role};
use jiff::ToSpan;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use uuid::Uuid;

use crate::fixture::{ago, now, render};
use crate::lead::{escalation, floor, lead_state};

const SIZES: [(u16, u16); 5] = [(80, 24), (100, 30), (120, 40), (140, 30), (200, 50)];

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// `n` open escalations, the first raised `n` minutes ago, the last a minute ago.
pub(crate) fn many_escalations(n: u128) -> Floor {
    let mut floor = floor();
    floor.escalations = (0..n)
        .map(|i| {
            let mut e = escalation(EscalationState::Open);
            e.id = Uuid::from_u128(10_000 + i);
            e.claimed_by = None;
            e.claimed_by_name = None;
            e.replies.clear();
            e.customer_name = format!("Customer {i:02}");
            e.created_at = now() - ((n - i) as i64 * 60).seconds();
            e
        })
        .collect();
    floor
}

pub(crate) fn with_floor(floor: Floor) -> State {
    let mut state = lead_state();
    update(&mut state, Action::Floor(Box::new(floor)));
    state
}

/// The text of the highlighted rows (blue background) on screen.
fn highlighted(state: &State, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| chatdesk::console::ui::draw(frame, state))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut rows = Vec::new();
    for y in 0..height {
        let text: String = (0..width)
            .filter(|x| buffer[(*x, y)].bg == Color::Blue)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        if !text.trim().is_empty() {
            rows.push(text);
        }
    }
    rows
}

#[test]
fn the_inbox_scrolls_with_the_highlight_and_says_how_many_are_above_and_below() {
    for (width, height) in SIZES {
        let mut state = with_floor(many_escalations(74));
        let screen = render(&state, width, height);
        assert!(screen.contains("Escalations (74 open)"), "{screen}");
        assert!(screen.contains("Customer 00"), "{width}x{height}\n{screen}");
        assert!(screen.contains("below"), "{width}x{height}\n{screen}");
        assert!(!screen.contains("above"), "{width}x{height}\n{screen}");
        // Down to each escalation in turn: the highlighted one is always on screen.
        for i in 1..74 {
            update(&mut state, key(KeyCode::Down));
            let lit = highlighted(&state, width, height);
            assert!(
                lit.iter()
                    .any(|row| row.contains(&format!("Customer {i:02}"))),
                "{width}x{height}: Customer {i:02} highlighted and shown\n{}",
                render(&state, width, height)
            );
        }
        // At the newest: the rows above are counted and the newest is there to see.
        let screen = render(&state, width, height);
        assert!(screen.contains("Customer 73"), "{width}x{height}\n{screen}");
        let above = screen
            .split("↑ ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("a count above at {width}x{height}\n{screen}"));
        assert!(above > 0 && above < 74, "{above}");
        // On into the live chats; the inbox still says what it holds.
        update(&mut state, key(KeyCode::Down));
        let lit = highlighted(&state, width, height);
        assert!(
            lit.iter().any(|row| row.contains("Ana Lima")),
            "{width}x{height}: {lit:?}"
        );
    }
}

#[test]
fn a_new_escalation_keeps_the_highlight_where_it_was() {
    let mut state = with_floor(many_escalations(10));
    for _ in 0..4 {
        update(&mut state, key(KeyCode::Down));
    }
    // An older one appears (it sorts above): the highlight stays on Customer 04.
    let mut floor = many_escalations(10);
    let mut older = floor.escalations[0].clone();
    older.id = Uuid::from_u128(99);
    older.customer_name = "Earlier Person".into();
    older.created_at = now() - 3.hours();
    floor.escalations.push(older);
    update(&mut state, Action::Floor(Box::new(floor)));
    let lit = highlighted(&state, 140, 30);
    assert!(
        lit.iter().any(|r| r.contains("Customer 04")),
        "{lit:?}\n{}",
        render(&state, 140, 30)
    );
}

#[test]
fn urgent_escalations_sort_first_open_then_claimed_then_ended_chats_then_answered() {
    let mut floor = floor();
    let make = |n: u128, state: EscalationState, ended: bool, mins: i64, who: &str| {
        let mut e = escalation(state);
        e.id = Uuid::from_u128(n);
        e.chat_ended = ended;
        e.customer_name = who.into();
        e.created_at = now() - (mins * 60).seconds();
        if state == EscalationState::Open {
            e.claimed_by = None;
            e.claimed_by_name = None;
        }
        e
    };
    // As the backend might list them: answered and ended ones first, oldest first.
    floor.escalations = vec![
        make(1, EscalationState::Answered, false, 50, "Answered Amy"),
        make(2, EscalationState::Open, true, 40, "Ended Eve"),
        make(3, EscalationState::Claimed, false, 30, "Claimed Cal"),
        make(4, EscalationState::Open, false, 5, "Open Newer"),
        make(5, EscalationState::Open, false, 20, "Open Older"),
    ];
    let state = with_floor(floor);
    let order: Vec<&str> = state
        .floor
        .as_ref()
        .unwrap()
        .escalations
        .iter()
        .map(|e| e.customer_name.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "Open Older",
            "Open Newer",
            "Claimed Cal",
            "Ended Eve",
            "Answered Amy"
        ]
    );
    let screen = render(&state, 140, 30);
    let at = |name: &str| {
        screen
            .find(name)
            .unwrap_or_else(|| panic!("{name}\n{screen}"))
    };
    assert!(at("Open Older") < at("Open Newer") && at("Open Newer") < at("Claimed Cal"));
    assert!(at("Claimed Cal") < at("Ended Eve") && at("Ended Eve") < at("Answered Amy"));
}

fn agent(n: u128, name: &str, presence: Presence, chats: u32) -> FloorAgent {
    FloorAgent {
        id: Uuid::from_u128(700 + n),
        display_name: name.into(),
        role: Role::Agent,
        presence,
        presence_since: ago(200),
        active_chats: chats,
        capacity: 2,
        longest_wait_since: None,
        sla_breaches_today: 0,
    }
}

/// Fifteen agents: one with a long name, breaches and a customer waiting, one in wrap-up for
/// 3:20, and two offline with nothing open.
pub(crate) fn busy_floor() -> Floor {
    let mut floor = floor();
    let mut agents = vec![FloorAgent {
        display_name: "Maximilian Oyelaran-Castellanos".into(),
        longest_wait_since: Some(ago(95)),
        sla_breaches_today: 7,
        active_chats: 2,
        ..agent(1, "", Presence::Available, 2)
    }];
    agents.push(agent(2, "Abbie Wrapping", Presence::WrapUp, 0));
    for i in 3..15 {
        agents.push(agent(i, &format!("Agent {i:02}"), Presence::Available, 1));
    }
    agents.push(agent(20, "Olive Offline", Presence::Offline, 0));
    agents.push(agent(21, "Otto Offline", Presence::Offline, 0));
    floor.agents = agents;
    floor
}

#[test]
fn the_agents_columns_fit_the_terminal_with_breaches_and_wrap_up_time() {
    for (width, height) in SIZES {
        let state = with_floor(busy_floor());
        let screen = render(&state, width, height);
        assert!(
            screen.contains("✗7"),
            "breaches at {width}x{height}\n{screen}"
        );
        assert!(screen.contains("Late"), "{width}x{height}\n{screen}");
        // The wrap-up agent's time in wrap-up (3:20) is on her row.
        let abbie = screen
            .lines()
            .find(|l| l.contains("Abbie Wrapping"))
            .unwrap_or_else(|| panic!("Abbie at {width}x{height}\n{screen}"));
        assert!(
            abbie.contains("wrap-up") && abbie.contains("3:20"),
            "{abbie}"
        );
        if width >= 140 {
            assert!(
                screen.contains("Maximilian Oyelaran-Castellanos"),
                "the whole name at {width}x{height}\n{screen}"
            );
        }
        // Offline agents are hidden, and counted.
        assert!(!screen.contains("Olive Offline"), "{screen}");
        assert!(screen.contains("+2 offline"), "{width}x{height}\n{screen}");
    }
}

#[test]
fn the_agents_list_scrolls_with_the_highlight_too() {
    let (width, height) = (80, 24);
    let mut state = with_floor(busy_floor());
    // One escalation and one live chat come first; then the fourteen agents working.
    for _ in 0..(2 + 13) {
        update(&mut state, key(KeyCode::Down));
    }
    let lit = highlighted(&state, width, height);
    assert!(
        lit.iter().any(|r| r.contains("Agent 14")),
        "{lit:?}\n{}",
        render(&state, width, height)
    );
    let screen = render(&state, width, height);
    assert!(screen.contains("above"), "{screen}");
    // Enter on an agent without a chat says so; on one with a chat it watches it.
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert!(
        state
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("Agent 14 has no live chat")),
        "{:?}",
        state.notice
    );
}

#[test]
fn offline_agents_show_dimmed_with_the_keymaps_key() {
    let mut state = with_floor(busy_floor());
    let key_name = state
        .settings
        .keymap
        .keys(
            chatdesk::console::keymap::Place::Monitor,
            chatdesk::console::keymap::Intent::ShowOffline,
        )
        .expect("a key shows the offline agents");
    let screen = render(&state, 140, 40);
    assert!(
        screen.contains(&format!("{key_name} shows offline")),
        "{screen}"
    );
    let code = KeyCode::Char(key_name.chars().next().unwrap());
    assert_eq!(update(&mut state, key(code)), Vec::<Command>::new());
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).unwrap();
    terminal
        .draw(|frame| chatdesk::console::ui::draw(frame, &state))
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Olive Offline"), "{screen}");
    assert!(
        screen.contains(&format!("{key_name} hides offline")),
        "{screen}"
    );
    // Dimmed: her name is drawn in grey.
    let buffer = terminal.backend().buffer();
    let (x, y) = (0..40u16)
        .find_map(|y| {
            let line: String = (0..140u16).map(|x| buffer[(x, y)].symbol()).collect();
            line.find("Olive Offline")
                .map(|at| (line[..at].chars().count() as u16, y))
        })
        .unwrap();
    assert_eq!(buffer[(x, y)].fg, Color::DarkGray);
    // And the key hides them again.
    update(&mut state, key(code));
    assert!(!render(&state, 140, 40).contains("Olive Offline"));
}

#[test]
fn a_highlight_left_at_the_top_stays_on_the_most_urgent_item() {
    let mut floor = floor();
    let open = floor.escalations.clone();
    floor.escalations.clear();
    let mut state = with_floor(floor.clone());
    // Only the live chat: it is highlighted. An escalation arrives and sorts first.
    floor.escalations = open;
    update(&mut state, Action::Floor(Box::new(floor)));
    assert_eq!(state.monitor.selected, 0);
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::Claim(Uuid::from_u128(60))]
    );
}

#[test]
fn a_lead_closes_an_ended_chats_escalation_with_the_keymaps_key_and_not_a_live_ones() {
    let mut floor = floor();
    let make = |n: u128, ended: bool, who: &str| {
        let mut e = escalation(EscalationState::Open);
        e.id = Uuid::from_u128(n);
        e.chat_ended = ended;
        e.claimed_by = None;
        e.claimed_by_name = None;
        e.customer_name = who.into();
        e
    };
    floor.escalations = vec![make(1, false, "Live Lia"), make(2, true, "Ended Eve")];
    let mut state = with_floor(floor);
    let close = state
        .settings
        .keymap
        .keys(
            chatdesk::console::keymap::Place::Monitor,
            chatdesk::console::keymap::Intent::CloseEscalation,
        )
        .expect("a key closes escalations on the monitor");
    for (width, height) in SIZES {
        let screen = render(&state, width, height);
        assert!(
            screen.contains(&format!("{close} closes ended")),
            "{width}x{height}\n{screen}"
        );
    }
    // The live one (first, most urgent) is answered, not closed: the backend's sentence.
    assert!(update(&mut state, key(KeyCode::Char('c'))).is_empty());
    let said = state
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert_eq!(
        said,
        chatdesk::policy::escalation::may_close(false).unwrap_err()
    );
    // The ended one closes.
    update(&mut state, key(KeyCode::Down));
    assert_eq!(
        update(&mut state, key(KeyCode::Char('c'))),
        [Command::CloseEscalation(Uuid::from_u128(2))]
    );
    let said = state
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(said.contains("Ended Eve"), "{said}");
    // Once gone from the floor, the title no longer offers the key.
    let mut floor = crate::lead::floor();
    floor.escalations.retain(|e| !e.chat_ended);
    update(&mut state, Action::Floor(Box::new(floor)));
    assert!(!render(&state, 140, 30).contains("closes ended"));
}

#[test]
fn a_long_wait_keeps_its_late_mark_in_the_live_chats_and_the_agents_columns() {
    // Ana has waited 12:34 for an answer, Bo over an hour; Dana's longest wait is Bo's.
    let mut floor = floor();
    floor.chats[0].waiting_since = Some(ago(12 * 60 + 34));
    let mut bo = floor.chats[0].clone();
    bo.chat.id = Uuid::from_u128(2);
    bo.chat.customer.name = "Bo Chen".into();
    bo.waiting_since = Some(ago(3723));
    floor.chats.push(bo);
    floor.agents[0].longest_wait_since = Some(ago(3723));
    let state = with_floor(floor);
    for (width, height) in [(120, 40), (140, 30), (200, 50)] {
        let screen = render(&state, width, height);
        assert!(
            screen.contains("waiting 12:34 !"),
            "the late mark at {width}x{height}\n{screen}"
        );
        assert!(
            screen.contains("waiting 1:02:03 !"),
            "the late mark at {width}x{height}\n{screen}"
        );
        assert_eq!(
            screen.matches("1:02:03 !").count(),
            2,
            "Bo's wait, and Dana's longest, at {width}x{height}\n{screen}"
        );
    }
}
