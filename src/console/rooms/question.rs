//! The procedure's questions: a warning that needs a yes before the console goes on (send a
//! shouted reply, insert a response for verified customers, quit with live chats, hold, take a
//! chat over).

use ratatui::Frame;
use ratatui::text::Line;
use uuid::Uuid;

use super::frame::boxed;
use super::{Areas, Handled, Overlay, Room};
use crate::console::action::Command;
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::rooms::watch::Watch;
use crate::protocol::Presence;

/// A warning that needs a yes before the console goes on.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub title: String,
    pub lines: Vec<String>,
    pub then: Then,
}

/// What a yes to a [`Question`] does.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// Send the focused chat's draft as it is.
    SendAnyway,
    /// Insert a response meant for verified customers.
    Insert {
        text: String,
        replace: Option<std::ops::Range<usize>>,
    },
    /// Quit although chats are live: they stay assigned, and presence goes away.
    Quit,
    /// Put the chat on hold: the agent confirms the customer agreed.
    Hold { chat: Uuid },
    /// A lead takes the watched chat over; going back returns to watching it.
    TakeOver(Box<Watch>),
}

impl Room for Question {
    fn place(&self) -> Place {
        Place::Confirm
    }

    fn hints(&self) -> &'static [Intent] {
        &[Intent::Confirm, Intent::Close]
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        match intent {
            Intent::Confirm => Handled::Closed(yes(state, self.then.clone())),
            Intent::Close => {
                // Not taking the chat over after all: back to watching it.
                if let Then::TakeOver(watch) = &self.then {
                    state.overlay = Overlay::Watch(watch.clone());
                }
                Handled::closed()
            }
            _ => Handled::Ignored,
        }
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        let mut lines: Vec<Line> = self
            .lines
            .iter()
            .map(|l| Line::from(format!(" {l}")))
            .collect();
        lines.push(Line::from(""));
        lines.push(Line::from(format!(
            " {}",
            state.settings.keymap.hints(
                Place::Confirm,
                &[
                    (Intent::Confirm, "goes ahead"),
                    (Intent::Close, "goes back")
                ],
            )
        )));
        boxed(frame, areas.work, 64, format!(" {} ", self.title), lines);
    }
}

/// Y to a procedure question.
fn yes(state: &mut State, then: Then) -> Vec<Command> {
    use crate::console::app::{canned, hold, keys, lead};
    match then {
        Then::SendAnyway => keys::send_now(state),
        Then::Insert { text, replace } => canned::insert(state, &text, replace),
        Then::Hold { chat } => hold::hold(state, chat, true),
        Then::Quit => {
            state.quitting = true;
            // Live chats stay the agent's: no new offers may come while they are gone.
            match state.me.presence {
                Presence::Available | Presence::WrapUp => vec![Command::QuitAway],
                Presence::Away | Presence::Offline => vec![Command::Quit],
            }
        }
        Then::TakeOver(watch) => lead::take_over_now(state, &watch),
    }
}
