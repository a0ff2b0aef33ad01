//! The console's state and `update`, which turns one action into the next state and the
//! commands for the outside world. No I/O, no clock, no randomness: time arrives as `Tick`.

use jiff::Timestamp;
use uuid::Uuid;

use crate::assets::SlaPolicy;
use crate::console::action::{Action, Command};
use crate::console::chat::{ChatView, Pending, composer};
use crate::console::keymap::{Intent, Keymap, Place};
use crate::policy::sanitize::sanitize_line;
use crate::protocol::{
    ChatDetail, ChatState, DispositionCodeInfo, EventBody, Me, Offer, Party, Presence,
    QueueListing, QueuedChat, Snapshot,
};

/// The state of the link to the backend.
#[derive(Debug, Clone, PartialEq)]
pub enum Connection {
    Online,
    Reconnecting { reason: String, since: Timestamp },
    SignedOut(String),
}

/// What sits over the panes.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Queue { selected: usize },
    ConfirmEnd(Uuid),
    WrapUp { chat: Uuid, selected: usize },
    Help,
}

/// A sentence for the agent, in the footer.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub warning: bool,
    pub at: Timestamp,
}

/// How notices and the bell behave.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub sla: SlaPolicy,
    pub bell: bool,
    pub demo: bool,
    /// Times on screen are shown in this zone.
    pub time_zone: jiff::tz::TimeZone,
    pub keymap: Keymap,
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
    pub notice: Option<Notice>,
    pub dispositions: Vec<DispositionCodeInfo>,
    pub now: Timestamp,
    pub last_event_id: i64,
    pub settings: Settings,
    /// Makes client message ids unique: the session's start and a counter.
    session: i64,
    sent: u64,
    pub quitting: bool,
}

/// How far PageUp/PageDown move, in lines.
const PAGE: u16 = 10;

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
        State {
            me,
            connection: Connection::Online,
            offers: snapshot.offers.into_iter().map(clean_offer).collect(),
            queues: snapshot.queues.into_iter().map(clean_listing).collect(),
            chats,
            focus: 0,
            overlay: Overlay::None,
            notice: None,
            dispositions: dispositions.into_iter().map(clean_disposition).collect(),
            now,
            last_event_id: snapshot.last_event_id,
            settings,
            session: now.as_millisecond(),
            sent: 0,
            quitting: false,
        }
    }

    pub fn focused(&self) -> Option<&ChatView> {
        self.chats.get(self.focus)
    }

    fn focused_mut(&mut self) -> Option<&mut ChatView> {
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

    /// Whether something on screen counts seconds (chat timers, offer countdowns, waits,
    /// the reconnecting banner). Otherwise only the minute clock changes.
    pub fn has_timers(&self) -> bool {
        !self.chats.is_empty()
            || !self.offers.is_empty()
            || self.queues.iter().any(|q| !q.chats.is_empty())
            || matches!(self.connection, Connection::Reconnecting { .. })
    }

    fn say(&mut self, text: impl Into<String>, warning: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            warning,
            at: self.now,
        });
    }

    fn place(&self) -> Place {
        match self.overlay {
            Overlay::None if self.chats.is_empty() => Place::Home,
            Overlay::None => Place::Composer,
            Overlay::Queue { .. } => Place::Queue,
            Overlay::ConfirmEnd(_) => Place::Confirm,
            Overlay::WrapUp { .. } => Place::Form,
            Overlay::Help => Place::Help,
        }
    }
}

/// Applies one action.
pub fn update(state: &mut State, action: Action) -> Vec<Command> {
    match action {
        Action::Key(key) => match state.settings.keymap.intent(state.place(), &key) {
            Some(intent) => on_intent(state, intent),
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
        Action::Tick(now) => {
            state.now = now;
            Vec::new()
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
            on_event(state, event.chat_id, event.body)
        }
        Action::Queues(queues) => {
            state.queues = queues.into_iter().map(clean_listing).collect();
            Vec::new()
        }
        Action::Delivered(message) => {
            if let Some(chat) = state.chats.iter_mut().find(|c| c.id == message.chat_id) {
                chat.add(&message);
            }
            Vec::new()
        }
        Action::DeliveryRefused {
            chat_id,
            body,
            client_msg_id,
            problem,
        } => {
            give_back(state, chat_id, &body, &client_msg_id);
            state.say(
                format!(
                    "A message was not sent and is back in the composer: {}",
                    sanitize_line(&problem.detail)
                ),
                true,
            );
            Vec::new()
        }
        Action::Unsent {
            chat_id,
            body,
            client_msg_id,
            why,
        } => {
            give_back(state, chat_id, &body, &client_msg_id);
            state.say(format!("Not sent, back in the composer: {why}."), true);
            Vec::new()
        }
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
            Vec::new()
        }
    }
}

