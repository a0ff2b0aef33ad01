//! What the benchmarks share: a console with two long chats, keys, and how durations are told.

#![allow(dead_code)]

use std::time::Duration;

use chatdesk::assets::Catalog;
use chatdesk::console::action::Action;
use chatdesk::console::app::{Settings, State};
use chatdesk::protocol::{
    AgentChat, ChatDetail, ChatState, Customer, Me, Message, Party, Presence, Role, Snapshot,
};
use jiff::{Timestamp, ToSpan};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

pub fn chat(n: u128, messages: usize, now: Timestamp) -> ChatDetail {
    let id = Uuid::from_u128(n);
    let messages = (0..messages)
        .map(|i| Message {
            id: Uuid::from_u128(n * 1_000_000 + i as u128),
            chat_id: id,
            seq: i as i64 + 1,
            author: if i % 2 == 0 { Party::Customer } else { Party::Agent },
            author_name: if i % 2 == 0 { "Ana Lima".into() } else { "Dana Reyes".into() },
            body: format!(
                "Message {i}: my Acme Devices order still shows as processing, could you check the delivery date? 👋"
            ),
            client_msg_id: Some(format!("m-{i}")),
            at: now - (messages as i64 - i as i64).seconds(),
        })
        .collect();
    ChatDetail {
        chat: AgentChat {
            id,
            state: ChatState::Active,
            queue: "orders".into(),
            queue_name: "Orders".into(),
            customer: Customer {
                name: format!("Customer {n}"),
                email: "customer@example.com".into(),
                client_id: Some("C-1001".into()),
            },
            agent_id: Some(Uuid::from_u128(1)),
            agent_name: Some("Dana Reyes".into()),
            created_at: now - 1.hour(),
            queued_at: now - 1.hour(),
            accepted_at: Some(now - 1.hour()),
            ended_at: None,
            ended_by: None,
            transfer_note: None,
            disposition: None,
            verification: Catalog::builtin().procedure().verification,
            verified_at: None,
            on_hold_since: None,
            nudged_at: None,
            silence_agent_at: None,
            silence_customer_at: None,
            last_hold_at: None,
            ticket: None,
        },
        messages,
        escalations: Vec::new(),
        whispers: Vec::new(),
    }
}

/// The console of an agent with two chats of `history` messages each, spell check on, on a
/// 200×60 terminal.
pub fn state(history: usize) -> State {
    let now: Timestamp = "2026-11-23T14:03:00Z".parse().unwrap();
    let snapshot = Snapshot {
        last_event_id: 1,
        me: Me {
            id: Uuid::from_u128(1),
            name: "dana".into(),
            display_name: "Dana Reyes".into(),
            role: Role::Agent,
            queues: vec!["orders".into()],
            presence: Presence::Available,
            active_chats: 2,
            capacity: 2,
        },
        offers: Vec::new(),
        chats: vec![chat(1, history, now), chat(2, history, now)],
        queues: Vec::new(),
    };
    let settings = Settings {
        procedure: Catalog::builtin().procedure(),
        spell_check: true,
        bell: false,
        demo: false,
        time_zone: jiff::tz::TimeZone::UTC,
        keymap: chatdesk::console::keymap::Keymap::builtin("default").unwrap(),
        theme: chatdesk::console::theme::Theme::default(),
    };
    let mut state = State::new(snapshot, &|_| None, Vec::new(), settings, now);
    // The loop tells the console its terminal's size first; the benchmarks draw at 200×60.
    chatdesk::console::app::update(
        &mut state,
        Action::Resize {
            width: 200,
            height: 60,
        },
    );
    state
}

/// A key pressed without modifiers.
pub fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The median, the 99th percentile and the longest of `samples`, as a line to print.
pub fn percentiles(what: &str, samples: &mut [Duration]) -> String {
    samples.sort_unstable();
    let at = |q: f64| {
        let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples.get(i).copied().unwrap_or_default()
    };
    format!(
        "{what}: {} samples, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        samples.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    )
}
