//! The ticket dialog.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::console::app::State;
use crate::console::dialogs::ticket::{TicketDialog, TicketField, contact_label};
use crate::console::keymap::{Intent, Place};
use crate::console::rooms::frame::{boxed, hints};
use crate::console::theme::Role;
use crate::protocol::PreferredContact;

/// The ticket dialog: subject, how the customer wants to hear back, a note.
pub fn ticket(frame: &mut Frame, area: Rect, state: &State, dialog: &TicketDialog) {
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