/// Puts the text of a message that did not go out back into its chat's composer.
fn give_back(state: &mut State, chat_id: Uuid, body: &str, client_msg_id: &str) {
    if let Some(chat) = state.chats.iter_mut().find(|c| c.id == chat_id) {
        chat.pending.retain(|p| p.client_msg_id != client_msg_id);
        let mut text = chat.draft();
        if !text.trim().is_empty() {
            text.push('\n');
        }
        text.push_str(body);
        chat.composer = composer(&text);
    }
}

/// Remote text is made safe when it enters the state, whatever later draws it.
fn clean_offer(mut offer: Offer) -> Offer {
    offer.customer.name = sanitize_line(&offer.customer.name);
    offer.customer.email = sanitize_line(&offer.customer.email);
    offer.customer.client_id = offer.customer.client_id.as_deref().map(sanitize_line);
    offer.queue_name = sanitize_line(&offer.queue_name);
    offer.queue = sanitize_line(&offer.queue);
    offer
}

fn clean_queued(mut entry: QueuedChat) -> QueuedChat {
    entry.customer_name = sanitize_line(&entry.customer_name);
    entry.customer_email = sanitize_line(&entry.customer_email);
    entry.queue = sanitize_line(&entry.queue);
    entry
}

fn clean_listing(mut listing: QueueListing) -> QueueListing {
    listing.name = sanitize_line(&listing.name);
    listing.chats = listing.chats.into_iter().map(clean_queued).collect();
    listing
}

fn clean_disposition(mut code: DispositionCodeInfo) -> DispositionCodeInfo {
    code.name = sanitize_line(&code.name);
    code.description = sanitize_line(&code.description);
    code
}

fn save_draft(chat: &ChatView) -> Command {
    Command::SaveDraft {
        chat_id: chat.id,
        text: chat.draft(),
    }
}

fn type_key(state: &mut State, key: ratatui::crossterm::event::KeyEvent) -> Vec<Command> {
    // With the wrap-up list open, typing writes the notes in the composer.
    if !matches!(state.overlay, Overlay::None | Overlay::WrapUp { .. }) {
        return Vec::new();
    }
    let Some(chat) = state.focused_mut() else {
        return Vec::new();
    };
    if chat.composer.input(key) {
        vec![save_draft(chat)]
    } else {
        Vec::new()
    }
}

fn scroll(state: &mut State, lines: i32) {
    if let Some(chat) = state.focused_mut() {
        let most = i32::from(chat.max_scroll.get());
        let next = (i32::from(chat.scroll) + lines).clamp(0, most);
        chat.scroll = u16::try_from(next).unwrap_or(0);
        if chat.scroll == 0 {
            chat.unseen = 0;
        }
    }
}

fn next_presence(current: Presence) -> Presence {
    match current {
        Presence::Offline => Presence::Available,
        Presence::Available => Presence::Away,
        Presence::Away => Presence::Offline,
        // Leaving wrap-up means asking for available; the backend says whether it may.
        Presence::WrapUp => Presence::Available,
    }
}

