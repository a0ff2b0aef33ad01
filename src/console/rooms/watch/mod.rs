//! A lead watching someone else's chat: read-only and live, with a line to whisper to its
//! agent (the customer does not see it), and the key that takes the chat over.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;

use super::question::{Question, Then};
use super::{Areas, Handled, Overlay, Room, edit_of};
use crate::console::action::{Action, Command};
use crate::console::app::State;
use crate::console::chat::ChatView;
use crate::console::keymap::{Intent, Place};
use crate::policy::sanitize::sanitize_line;
use crate::policy::text_limits::{WHISPER_CHARS, room_for_one_more};
use crate::protocol::{ChatDetail, EventBody};

pub mod draw;

/// The chat a lead watches: read-only, live, with a line to whisper to its agent.
#[derive(Debug, Clone)]
pub struct Watch {
    pub chat: ChatView,
    pub agent_name: String,
    pub whisper: String,
}

/// Two views of the same chat with the same whisper typed are the same view.
impl PartialEq for Watch {
    fn eq(&self, other: &Watch) -> bool {
        self.chat.id == other.chat.id && self.whisper == other.whisper
    }
}

impl Watch {
    pub fn new(detail: &ChatDetail) -> Watch {
        Watch {
            chat: ChatView::new(detail, None),
            agent_name: detail
                .chat
                .agent_name
                .as_deref()
                .map(sanitize_line)
                .unwrap_or_default(),
            whisper: String::new(),
        }
    }
}

impl Room for Watch {
    fn place(&self) -> Place {
        Place::Watch
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        match intent {
            Intent::Send | Intent::Choose => self.whisper(state),
            Intent::TakeOver => take_over(self, state),
            _ => Handled::Ignored,
        }
    }

    fn on_key(&mut self, key: KeyEvent, _state: &mut State) -> Handled {
        match edit_of(&key) {
            Some(Some(c)) if !c.is_control() && room_for_one_more(&self.whisper, WHISPER_CHARS) => {
                self.whisper.push(c);
            }
            Some(None) => {
                self.whisper.pop();
            }
            _ => {}
        }
        Handled::done()
    }

    /// A message or a whisper in the watched chat shows as it happens; the console takes the
    /// event in too.
    fn on_news(&mut self, news: Action, _state: &State) -> Option<Action> {
        if let Action::Backend(event) = &news {
            match &event.body {
                EventBody::MessageCreated { message } if message.chat_id == self.chat.id => {
                    self.chat.add(message);
                }
                EventBody::WhisperCreated { whisper } if whisper.chat_id == self.chat.id => {
                    self.chat.add_whisper(whisper.clone());
                }
                _ => {}
            }
        }
        Some(news)
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        draw::draw(frame, areas.work, state, self);
    }
}

impl Watch {
    /// Enter: the whisper goes to the chat's agent.
    fn whisper(&mut self, state: &mut State) -> Handled {
        let body = self.whisper.trim().to_string();
        if body.is_empty() {
            return Handled::done();
        }
        self.whisper.clear();
        state.say(format!("Whispered to {}.", self.agent_name), false);
        Handled::Consumed(vec![Command::Whisper {
            chat: self.chat.id,
            body,
        }])
    }
}

/// The take-over key: asks first, saying what taking over means for the record; going back
/// returns to watching.
fn take_over(watch: &Watch, state: &mut State) -> Handled {
    let watch = Box::new(watch.clone());
    let agent = watch.agent_name.clone();
    state.overlay = Overlay::Question(Question {
        title: format!("Take {} over from {agent}?", watch.chat.customer.name),
        lines: vec![
            format!("The chat becomes yours: {agent} is told, the customer hears your name."),
            format!(
                "From now on its replies, waits and wrap-up are on your record; what came \
                 before stays on {agent}'s."
            ),
        ],
        then: Then::TakeOver(watch),
    });
    Handled::closed()
}
