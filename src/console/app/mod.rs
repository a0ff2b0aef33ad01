//! The console's state and `update`, which turns one action into the next state and the
//! commands for the outside world. No I/O, no clock, no randomness: time arrives as `Tick`.

pub(crate) mod canned;
mod events;
pub(crate) mod hold;
mod incoming;
pub(crate) mod keys;
pub(crate) mod lead;
mod notices;
mod outbox;
pub(crate) mod procedure;
pub(crate) mod scrolling;
mod settings;
mod spelling;
mod ticket;

use jiff::Timestamp;
use uuid::Uuid;

use crate::console::action::{Action, Command};
use crate::console::chat::ChatView;
use crate::console::draft_spelling::SpellingSuggestions;
use crate::console::keymap::Place;
use crate::console::rooms;
pub use crate::console::rooms::Overlay;
pub use crate::console::rooms::export::EXPORTS;
pub use crate::console::rooms::help::{HelpExtent, HelpView};
pub use crate::console::rooms::question::{Question, Then};
use crate::console::rooms::wrap_up::WrapUpForm;
use crate::policy::sanitize::sanitize_line;
use crate::protocol::{
    ChatState, DispositionCodeInfo, EscalationTemplate, Floor, FollowUps, Me, Offer, QueueListing,
    Role, Snapshot,
};
use events::on_event;
use incoming::{clean_disposition, clean_listing, clean_offer};
use keys::{on_intent, type_key};
use scrolling::{fit_transcripts, scroll};
pub use settings::{MonitorView, NOTICE_SECS, Notice, Settings};

/// The state of the link to the backend.
#[derive(Debug, Clone, PartialEq)]
pub enum Connection {
    Online,
    Reconnecting { reason: String, since: Timestamp },
    SignedOut(String),
}

#[derive(Debug)]
pub struct State {
    pub me: Me,
    pub connection: Connection,
    pub offers: Vec<Offer>,
    pub queues: Vec<QueueListing>,
    pub chats: Vec<ChatView>,
    pub focus: usize,
    pub overlay: Overlay,
    /// Wrap-up forms closed before their chat was wrapped up, kept to open again as they were.
    pub wrap_up_drafts: Vec<WrapUpForm>,
    pub notice: Option<Notice>,
    pub dispositions: Vec<DispositionCodeInfo>,
    pub now: Timestamp,
    pub last_event_id: i64,
    pub settings: Settings,
    /// Makes client message ids unique: the session's start and a counter.
    session: i64,
    sent: u64,
    pub quitting: bool,
    /// The canned responses: built in, the team's, the agent's own.
    pub canned: std::sync::Arc<crate::canned::Library>,
    /// The agent's open follow-up promises and tickets, once fetched.
    pub follow_ups: Option<FollowUps>,
    /// The escalation templates, once fetched.
    pub templates: Vec<EscalationTemplate>,
    /// A lead's view of the floor, once fetched.
    pub floor: Option<Floor>,
    /// A lead's monitor: shown or not, and the highlighted item.
    pub monitor: MonitorView,
    /// Alerts that already rang the bell (each rings once).
    pub rung: std::collections::HashSet<String>,
    /// Missed chats still to follow up, newest first.
    pub missed: Vec<crate::protocol::MissedChat>,
    /// Spelling suggestions found so far, per word.
    pub suggestions: SpellingSuggestions,
    /// The terminal's size (empty until told): what the layout of the screen starts from.
    pub screen: ratatui::layout::Rect,
}