fn on_intent(state: &mut State, intent: Intent) -> Vec<Command> {
    match intent {
        Intent::Quit => {
            state.quitting = true;
            vec![Command::Quit]
        }
        Intent::Help => {
            state.overlay = Overlay::Help;
            Vec::new()
        }
        Intent::CyclePresence => vec![Command::SetPresence(next_presence(state.me.presence))],
        Intent::AcceptOffer => match state.offers.first() {
            Some(offer) => vec![Command::Accept(offer.id)],
            None => {
                state.say("There is no offer to accept.", false);
                Vec::new()
            }
        },
        Intent::DeclineOffer => match state.offers.first() {
            Some(offer) => vec![Command::Decline(offer.id)],
            None => Vec::new(),
        },
        Intent::ToggleQueue => {
            state.overlay = match state.overlay {
                Overlay::Queue { .. } => Overlay::None,
                _ => Overlay::Queue { selected: 0 },
            };
            vec![Command::RefreshQueues]
        }
        Intent::NextPane => {
            if !state.chats.is_empty() {
                state.focus = (state.focus + 1) % state.chats.len();
            }
            Vec::new()
        }
        Intent::EndOrWrapUp => {
            if state.focused().is_some_and(|c| c.state == ChatState::Ended)
                && state.dispositions.is_empty()
            {
                state.say(
                    "Fetching the disposition codes; press F8 again in a moment.",
                    true,
                );
                return vec![Command::RefreshDispositions];
            }
            if let Some(chat) = state.focused() {
                state.overlay = match chat.state {
                    ChatState::Ended => Overlay::WrapUp {
                        chat: chat.id,
                        selected: 0,
                    },
                    _ => Overlay::ConfirmEnd(chat.id),
                };
            }
            Vec::new()
        }
        Intent::ScrollBack => {
            scroll(state, i32::from(PAGE));
            Vec::new()
        }
        Intent::ScrollForward => {
            scroll(state, -i32::from(PAGE));
            Vec::new()
        }
        Intent::Send => send(state),
        Intent::Newline => match state.focused_mut() {
            Some(chat) => {
                chat.composer.insert_newline();
                vec![save_draft(chat)]
            }
            None => Vec::new(),
        },
        Intent::Up | Intent::Down => {
            let down = intent == Intent::Down;
            let len = match state.overlay {
                Overlay::Queue { .. } => state.waiting().len(),
                Overlay::WrapUp { .. } => state.dispositions.len(),
                _ => 0,
            };
            if let Overlay::Queue { selected } | Overlay::WrapUp { selected, .. } =
                &mut state.overlay
            {
                *selected = match down {
                    true => (*selected + 1).min(len.saturating_sub(1)),
                    false => selected.saturating_sub(1),
                };
            }
            Vec::new()
        }
        Intent::Choose => choose(state),
        Intent::Confirm => match std::mem::replace(&mut state.overlay, Overlay::None) {
            Overlay::ConfirmEnd(chat) => vec![Command::End(chat)],
            _ => Vec::new(),
        },
        Intent::Close => {
            state.overlay = Overlay::None;
            Vec::new()
        }
    }
}

fn choose(state: &mut State) -> Vec<Command> {
    match state.overlay.clone() {
        Overlay::Queue { selected } => {
            // The list may have shrunk since the highlight moved: take what is highlighted.
            let waiting = state.waiting();
            let chat = waiting
                .get(selected.min(waiting.len().saturating_sub(1)))
                .map(|c| c.chat_id);
            state.overlay = Overlay::None;
            chat.map(Command::PickUp).into_iter().collect()
        }
        Overlay::WrapUp { chat, selected } => {
            let Some(code) = state.dispositions.get(selected).map(|d| d.code.clone()) else {
                return Vec::new();
            };
            let Some(view) = state.chats.iter_mut().find(|c| c.id == chat) else {
                state.overlay = Overlay::None;
                return Vec::new();
            };
            let notes = view.draft().trim().to_string();
            if notes.is_empty() {
                state.say(
                    "Write the notes in the composer first; a disposition needs notes.",
                    true,
                );
                return Vec::new();
            }
            state.overlay = Overlay::None;
            vec![Command::SetDisposition { chat, code, notes }]
        }
        _ => Vec::new(),
    }
}

fn send(state: &mut State) -> Vec<Command> {
    let session = state.session;
    let now = state.now;
    state.sent += 1;
    let counter = state.sent;
    let Some(chat) = state.chats.get_mut(state.focus) else {
        return Vec::new();
    };
    let body = chat.draft();
    if body.trim().is_empty() {
        return Vec::new();
    }
    if chat.state != ChatState::Active {
        state.say("This chat has ended; nothing was sent.", true);
        return Vec::new();
    }
    if let Connection::SignedOut(why) = &state.connection {
        let why = why.clone();
        state.say(
            format!("Signed out ({why}); your text stays in the composer."),
            true,
        );
        return Vec::new();
    }
    let client_msg_id = format!("console-{session}-{counter}");
    chat.pending.push(Pending {
        client_msg_id: client_msg_id.clone(),
        body: crate::policy::sanitize::sanitize(&body),
        typed_at: now,
    });
    chat.composer = composer("");
    chat.scroll = 0;
    chat.unseen = 0;
    vec![
        Command::Send {
            chat_id: chat.id,
            body,
            client_msg_id,
        },
        Command::SaveDraft {
            chat_id: chat.id,
            text: String::new(),
        },
    ]
}

