//! Escalations from the agent's console and the lead's monitor, as pure updates and screens.

use chatdesk::console::action::{Action, Command};
use chatdesk::console::app::{Overlay, update};
use chatdesk::protocol::{
    Escalation, EscalationReply, EscalationState, EscalationTemplate, Event, EventBody, Floor,
    FloorAgent, FloorChat, Presence, Role, Whisper,
};
use jiff::ToSpan;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

use crate::fixture::{ago, conversation, now, render, state};

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(state: &mut chatdesk::console::app::State, text: &str) {
    for c in text.chars() {
        update(state, key(KeyCode::Char(c)));
    }
}

/// The built-in POC CODE template, with its real rules.
pub fn poc_code() -> EscalationTemplate {
    chatdesk::assets::Catalog::builtin()
        .escalations
        .template("poc-code")
        .expect("a built-in POC CODE template")
        .clone()
}

pub fn escalation(state: EscalationState) -> Escalation {
    Escalation {
        id: Uuid::from_u128(60),
        chat_id: Uuid::from_u128(1),
        agent_id: Uuid::from_u128(1),
        agent_name: "Dana Reyes".into(),
        customer_name: "Ana Lima".into(),
        template: "poc-code".into(),
        template_name: "POC CODE".into(),
        channel: "leadership".into(),
        channel_name: "Leadership Assistance".into(),
        fields: vec![("CID".into(), "C-1".into())],
        warnings: Vec::new(),
        state,
        claimed_by: Some(Uuid::from_u128(9)),
        claimed_by_name: Some("Lee Park".into()),
        created_at: ago(200),
        claimed_at: Some(ago(100)),
        answered_at: None,
        replies: vec![EscalationReply {
            author_id: Uuid::from_u128(9),
            author_name: "Lee Park".into(),
            author_role: Role::Lead,
            body: "Code 4411 is fine to give.".into(),
            at: ago(30),
        }],
        chat_ended: false,
        closed_at: None,
        closed_by: None,
    }
}

pub fn event(body: EventBody) -> Action {
    Action::Backend(Event {
        id: 20,
        at: now(),
        chat_id: Some(Uuid::from_u128(1)),
        body,
    })
}

#[test]
fn f12_fills_a_template_names_each_problem_and_sends_when_clean() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    assert_eq!(
        update(&mut state, key(KeyCode::F(12))),
        [Command::FetchTemplates]
    );
    update(&mut state, Action::Templates(vec![poc_code()]));
    // Opened again, it asks again: today's destinations may differ from the last time's.
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(
        update(&mut state, key(KeyCode::F(12))),
        [Command::FetchTemplates]
    );
    update(&mut state, key(KeyCode::Enter));
    // The client ID comes from the chat.
    let screen = render(&state, 120, 40);
    assert!(screen.contains("C-1"), "{screen}");
    // Enter with the rest empty names the problems, sends nothing and goes to the first.
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    typed(&mut state, "UTR-5521");
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "14:30 CST");
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "45 minutes");
    update(&mut state, key(KeyCode::Tab));
    typed(&mut state, "URGENT CODE NEEDED");
    update(&mut state, key(KeyCode::Enter));
    let screen = render(&state, 120, 40);
    insta::assert_snapshot!("escalation_form_with_errors", screen);
    let Overlay::Escalate(_) = &state.overlay else {
        panic!("still open: {:?}", state.overlay)
    };
    for _ in 0.."URGENT CODE NEEDED".len() {
        update(&mut state, key(KeyCode::Backspace));
    }
    typed(
        &mut state,
        "The customer is at the shop now and the technician cannot reach the service line. Can we give an override code today?",
    );
    let commands = update(&mut state, key(KeyCode::Enter));
    let [Command::Escalate { chat, escalation }] = commands.as_slice() else {
        panic!("{commands:?} {:?}", state.overlay);
    };
    assert_eq!(*chat, Uuid::from_u128(1));
    assert_eq!(escalation.template, "poc-code");
    assert_eq!(escalation.fields[0].value, "C-1");
}

#[test]
fn the_answer_and_whispers_show_in_the_agents_pane_and_the_agent_answers_back() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(
        &mut state,
        event(EventBody::EscalationUpdated {
            escalation: Box::new(escalation(EscalationState::Answered)),
        }),
    );
    update(
        &mut state,
        event(EventBody::WhisperCreated {
            whisper: Whisper {
                id: Uuid::from_u128(70),
                chat_id: Uuid::from_u128(1),
                lead_id: Uuid::from_u128(9),
                lead_name: "Lee Park".into(),
                body: "Offer the courtesy credit.".into(),
                at: ago(5),
            },
        }),
    );
    let screen = render(&state, 120, 40);
    assert!(
        screen.contains("POC CODE → Leadership Assistance: answered by Lee Park"),
        "{screen}"
    );
    assert!(screen.contains("Code 4411 is fine to give."), "{screen}");
    assert!(
        screen.contains("whisper from Lee Park: Offer the courtesy credit."),
        "{screen}"
    );
    // F12 offers to answer in that thread first.
    update(&mut state, key(KeyCode::F(12)));
    update(&mut state, Action::Templates(vec![poc_code()]));
    update(&mut state, key(KeyCode::Enter));
    typed(&mut state, "Thanks, done.");
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::ReplyToEscalation {
            escalation: Uuid::from_u128(60),
            body: "Thanks, done.".into()
        }]
    );
}