impl State {
    /// The console right after sign-in, from the snapshot and saved drafts.
    pub fn new(
        snapshot: Snapshot,
        drafts: &dyn Fn(Uuid) -> Option<String>,
        dispositions: Vec<DispositionCodeInfo>,
        settings: Settings,
        now: Timestamp,
    ) -> State {
        let chats = snapshot
            .chats
            .iter()
            .map(|d| ChatView::new(d, drafts(d.chat.id).as_deref()))
            .collect();
        let mut me = snapshot.me;
        me.display_name = sanitize_line(&me.display_name);
        let is_lead = me.role == Role::Lead;
        let mut state = State {
            me,
            connection: Connection::Online,
            offers: snapshot.offers.into_iter().map(clean_offer).collect(),
            queues: snapshot.queues.into_iter().map(clean_listing).collect(),
            chats,
            focus: 0,
            overlay: Overlay::None,
            wrap_up_drafts: Vec::new(),
            notice: None,
            dispositions: dispositions.into_iter().map(clean_disposition).collect(),
            now,
            last_event_id: snapshot.last_event_id,
            settings,
            session: now.as_millisecond(),
            sent: 0,
            quitting: false,
            canned: std::sync::Arc::new(crate::canned::Library::builtin()),
            follow_ups: None,
            templates: Vec::new(),
            floor: None,
            monitor: MonitorView {
                open: is_lead,
                selected: 0,
                show_offline: false,
            },
            rung: Default::default(),
            screen: ratatui::layout::Rect::default(),
            missed: Vec::new(),
            suggestions: SpellingSuggestions::default(),
        };
        spelling::check_drafts(&mut state);
        state
    }

    pub fn focused(&self) -> Option<&ChatView> {
        self.chats.get(self.focus)
    }

    pub(crate) fn focused_mut(&mut self) -> Option<&mut ChatView> {
        self.chats.get_mut(self.focus)
    }

    pub fn active_chats(&self) -> usize {
        self.chats
            .iter()
            .filter(|c| c.state == ChatState::Active)
            .count()
    }

    /// Chats waiting in the queues, longest first.
    pub fn waiting(&self) -> Vec<&crate::protocol::QueuedChat> {
        let mut all: Vec<_> = self.queues.iter().flat_map(|q| q.chats.iter()).collect();
        all.sort_by_key(|c| c.queued_at);
        all
    }

    /// Open follow-up promises due by the end of today (overdue ones included).
    pub fn follow_ups_due_today(&self) -> usize {
        let zone = self.settings.time_zone.clone();
        let today = self.now.to_zoned(zone.clone()).date();
        self.follow_ups.as_ref().map_or(0, |list| {
            list.commitments
                .iter()
                .filter(|c| c.done_at.is_none() && c.due_at.to_zoned(zone.clone()).date() <= today)
                .count()
        })
    }

    /// Whether something on screen counts seconds (chat timers, offer countdowns, waits,
    /// the reconnecting banner). Otherwise only the minute clock changes.
    pub fn has_timers(&self) -> bool {
        !self.chats.is_empty()
            || !self.offers.is_empty()
            || self.queues.iter().any(|q| !q.chats.is_empty())
            || matches!(self.connection, Connection::Reconnecting { .. })
            || self.monitor_shown()
            || self.notice_showing()
    }

    /// Whether the lead's monitor is on screen: it stays drawn around a room opened over it
    /// (an escalation's thread, the take-over question), and its waits count on meanwhile.
    pub fn monitor_shown(&self) -> bool {
        self.monitor.open && self.me.role == Role::Lead
    }

    /// Where the keyboard is: the open overlay, else the monitor, the composer or home.
    pub fn place(&self) -> Place {
        match self.overlay.room() {
            Some(room) => room.place(),
            None if self.monitor_shown() => Place::Monitor,
            None if self.chats.is_empty() => Place::Home,
            None => Place::Composer,
        }
    }
}

/// Applies one action.
pub fn update(state: &mut State, action: Action) -> Vec<Command> {
    let mut commands = apply(state, action);
    spelling::check_drafts(state);
    commands.extend(spelling::ask_suggestions(state));
    fit_transcripts(state);
    commands
}

