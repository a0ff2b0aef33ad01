//! Escalating a chat to the leads — choose a template and fill it in, its rules checked as the
//! agent goes — or answering in one of the chat's escalation threads.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;

use super::{Areas, Handled, Overlay, Room, edit_of, step};
use crate::console::action::Command;
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::policy::escalation::MAX_REPLY_CHARS;
use crate::policy::text_limits::room_for_one_more;

pub mod dialog;
pub mod draw;

pub use dialog::{Choice, EscalationDialog, Filling, Stage, choices};

impl Room for EscalationDialog {
    fn place(&self) -> Place {
        Place::Escalate
    }

    fn hints(&self) -> &'static [Intent] {
        &[
            Intent::Choose,
            Intent::NextField,
            Intent::PrevField,
            Intent::SwitchChoice,
            Intent::Close,
        ]
    }

    fn on_intent(&mut self, intent: Intent, state: &mut State) -> Handled {
        match (intent, &mut self.stage) {
            (Intent::Up | Intent::Down, Stage::Choose { selected }) => {
                let escalations = state
                    .chats
                    .iter()
                    .find(|c| c.id == self.chat)
                    .map_or(0, |c| c.escalations.len());
                step(
                    selected,
                    escalations + state.templates.len(),
                    intent == Intent::Down,
                );
            }
            (Intent::Up | Intent::Down, Stage::Fill(filling)) => {
                filling.next_field(intent == Intent::Down);
            }
            (Intent::NextField | Intent::PrevField, Stage::Fill(filling)) => {
                filling.next_field(intent == Intent::NextField);
            }
            (Intent::SwitchChoice, Stage::Fill(filling)) => filling.flip(),
            (Intent::Up | Intent::Down | Intent::NextField | Intent::PrevField, _) => {}
            (Intent::SwitchChoice, _) => {}
            (Intent::Choose, _) => return choose(self, state),
            _ => return Handled::Ignored,
        }
        Handled::done()
    }

    fn on_key(&mut self, key: KeyEvent, _state: &mut State) -> Handled {
        let Some(typed) = edit_of(&key) else {
            return Handled::done();
        };
        match &mut self.stage {
            Stage::Fill(filling) => match typed {
                Some(c) => filling.type_char(c),
                None => filling.backspace(),
            },
            Stage::Reply { text, .. } => match typed {
                Some(c) if !c.is_control() && room_for_one_more(text, MAX_REPLY_CHARS) => {
                    text.push(c);
                }
                Some(_) => {}
                None => {
                    text.pop();
                }
            },
            Stage::Choose { .. } => {}
        }
        Handled::done()
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        draw::draw(frame, areas.chat, state, self);
    }
}

/// The escalation key: the dialog for the focused chat.
pub fn open(state: &mut State) -> Vec<Command> {
    let Some(chat) = state.focused() else {
        state.say("Open a chat first; an escalation is about a chat.", false);
        return Vec::new();
    };
    state.overlay = Overlay::Escalate(Box::new(EscalationDialog {
        chat: chat.id,
        stage: Stage::Choose { selected: 0 },
    }));
    // Asked again each time: where a template goes depends on the day (a weekend or holiday
    // sends it elsewhere), and a console may run from a Friday into a Saturday.
    vec![Command::FetchTemplates]
}

fn choose(dialog: &mut EscalationDialog, state: &mut State) -> Handled {
    let chat = state.chats.iter().find(|c| c.id == dialog.chat);
    match &mut dialog.stage {
        Stage::Choose { selected } => {
            let escalations = chat.map(|c| c.escalations.clone()).unwrap_or_default();
            let client_id = chat.and_then(|c| c.customer.client_id.clone());
            let list = choices(&escalations, &state.templates);
            dialog.stage = match list.get(*selected) {
                Some(Choice::Answer(e)) => Stage::Reply {
                    escalation: e.id,
                    text: String::new(),
                },
                Some(Choice::Template(t)) => {
                    Stage::Fill(Box::new(Filling::new((*t).clone(), client_id.as_deref())))
                }
                None => return Handled::done(),
            };
            Handled::done()
        }
        Stage::Fill(filling) => match filling.ready() {
            Some(escalation) => {
                state.say(
                    format!("{} sent to the leads.", filling.template.name),
                    false,
                );
                Handled::Closed(vec![Command::Escalate {
                    chat: dialog.chat,
                    escalation,
                }])
            }
            None => Handled::done(),
        },
        Stage::Reply { escalation, text } => {
            let body = text.trim().to_string();
            if body.is_empty() {
                return Handled::done();
            }
            Handled::Closed(vec![Command::ReplyToEscalation {
                escalation: *escalation,
                body,
            }])
        }
    }
}