pub fn lead_state() -> chatdesk::console::app::State {
    let mut state = state(Vec::new(), Vec::new(), Vec::new());
    state.me.role = Role::Lead;
    state.me.display_name = "Lee Park".into();
    state.monitor.open = true;
    state
}

pub fn floor() -> Floor {
    let mut open = escalation(EscalationState::Open);
    open.claimed_by = None;
    open.claimed_by_name = None;
    open.replies.clear();
    open.created_at = now() - 150.seconds();
    let mut chat = conversation(1, "Ana Lima").chat;
    chat.agent_name = Some("Dana Reyes".into());
    Floor {
        agents: vec![FloorAgent {
            id: Uuid::from_u128(1),
            display_name: "Dana Reyes".into(),
            role: Role::Agent,
            presence: Presence::Available,
            presence_since: ago(3600),
            active_chats: 1,
            capacity: 2,
            longest_wait_since: Some(ago(70)),
            sla_breaches_today: 2,
        }],
        queues: crate::fixture::queues(&[("Bo Chen", 40)]),
        chats: vec![FloorChat {
            chat,
            waiting_since: Some(ago(70)),
            last_message_at: Some(ago(70)),
        }],
        escalations: vec![open],
    }
}

#[test]
fn the_lead_monitor_rings_once_claims_answers_watches_whispers_and_takes_over() {
    let mut state = lead_state();
    let commands = update(&mut state, Action::Floor(Box::new(floor())));
    assert_eq!(
        commands,
        [Command::Bell],
        "an escalation past 2 minutes rings"
    );
    assert!(
        update(&mut state, Action::Tick(now() + 1.seconds())).is_empty(),
        "once"
    );
    let screen = render(&state, 140, 30);
    insta::assert_snapshot!("lead_monitor", screen);

    // Enter on the escalation claims it and opens its thread.
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::Claim(Uuid::from_u128(60))]
    );
    typed(&mut state, "Give code 4411.");
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::ReplyToEscalation {
            escalation: Uuid::from_u128(60),
            body: "Give code 4411.".into()
        }]
    );

    // Down to the live chat; Enter watches it.
    update(&mut state, key(KeyCode::Down));
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::Watch(Uuid::from_u128(1))]
    );
    let mut detail = conversation(1, "Ana Lima");
    detail.chat.agent_name = Some("Dana Reyes".into());
    update(&mut state, Action::Watching(Box::new(detail)));
    let screen = render(&state, 140, 30);
    assert!(
        screen.contains("Watching Ana Lima with Dana Reyes — read-only"),
        "{screen}"
    );
    typed(&mut state, "Offer the courtesy credit.");
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Command::Whisper {
            chat: Uuid::from_u128(1),
            body: "Offer the courtesy credit.".into()
        }]
    );
    // Taking over asks first, and says whose record is whose.
    assert!(update(&mut state, ctrl('t')).is_empty(), "nothing yet");
    let Overlay::Question(question) = &state.overlay else {
        panic!("a question: {:?}", state.overlay);
    };
    assert_eq!(question.title, "Take Ana Lima over from Dana Reyes?");
    assert!(
        question.lines.join(" ").contains("stays on Dana Reyes's"),
        "{question:?}"
    );
    let screen = render(&state, 140, 30);
    assert!(screen.contains("y goes ahead"), "{screen}");
    // Going back returns to watching; yes takes it over.
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    assert!(
        matches!(state.overlay, Overlay::Watch(_)),
        "{:?}",
        state.overlay
    );
    update(&mut state, ctrl('t'));
    assert_eq!(
        update(&mut state, key(KeyCode::Char('y'))),
        [Command::TakeOver(Uuid::from_u128(1))]
    );
    assert_eq!(state.overlay, Overlay::None);
}

