//! A console state built by hand: an agent, chats, offers and queues at a fixed moment.

#![allow(dead_code)]

use chatdesk::assets::Catalog;
use chatdesk::console::app::{Settings, State};
use chatdesk::protocol::{
    AgentChat, ChatDetail, ChatState, Customer, Me, Message, Offer, Party, Presence, QueueListing,
    QueuedChat, Role, Snapshot,
};
use jiff::{Timestamp, ToSpan};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use uuid::Uuid;

pub fn now() -> Timestamp {
    "2026-11-23T14:03:00Z".parse().unwrap()
}

pub fn ago(secs: i64) -> Timestamp {
    now() - secs.seconds()
}

pub fn me() -> Me {
    Me {
        id: Uuid::from_u128(1),
        name: "dana".into(),
        display_name: "Dana Reyes".into(),
        role: Role::Agent,
        queues: vec!["billing".into(), "device".into()],
        presence: Presence::Available,
        active_chats: 0,
        capacity: 2,
    }
}

/// The signed-in agent as the colleague list shows them.
pub fn me_as_summary() -> chatdesk::protocol::AgentSummary {
    let me = me();
    chatdesk::protocol::AgentSummary {
        id: me.id,
        display_name: me.display_name,
        role: me.role,
        queues: me.queues,
        presence: me.presence,
        active_chats: 1,
        capacity: me.capacity,
    }
}

pub fn message(chat: Uuid, seq: i64, author: Party, body: &str, at: Timestamp) -> Message {
    Message {
        id: Uuid::from_u128(1000 + seq as u128),
        chat_id: chat,
        seq,
        author,
        author_name: match author {
            Party::Customer => "Ana Lima".into(),
            Party::Agent => "Dana Reyes".into(),
            Party::System => "chatdesk".into(),
        },
        body: body.into(),
        client_msg_id: Some(format!("m-{seq}")),
        at,
    }
}

pub fn chat(n: u128, name: &str, messages: Vec<Message>) -> ChatDetail {
    let id = Uuid::from_u128(n);
    // What the backend's inactivity clock holds of these messages.
    let last = |author: Party| {
        messages
            .iter()
            .filter(|m| m.author == author)
            .map(|m| m.at)
            .max()
    };
    let (silence_agent_at, silence_customer_at) = (last(Party::Agent), last(Party::Customer));
    ChatDetail {
        chat: AgentChat {
            id,
            state: ChatState::Active,
            queue: "billing".into(),
            queue_name: "Billing".into(),
            customer: Customer {
                name: name.into(),
                email: format!(
                    "{}@example.com",
                    name.split(' ').next().unwrap().to_lowercase()
                ),
                client_id: Some(format!("C-{n}")),
            },
            agent_id: Some(Uuid::from_u128(1)),
            agent_name: Some("Dana Reyes".into()),
            created_at: ago(300),
            queued_at: ago(300),
            accepted_at: Some(ago(240)),
            ended_at: None,
            ended_by: None,
            transfer_note: None,
            disposition: None,
            verification: Catalog::builtin().procedure().verification,
            verified_at: None,
            on_hold_since: None,
            nudged_at: None,
            silence_agent_at,
            silence_customer_at,
            last_hold_at: None,
            ticket: None,
        },
        messages: messages
            .into_iter()
            .map(|mut m| {
                m.chat_id = id;
                m
            })
            .collect(),
        escalations: Vec::new(),
        whispers: Vec::new(),
    }
}

/// A short conversation where the customer has waited 50 s for an answer.
pub fn conversation(n: u128, name: &str) -> ChatDetail {
    let id = Uuid::from_u128(n);
    chat(
        n,
        name,
        vec![
            message(
                id,
                1,
                Party::Customer,
                "Hi! My invoice shows the wrong plan.",
                ago(200),
            ),
            message(
                id,
                2,
                Party::Agent,
                "Hello, let me look at that for you.",
                ago(180),
            ),
            message(
                id,
                3,
                Party::Customer,
                "Thanks — it says Premium but I have Basic 👋",
                ago(50),
            ),
        ],
    )
}

pub fn offer(n: u128) -> Offer {
    Offer {
        id: Uuid::from_u128(500 + n),
        chat_id: Uuid::from_u128(n),
        customer: Customer {
            name: "Bo Chen".into(),
            email: "bo@example.com".into(),
            client_id: Some("C-2002".into()),
        },
        queue: "device".into(),
        queue_name: "Device".into(),
        waiting_since: ago(12),
        offered_at: ago(4),
        expires_at: now() + 16.seconds(),
        transfer: None,
    }
}

pub fn queues(waiting: &[(&str, i64)]) -> Vec<QueueListing> {
    let chats: Vec<QueuedChat> = waiting
        .iter()
        .enumerate()
        .map(|(i, (name, secs))| QueuedChat {
            chat_id: Uuid::from_u128(900 + i as u128),
            queue: "billing".into(),
            customer_name: (*name).into(),
            customer_email: "someone@example.com".into(),
            queued_at: ago(*secs),
            waited_secs: *secs as u64,
            position: i as u32 + 1,
        })
        .collect();
    vec![QueueListing {
        id: "billing".into(),
        name: "Billing".into(),
        depth: chats.len() as u32,
        oldest_wait_secs: chats.first().map(|c| c.waited_secs),
        chats,
    }]
}

pub fn settings() -> Settings {
    Settings {
        procedure: Catalog::builtin().procedure(),
        spell_check: false,
        bell: true,
        demo: false,
        time_zone: jiff::tz::TimeZone::UTC,
        keymap: chatdesk::console::keymap::Keymap::builtin("default").unwrap(),
        theme: chatdesk::console::theme::Theme::default(),
    }
}

pub fn state(chats: Vec<ChatDetail>, offers: Vec<Offer>, queues: Vec<QueueListing>) -> State {
    let snapshot = Snapshot {
        last_event_id: 10,
        me: me(),
        offers,
        chats,
        queues,
    };
    State::new(snapshot, &|_| None, Vec::new(), settings(), now())
}

/// Looks for the spelling suggestions `commands` ask for, as the console does beside its
/// loop, and gives each answer back; returns the other commands.
pub fn spelling_answered(
    state: &mut State,
    commands: Vec<chatdesk::console::action::Command>,
) -> Vec<chatdesk::console::action::Command> {
    use chatdesk::console::action::{Action, Command};
    let mut others = Vec::new();
    for command in commands {
        match command {
            Command::SuggestSpelling(word) => {
                let suggestions = chatdesk::console::draft_spelling::suggestions_for(&word);
                others.extend(chatdesk::console::app::update(
                    state,
                    Action::SpellingFound { word, suggestions },
                ));
            }
            other => others.push(other),
        }
    }
    others
}

/// Tells the console the terminal's size, as the loop does at start and on every resize.
pub fn resize(state: &mut State, width: u16, height: u16) {
    chatdesk::console::app::update(
        state,
        chatdesk::console::action::Action::Resize { width, height },
    );
}

pub fn render(state: &State, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| chatdesk::console::ui::draw(frame, state))
        .unwrap();
    terminal.backend().to_string()
}

/// Every symbol in every cell of the screen.
pub fn cells(state: &State, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| chatdesk::console::ui::draw(frame, state))
        .unwrap();
    terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|cell| cell.symbol().to_string())
        .collect()
}
