//! What sits over the panes, one room per screen: the queue, the picker, the wrap-up form, the
//! help, the questions… Each room is one module that owns its state, what it does with the
//! agent's actions and typed keys, the actions its footer names first, and its drawing.
//!
//! `update` offers an action to the open room first ([`offer_intent`], [`offer_key`]); the room
//! consumes it, with the commands it gives as data, or ignores it, and only then do the panes
//! and the keys that work everywhere see it — the layers of a compositor, stopping at the first
//! that consumes. News from outside is offered the same way ([`offer_news`]): a room keeps what
//! is its own (its list, its search's answer).
//!
//! The rooms are the arms of one enum, [`Overlay`], written once by `register!`: the enum keeps
//! `state.overlay` a plain value that tests compare and match, while the trait keeps what each
//! room does inside its own module. A new room is its module, its place in the keymap, and one
//! line in the list below.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use crate::console::action::{Action, Command};
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};

pub mod checklist;
pub mod confirm_end;
pub mod escalation;
pub mod export;
pub mod follow_ups;
pub mod frame;
pub mod help;
pub mod missed;
pub mod picker;
pub mod question;
pub mod queue;
pub mod reviews;
pub mod ticket;
pub mod transfer;
pub mod watch;
pub mod wrap_up;

/// What a room did with an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Handled {
    /// Not the room's business: the panes and the keys that work everywhere get it.
    Ignored,
    /// Done, and the room stays open.
    Consumed(Vec<Command>),
    /// Done, and the room is gone: what `state.overlay` holds now (nothing, or a room opened in
    /// its place) is what shows.
    Closed(Vec<Command>),
}

impl Handled {
    /// Consumed, with nothing for the outside world.
    pub fn done() -> Handled {
        Handled::Consumed(Vec::new())
    }

    /// Closed, with nothing for the outside world.
    pub fn closed() -> Handled {
        Handled::Closed(Vec::new())
    }
}

/// Where a room may draw: the whole terminal above the notice and the keys, the work area (the
/// chats or the monitor), and the focused chat's pane (a dialog about a chat sits over that
/// chat, never over the other).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub screen: Rect,
    pub work: Rect,
    pub chat: Rect,
}

/// One screen over the panes.
pub trait Room {
    /// Where the keyboard is while the room is open: the keymap's table that applies.
    fn place(&self) -> Place;

    /// The actions the footer names first while the room is open (their keys are asked of the
    /// keymap).
    fn hints(&self) -> &'static [Intent] {
        &[Intent::Choose, Intent::Close]
    }

    /// An action of the keymap. The room is out of `state.overlay` meanwhile: it changes
    /// itself through `self`, and opens another room in its place by setting `state.overlay`
    /// and answering [`Handled::Closed`].
    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled;

    /// A key the keymap does not bind here, typed into the room. A key the room ignores goes
    /// nowhere: the composer is under the room.
    fn on_key(&mut self, _key: KeyEvent, _state: &mut State) -> Handled {
        Handled::Ignored
    }

    /// News from outside while the room is open (a list fetched, a search answered, a message
    /// in a watched chat): the room keeps what is its own and hands the rest back, for the
    /// console to take in.
    fn on_news(&mut self, news: Action, _state: &State) -> Option<Action> {
        Some(news)
    }

    /// Draws the room; only reads.
    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State);
}

impl<R: Room> Room for Box<R> {
    fn place(&self) -> Place {
        (**self).place()
    }

    fn hints(&self) -> &'static [Intent] {
        (**self).hints()
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        (**self).on_intent(intent, state)
    }

    fn on_key(&mut self, key: KeyEvent, state: &mut State) -> Handled {
        (**self).on_key(key, state)
    }

    fn on_news(&mut self, news: Action, state: &State) -> Option<Action> {
        (**self).on_news(news, state)
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        (**self).draw(frame, areas, state);
    }
}

/// Writes [`Overlay`] with one arm per room, and the one match that finds the open room.
macro_rules! register {
    ($($(#[$doc:meta])* $name:ident($room:ty),)*) => {
        /// What sits over the panes: nothing, or one room.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Overlay {
            None,
            $($(#[$doc])* $name($room),)*
        }

        impl Overlay {
            /// The open room, if any.
            pub fn room(&self) -> Option<&dyn Room> {
                match self {
                    Overlay::None => None,
                    $(Overlay::$name(room) => Some(room),)*
                }
            }

            /// The open room, to change.
            pub fn room_mut(&mut self) -> Option<&mut dyn Room> {
                match self {
                    Overlay::None => None,
                    $(Overlay::$name(room) => Some(room),)*
                }
            }
        }
    };
}

register! {
    Queue(queue::QueueList),
    ConfirmEnd(confirm_end::ConfirmEnd),
    WrapUp(Box<wrap_up::WrapUpForm>),
    Help(help::HelpView),
    Picker(picker::Picker),
    Checklist(checklist::Checklist),
    Transfer(transfer::TransferDialog),
    /// Opening (or editing) the focused chat's ticket.
    Ticket(Box<ticket::TicketDialog>),
    /// The procedure warns about something; the agent confirms or goes back.
    Question(question::Question),
    Export(export::ExportMenu),
    FollowUps(follow_ups::FollowUpList),
    Escalate(Box<escalation::EscalationDialog>),
    /// A lead watching someone else's chat.
    Watch(Box<watch::Watch>),
    /// Chats whose customer left before anyone answered.
    Missed(missed::MissedView),
    Reviews(Box<reviews::ReviewView>),
}

/// Offers `intent` to the open room. `None` when no room is open or it ignored the intent.
pub fn offer_intent(state: &mut State, intent: Intent) -> Option<Vec<Command>> {
    offer(state, |room, state| room.on_intent(intent, state))
}

/// Offers a typed key to the open room. `None` when no room is open; a key the room ignores is
/// dropped (`Some` of nothing), as the composer is under it.
pub fn offer_key(state: &mut State, key: KeyEvent) -> Option<Vec<Command>> {
    state.overlay.room()?;
    Some(offer(state, |room, state| room.on_key(key, state)).unwrap_or_default())
}

/// Offers news to the open room. What it hands back (all of it, with no room open) is for the
/// console.
pub fn offer_news(state: &mut State, news: Action) -> Option<Action> {
    let mut open = std::mem::replace(&mut state.overlay, Overlay::None);
    let Some(room) = open.room_mut() else {
        return Some(news);
    };
    let rest = room.on_news(news, state);
    state.overlay = open;
    rest
}

fn offer(
    state: &mut State,
    handle: impl FnOnce(&mut dyn Room, &mut State) -> Handled,
) -> Option<Vec<Command>> {
    let mut open = std::mem::replace(&mut state.overlay, Overlay::None);
    let room = open.room_mut()?;
    match handle(room, state) {
        Handled::Ignored => {
            state.overlay = open;
            None
        }
        Handled::Consumed(commands) => {
            state.overlay = open;
            Some(commands)
        }
        Handled::Closed(commands) => Some(commands),
    }
}

/// What a key does to a text field: a character typed (`Some(Some(c))`), one taken back
/// (`Some(None)`), or nothing to do with text (`None`).
pub fn edit_of(key: &KeyEvent) -> Option<Option<char>> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Some(c))
        }
        KeyCode::Backspace => Some(None),
        _ => None,
    }
}

/// Up or Down over a list of `len` entries: the highlight moves and stops at either end.
pub fn step(selected: &mut usize, len: usize, down: bool) {
    *selected = match down {
        true => (*selected + 1).min(len.saturating_sub(1)),
        false => selected.saturating_sub(1),
    };
}