fn apply(state: &mut State, action: Action) -> Vec<Command> {
    let Some(action) = rooms::offer_news(state, action) else {
        return Vec::new();
    };
    match action {
        Action::Key(key) => match state.settings.keymap.intent(state.place(), &key) {
            Some(intent) => {
                // A notice tells the outcome of what was done last: the next act replaces it
                // (with its own outcome, or nothing), so none stays to contradict what follows.
                if notices::acts(intent) {
                    state.notice = None;
                }
                on_intent(state, intent)
            }
            None => type_key(state, key),
        },
        Action::Paste(text) => {
            // Pasted text goes into the composer as text; it is never sent by itself.
            let Some(chat) = state.focused_mut() else {
                return Vec::new();
            };
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            chat.composer.insert_str(text);
            vec![save_draft(chat)]
        }
        Action::Scroll(lines) => {
            scroll(state, lines);
            Vec::new()
        }
        Action::Resize { width, height } => {
            state.screen = ratatui::layout::Rect::new(0, 0, width, height);
            Vec::new()
        }
        Action::Tick(now) => {
            state.now = now;
            lead::ring_alerts(state)
        }
        Action::Connected => {
            if matches!(state.connection, Connection::Reconnecting { .. }) {
                state.say("Connected again.", false);
            }
            state.connection = Connection::Online;
            vec![Command::RefreshQueues]
        }
        Action::Disconnected { reason, .. } => {
            let since = match &state.connection {
                Connection::Reconnecting { since, .. } => *since,
                _ => state.now,
            };
            state.connection = Connection::Reconnecting {
                reason: sanitize_line(&reason),
                since,
            };
            Vec::new()
        }
        Action::SignedOut(why) => {
            state.connection = Connection::SignedOut(sanitize_line(&why));
            Vec::new()
        }
        Action::Backend(event) => {
            state.last_event_id = state.last_event_id.max(event.id);
            let mut commands = lead::on_event(state, &event);
            commands.extend(on_event(state, event.chat_id, event.body));
            commands
        }
        Action::Queues(queues) => {
            state.queues = queues.into_iter().map(clean_listing).collect();
            Vec::new()
        }
        Action::Delivered(message) => outbox::delivered(state, &message),
        Action::DeliveryRefused {
            chat_id,
            body,
            client_msg_id,
            problem,
        } => outbox::refused(state, chat_id, &body, &client_msg_id, &problem),
        Action::Unsent {
            chat_id,
            body,
            client_msg_id,
            why,
        } => outbox::unsent(state, chat_id, &body, &client_msg_id, &why),
        Action::Dispositions(list) => {
            state.dispositions = list.into_iter().map(clean_disposition).collect();
            Vec::new()
        }
        Action::Failed(sentence) => {
            state.say(sanitize_line(&sentence), true);
            Vec::new()
        }
        Action::PresenceSet(presence) => {
            state.me.presence = presence;
            state.say(notices::presence_sentence(presence), false);
            Vec::new()
        }
        Action::Procedure(procedure) => {
            state.settings.procedure = incoming::clean_procedure(procedure);
            Vec::new()
        }
        Action::FollowUps(list) => {
            state.follow_ups = Some(incoming::clean_follow_ups(list));
            Vec::new()
        }
        Action::Templates(templates) => {
            state.templates = templates;
            Vec::new()
        }
        Action::Floor(floor) => lead::take_floor(state, *floor),
        Action::Watching(detail) => {
            lead::watching(state, &detail);
            Vec::new()
        }
        Action::Missed(list) => {
            state.missed = list
                .into_iter()
                .map(crate::console::rooms::missed::clean_missed)
                .collect();
            Vec::new()
        }
        // News for a room that is no longer open ([`rooms::offer_news`] gave it to the room
        // while it was).
        Action::Colleagues { .. }
        | Action::Reviews { .. }
        | Action::ReviewsRefused { .. }
        | Action::ReviewOpened(_)
        | Action::CannedFound { .. } => Vec::new(),
        Action::SpellingFound { word, suggestions } => {
            state.suggestions.found(&word, suggestions);
            Vec::new()
        }
        Action::TicketOpened { chat, ticket, then } => ticket::opened(state, chat, ticket, then),
        Action::Done(sentence) => {
            state.say(sanitize_line(&sentence), false);
            Vec::new()
        }
    }
}

pub(crate) fn save_draft(chat: &ChatView) -> Command {
    Command::SaveDraft {
        chat_id: chat.id,
        text: chat.draft(),
    }
}