#[test]
fn an_agent_has_no_monitor_and_every_event_refreshes_a_leads() {
    let mut agent = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    update(&mut agent, ctrl('l'));
    assert!(agent.notice.as_ref().unwrap().text.contains("for leads"));
    let mut lead = lead_state();
    let commands = update(
        &mut lead,
        event(EventBody::PresenceChanged {
            presence: Presence::Away,
            reason: None,
            agent_id: Some(Uuid::from_u128(5)),
        }),
    );
    assert!(commands.contains(&Command::RefreshFloor), "{commands:?}");
    // Someone else's presence is not the lead's own.
    assert_eq!(lead.me.presence, Presence::Available);
}

#[test]
fn the_monitors_clocks_tick_every_second_while_it_is_shown() {
    let mut state = lead_state();
    assert!(state.chats.is_empty());
    assert!(
        state.has_timers(),
        "the monitor's waits count up while it is shown"
    );
    state.monitor.open = false;
    state.queues.clear();
    state.offers.clear();
    assert!(!state.has_timers());
}

#[test]
fn the_monitors_clocks_keep_ticking_under_a_room_opened_over_it() {
    let mut state = lead_state();
    update(&mut state, Action::Floor(Box::new(floor())));
    state.queues.clear();
    state.offers.clear();
    assert!(state.chats.is_empty());
    // Enter on the open escalation claims it and opens its thread over the monitor, which
    // stays drawn around it: its waits must go on counting.
    update(&mut state, key(KeyCode::Enter));
    assert!(
        matches!(state.overlay, Overlay::Escalate(_)),
        "{:?}",
        state.overlay
    );
    let screen = render(&state, 200, 60);
    assert!(screen.contains("Live chats"), "{screen}");
    assert!(
        state.has_timers(),
        "the monitor's waits count up under the escalation's thread"
    );
    update(&mut state, key(KeyCode::Esc));
    assert!(state.has_timers());
    state.monitor.open = false;
    state.notice = None;
    assert!(!state.has_timers());
}

#[test]
fn a_notice_keeps_the_clock_ticking_until_it_goes() {
    use chatdesk::console::app::{NOTICE_SECS, Notice};
    let mut state = lead_state();
    state.monitor.open = false;
    state.queues.clear();
    state.offers.clear();
    assert!(!state.has_timers());
    state.notice = Some(Notice {
        text: "You already have 2 active chats.".into(),
        warning: true,
        at: state.now,
    });
    assert!(state.notice_showing() && state.has_timers());
    let later = state.now + jiff::SignedDuration::from_secs(NOTICE_SECS);
    update(&mut state, Action::Tick(later));
    assert!(!state.notice_showing(), "gone after its time");
    assert!(!state.has_timers());
}

#[test]
fn quitting_with_a_live_chat_asks_first_and_says_what_becomes_of_it() {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    assert!(
        update(&mut state, ctrl('q')).is_empty(),
        "nothing quits yet"
    );
    let Overlay::Question(question) = &state.overlay else {
        panic!("a question: {:?}", state.overlay);
    };
    let said = question.lines.join(" ");
    assert!(
        said.contains("Ana Lima") && said.contains("stay yours"),
        "{said}"
    );
    assert!(
        said.contains("Ctrl-T"),
        "the transfer key, from the keymap: {said}"
    );
    // No keeps working; yes quits, and the agent shows as away (as the question said), so no
    // new offer comes while their customers wait.
    update(&mut state, key(KeyCode::Char('n')));
    assert!(matches!(state.overlay, Overlay::None));
    state.me.presence = chatdesk::protocol::Presence::Available;
    update(&mut state, ctrl('q'));
    assert_eq!(
        update(&mut state, key(KeyCode::Char('y'))),
        [Command::QuitAway]
    );
    // Already away (or offline): nothing to change.
    let mut away = state_with_presence(chatdesk::protocol::Presence::Away);
    update(&mut away, ctrl('q'));
    assert_eq!(update(&mut away, key(KeyCode::Char('y'))), [Command::Quit]);
    // With no live chat it quits at once.
    let mut idle = state_without_chats();
    assert_eq!(update(&mut idle, ctrl('q')), [Command::Quit]);
}

fn state_with_presence(presence: chatdesk::protocol::Presence) -> chatdesk::console::app::State {
    let mut state = state(vec![conversation(1, "Ana Lima")], Vec::new(), Vec::new());
    state.me.presence = presence;
    state
}

fn state_without_chats() -> chatdesk::console::app::State {
    state(Vec::new(), Vec::new(), Vec::new())
}

fn whisper(n: u128, chat: u128, body: &str, secs_ago: i64) -> Whisper {
    Whisper {
        id: Uuid::from_u128(n),
        chat_id: Uuid::from_u128(chat),
        lead_id: Uuid::from_u128(9),
        lead_name: "Lee Park".into(),
        body: body.into(),
        at: ago(secs_ago),
    }
}