fn on_event(state: &mut State, chat_id: Option<Uuid>, body: EventBody) -> Vec<Command> {
    let chat_index = chat_id.and_then(|id| state.chats.iter().position(|c| c.id == id));
    match body {
        EventBody::OfferCreated { offer } => {
            state.offers.retain(|o| o.id != offer.id);
            state.offers.push(clean_offer(*offer));
            if state.settings.bell {
                return vec![Command::Bell];
            }
        }
        EventBody::OfferEnded { offer_id, .. } => state.offers.retain(|o| o.id != offer_id),
        EventBody::ChatAssigned { detail } => assign(state, &detail),
        EventBody::MessageCreated { message } => {
            if let Some(i) = chat_index {
                state.chats[i].add(&message);
            }
        }
        EventBody::ChatEnded { by } => {
            if let Some(i) = chat_index {
                let chat = &mut state.chats[i];
                chat.state = ChatState::Ended;
                chat.ended_by = Some(by);
                if by == Party::Customer {
                    let name = chat.customer.name.clone();
                    state.say(
                        format!("{name} ended the chat; wrap it up with F8 in its pane."),
                        false,
                    );
                }
            }
        }
        EventBody::ChatUpdated { chat } => {
            if let Some(i) = chat_index {
                state.chats[i].set_updated(&chat);
                if chat.state == ChatState::Ended && chat.disposition.is_some() {
                    remove_chat(state, i);
                    state.say("Wrapped up.", false);
                    // The notes were the composer's text: the draft is done with.
                    return vec![Command::SaveDraft {
                        chat_id: chat.id,
                        text: String::new(),
                    }];
                }
            }
        }
        EventBody::ChatTransferred {
            to_agent_name,
            to_queue,
            ..
        } => {
            if let Some(i) = chat_index {
                let name = state.chats[i].customer.name.clone();
                remove_chat(state, i);
                let to = to_agent_name
                    .or(to_queue)
                    .map(|t| sanitize_line(&t))
                    .unwrap_or_default();
                state.say(format!("The chat with {name} went to {to}."), false);
            }
        }
        EventBody::QueueEntered { entry } => {
            if let Some(queue) = state.queues.iter_mut().find(|q| q.id == entry.queue) {
                queue.chats.retain(|c| c.chat_id != entry.chat_id);
                queue.chats.push(clean_queued(entry));
                queue.chats.sort_by_key(|c| c.queued_at);
                queue.depth = u32::try_from(queue.chats.len()).unwrap_or(u32::MAX);
            }
        }
        EventBody::QueueLeft { queue } => {
            if let Some(listing) = state.queues.iter_mut().find(|q| q.id == queue) {
                listing.chats.retain(|c| Some(c.chat_id) != chat_id);
                listing.depth = u32::try_from(listing.chats.len()).unwrap_or(u32::MAX);
            }
        }
        EventBody::PresenceChanged { presence, reason } => {
            state.me.presence = presence;
            if let Some(reason) = reason {
                state.say(sanitize_line(&reason), presence != Presence::Available);
            }
        }
        EventBody::ChatQueued { .. }
        | EventBody::QueuePosition { .. }
        | EventBody::AgentJoined { .. } => {}
    }
    state.me.active_chats = u32::try_from(state.active_chats()).unwrap_or(u32::MAX);
    Vec::new()
}

fn assign(state: &mut State, detail: &ChatDetail) {
    let view = ChatView::new(detail, None);
    match state.chats.iter().position(|c| c.id == view.id) {
        Some(i) => {
            let old = std::mem::replace(&mut state.chats[i], view);
            let chat = &mut state.chats[i];
            chat.composer = old.composer;
            chat.pending = old.pending;
            chat.scroll = old.scroll;
            chat.unseen = old.unseen;
        }
        None => {
            state.chats.push(view);
            if state.chats.len() == 1 {
                state.focus = 0;
            }
        }
    }
    state.offers.retain(|o| o.chat_id != detail.chat.id);
}

fn remove_chat(state: &mut State, index: usize) {
    state.chats.remove(index);
    if state.focus >= state.chats.len() {
        state.focus = state.chats.len().saturating_sub(1);
    }
    if matches!(
        state.overlay,
        Overlay::ConfirmEnd(_) | Overlay::WrapUp { .. }
    ) {
        state.overlay = Overlay::None;
    }
}
