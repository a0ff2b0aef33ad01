//! The chat's ticket, opened while the chat goes on: the dialog opens for the focused chat
//! (filled with its ticket when it has one), Enter asks the backend when there is a subject. A
//! response that needs the reference (`{ticket.id}`) opens the dialog first and is inserted once
//! the ticket exists.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::{boxed, hints};
use super::{Areas, Handled, Overlay, Room, edit_of};
use crate::console::action::Command;
use crate::console::app::State;
use crate::console::keymap::{Intent, Place};
use crate::console::theme::Role;
use crate::protocol::{ChatState, PreferredContact};

pub mod dialog;

pub use dialog::{InsertAfter, TicketDialog, TicketField, contact_label};

impl Room for TicketDialog {
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

    fn on_intent(&mut self, intent: Intent, _state: &mut State) -> Handled {
        match intent {
            Intent::Up | Intent::Down => self.next_field(intent == Intent::Down),
            Intent::NextField | Intent::PrevField => self.next_field(intent == Intent::NextField),
            Intent::SwitchChoice => self.flip_choice(),
            // The ticket goes to the backend when it has a subject.
            Intent::Choose => {
                return match self.check() {
                    Some(ticket) => Handled::Closed(vec![Command::OpenTicket {
                        chat: self.chat,
                        ticket,
                        then: self.then.take(),
                    }]),
                    None => Handled::done(),
                };
            }
            _ => return Handled::Ignored,
        }
        Handled::done()
    }

    fn on_key(&mut self, key: KeyEvent, _state: &mut State) -> Handled {
        match edit_of(&key) {
            Some(Some(c)) => self.type_char(c),
            Some(None) => self.backspace(),
            None => {}
        }
        Handled::done()
    }

    fn draw(&self, frame: &mut Frame, areas: &Areas, state: &State) {
        draw_dialog(frame, areas.chat, state, self);
    }
}

/// The dialog, with a response to insert once the ticket is open.
pub fn open(state: &mut State, then: Option<InsertAfter>) {
    let Some(chat) = state.focused() else {
        state.say("Open a chat first; a ticket belongs to a chat.", false);
        return;
    };
    if chat.state == ChatState::Queued {
        return;
    }
    let mut dialog = TicketDialog::new(chat.id, chat.ticket.as_ref());
    if then.is_some() {
        dialog.error = Some(
            "This response gives the customer the ticket's reference: open the ticket first."
                .into(),
        );
    }
    dialog.then = then;
    state.overlay = Overlay::Ticket(Box::new(dialog));
}

/// The ticket dialog: subject, how the customer wants to hear back, a note.
fn draw_dialog(frame: &mut Frame, area: Rect, state: &State, dialog: &TicketDialog) {
    let theme = &state.settings.theme;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(reference) = &dialog.reference {
        lines.push(Line::from(format!(
            " Ticket {reference}: the customer has this reference."
        )));
        lines.push(Line::from(""));
    }
    for field in TicketField::ALL {
        let focused = field == dialog.field;
        let label_style = if focused {
            theme[Role::Marker]
        } else {
            theme[Role::Heading]
        };
        let value = match field {
            TicketField::Subject => {
                format!(" {}{}", dialog.subject, if focused { "▏" } else { "" })
            }
            TicketField::Note => format!(" {}{}", dialog.note, if focused { "▏" } else { "" }),
            TicketField::Contact => [PreferredContact::CallBack, PreferredContact::Email]
                .iter()
                .map(|c| {
                    let mark = if *c == dialog.contact { "(•)" } else { "( )" };
                    format!(" {mark} {}", contact_label(*c))
                })
                .collect(),
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {} ", field.label()), label_style),
            Span::raw(value),
        ]));
    }
    if let Some(error) = &dialog.error {
        lines.push(Line::from(Span::styled(
            format!(" {error}"),
            theme[Role::Error],
        )));
    }
    lines.push(Line::from(""));
    lines.push(hints(
        state,
        Place::Form,
        &[
            (Intent::NextField, "next field"),
            (Intent::SwitchChoice, "call back or e-mail"),
            (Intent::Choose, "opens it"),
            (Intent::Close, "closes"),
        ],
    ));
    let title = match &dialog.reference {
        Some(reference) => format!(" Ticket {reference} "),
        None => " Open a ticket ".to_string(),
    };
    boxed(frame, area, 72, title, lines);
}
