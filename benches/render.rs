//! Drawing the two-pane screen at 200×60 with a short and a very long history: the cost of a
//! frame should not depend on how much was said before.

use chatdesk::assets::Catalog;
use chatdesk::console::app::{Settings, State};
use chatdesk::console::ui;
use chatdesk::protocol::{
    AgentChat, ChatDetail, ChatState, Customer, Me, Message, Party, Presence, Role, Snapshot,
};
use criterion::{Criterion, criterion_group, criterion_main};
use jiff::{Timestamp, ToSpan};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use uuid::Uuid;

fn chat(n: u128, messages: usize, now: Timestamp) -> ChatDetail {
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
        },
        messages,
        escalations: Vec::new(),
        whispers: Vec::new(),
    }
}

fn state(history: usize) -> State {
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
    };
    State::new(snapshot, &|_| None, Vec::new(), settings, now)
}

fn render(c: &mut Criterion) {
    for history in [100, 100_000] {
        let state = state(history);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        c.bench_function(&format!("two panes 200x60, {history} messages each"), |b| {
            b.iter(|| {
                terminal.draw(|frame| ui::draw(frame, &state)).unwrap();
            });
        });
    }
}

criterion_group!(benches, render);
criterion_main!(benches);
