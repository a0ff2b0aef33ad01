//! The wrap-up of an ended chat: the form opens with the etiquette reminders on top (or as the
//! agent left it), checks itself on Enter and sends the wrap-up; closed before that, it is kept
//! to open again as it was.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;

use super::{Areas, Handled, Overlay, Room, edit_of};
use crate::console::action::Command;
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::policy::etiquette;
use crate::policy::wrap_up::disposition_of_ending;

pub mod draw;
pub mod form;
pub mod saved;

pub use form::{Field, WrapUpForm};
pub use saved::WrapUpDraft;

impl Room for WrapUpForm {
    fn place(&self) -> Place {
        Place::Form
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
        match intent {
            Intent::Up | Intent::Down => {
                self.move_by(intent == Intent::Down, state.dispositions.len());
            }
            Intent::NextField | Intent::PrevField => {
                self.next_field(intent == Intent::NextField);
                return Handled::done();
            }
            Intent::SwitchChoice => self.flip_choice(),
            Intent::Choose => return self.send(state),
            Intent::Close => {
                keep(state, self.clone());
                return Handled::Closed(vec![self.save(state)]);
            }
            _ => return Handled::Ignored,
        }
        Handled::Consumed(vec![self.save(state)])
    }

    fn on_key(&mut self, key: KeyEvent, state: &mut State) -> Handled {
        match edit_of(&key) {
            Some(Some(c)) => self.type_char(c),
            Some(None) => self.backspace(),
            None => return Handled::done(),
        }
        Handled::Consumed(vec![self.save(state)])
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        draw::draw(frame, areas.chat, state, self);
    }
}

impl WrapUpForm {
    /// Enter: the wrap-up goes to the backend when the form is right; else the form names what
    /// is wrong.
    fn send(&mut self, state: &mut State) -> Handled {
        let now = state.now.to_zoned(state.settings.time_zone.clone());
        let Some(wrap_up) = self.check(&state.dispositions, &now) else {
            return Handled::done();
        };
        // Kept until the chat is gone, should the backend refuse it (on disk it is as the
        // last change left it).
        keep(state, self.clone());
        Handled::Closed(vec![Command::WrapUp {
            chat: self.chat,
            wrap_up,
        }])
    }

    /// Keeps the form as it is now on disk, to open again after a restart until the chat is
    /// wrapped up.
    fn save(&self, state: &State) -> Command {
        Command::SaveWrapUpDraft {
            chat: self.chat,
            draft: Some(self.draft(&state.dispositions)),
        }
    }
}

/// The wrap-up forms kept on disk for `state`'s ended chats, read back at start (`load` reads
/// one chat's), to open again as the agent left them.
pub fn restore(state: &mut State, load: &dyn Fn(uuid::Uuid) -> Option<WrapUpDraft>) {
    for chat in &state.chats {
        if chat.state != crate::protocol::ChatState::Ended {
            continue;
        }
        if let Some(draft) = load(chat.id) {
            let form = WrapUpForm::from_draft(chat.id, draft, &state.dispositions);
            state.wrap_up_drafts.push(form);
        }
    }
}

/// The wrap-up key on an ended chat: the form, with the etiquette reminders on top.
pub fn open(state: &mut State) -> Vec<Command> {
    let Some(chat) = state.focused() else {
        return Vec::new();
    };
    let first = chat.customer.name.clone();
    let reminders = etiquette::at_wrap_up(&first, &chat.agent_texts())
        .iter()
        .map(|r| r.sentence().to_string())
        .collect();
    let notes = chat.draft().trim().to_string();
    let id = chat.id;
    let ended_by = chat.ended_by;
    let kept = state.wrap_up_drafts.iter().position(|f| f.chat == id);
    let form = match kept {
        Some(at) => WrapUpForm {
            reminders,
            ..state.wrap_up_drafts.remove(at)
        },
        None => {
            let settled = disposition_of_ending(ended_by)
                .and_then(|code| state.dispositions.iter().position(|d| d.code == code));
            let mut form = WrapUpForm::new(id, notes, reminders, settled);
            // A ticket opened during the chat is there to edit (its reference stays).
            if let Some(ticket) = state.focused().and_then(|c| c.ticket.as_ref()) {
                form.subject = ticket.subject.clone();
                form.contact = ticket.contact;
                form.ticket_note = ticket.note.clone().unwrap_or_default();
            }
            form
        }
    };
    state.overlay = Overlay::WrapUp(Box::new(form));
    Vec::new()
}

/// Keeps a wrap-up form closed before its chat was wrapped up, to open again as it was; forms of
/// chats that are gone are dropped.
fn keep(state: &mut State, form: WrapUpForm) {
    let chats: Vec<uuid::Uuid> = state.chats.iter().map(|c| c.id).collect();
    state
        .wrap_up_drafts
        .retain(|f| f.chat != form.chat && chats.contains(&f.chat));
    state.wrap_up_drafts.push(form);
}