#[test]
fn the_watch_view_shows_the_whispers_already_sent_and_each_new_one() {
    let mut state = lead_state();
    update(&mut state, Action::Floor(Box::new(floor())));
    let mut detail = conversation(1, "Ana Lima");
    detail.whispers = vec![whisper(71, 1, "Ask for the order number first.", 120)];
    update(&mut state, Action::Watching(Box::new(detail)));
    for (width, height) in [(80, 24), (140, 30)] {
        let screen = render(&state, width, height);
        assert!(
            screen.contains("Ask for the order number first."),
            "{width}x{height}\n{screen}"
        );
        assert!(screen.contains("whisper from Lee Park 14:01"), "{screen}");
    }
    // The one just sent comes back as an event and shows under the first.
    update(
        &mut state,
        event(EventBody::WhisperCreated {
            whisper: whisper(72, 1, "Then offer the courtesy credit.", 0),
        }),
    );
    let screen = render(&state, 140, 30);
    let first = screen.find("Ask for the order number first.").unwrap();
    let second = screen
        .find("Then offer the courtesy credit.")
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(first < second, "{screen}");
    // A whisper about another chat does not show here.
    let mut other = whisper(73, 2, "Not for this chat.", 0);
    other.chat_id = Uuid::from_u128(2);
    update(
        &mut state,
        event(EventBody::WhisperCreated { whisper: other }),
    );
    assert!(!render(&state, 140, 30).contains("Not for this chat."));
}

#[test]
fn a_long_whisper_shows_whole_in_the_agents_pane_with_two_chats_open() {
    let body = "Offer the courtesy credit of ten dollars, note it in the account log, \
                and tell her the replacement ships tomorrow.";
    let mut state = state(
        vec![conversation(1, "Ana Lima"), conversation(2, "Bo Chen")],
        Vec::new(),
        Vec::new(),
    );
    update(
        &mut state,
        event(EventBody::WhisperCreated {
            whisper: whisper(74, 1, body, 3),
        }),
    );
    // Side by side at 120 columns; stacked below.
    for (width, height) in [(120, 40), (160, 40), (100, 40)] {
        let screen = render(&state, width, height);
        for word in body.split(' ') {
            assert!(
                screen.contains(word),
                "{word:?} at {width}x{height}\n{screen}"
            );
        }
    }
}

#[test]
fn a_long_whisper_shows_whole_beside_the_chats_escalation_at_any_size() {
    let body = "Dana, before you answer about the plan, check the billing history for the \
                last three invoices, confirm her identity with the client ID on file, then \
                mention the annual discount that ends on Friday because she qualifies for it, \
                and note the promise in the account log so the evening shift sees it: \
                reference ZEBRA-42 closes this.";
    let mut escalated = conversation(1, "Ana Lima");
    escalated.escalations = vec![escalation(EscalationState::Open)];
    let mut state = state(
        vec![escalated, conversation(2, "Bo Chen")],
        Vec::new(),
        Vec::new(),
    );
    update(
        &mut state,
        event(EventBody::WhisperCreated {
            whisper: whisper(75, 1, body, 3),
        }),
    );
    // Side by side, then stacked (the focused chat has the room).
    for (width, height) in [(200, 40), (120, 40), (80, 24)] {
        let screen = render(&state, width, height);
        assert!(
            screen.contains("POC CODE"),
            "the escalation keeps its line at {width}x{height}\n{screen}"
        );
        for word in body.split(' ') {
            assert!(
                screen.contains(word),
                "{word:?} at {width}x{height}\n{screen}"
            );
        }
    }
}

#[test]
fn the_escalation_choices_scroll_with_the_highlight_past_many_threads() {
    let mut escalated = conversation(1, "Ana Lima");
    escalated.escalations = (0..30)
        .map(|i| Escalation {
            id: Uuid::from_u128(100 + i),
            ..escalation(EscalationState::Answered)
        })
        .collect();
    let mut state = state(vec![escalated], Vec::new(), Vec::new());
    update(&mut state, key(KeyCode::F(12)));
    let templates = chatdesk::assets::Catalog::builtin().escalations.templates;
    let last = templates.last().expect("built-in templates").name.clone();
    update(&mut state, Action::Templates(templates));
    // Down to the last template, past thirty threads: it is on screen, highlighted.
    for _ in 0..(30 + state.templates.len()) {
        update(&mut state, key(KeyCode::Down));
    }
    let screen = render(&state, 120, 30);
    assert!(screen.contains(&last), "{last}\n{screen}");
    assert!(screen.contains("above · ↓ 0 below"), "{screen}");
    // And back up to the first thread.
    for _ in 0..(30 + state.templates.len()) {
        update(&mut state, key(KeyCode::Up));
    }
    let screen = render(&state, 120, 30);
    assert!(screen.contains("↑ 0 above"), "{screen}");
}
