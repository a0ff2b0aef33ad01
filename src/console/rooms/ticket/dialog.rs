//! Opening a chat's ticket while the chat goes on: a subject, how the customer wants to hear
//! back (a call back or an e-mail) and an optional note. The backend gives the reference at
//! once, so it can go into the message telling the customer; the wrap-up form shows the same
//! ticket to edit.

use uuid::Uuid;

use crate::policy::text_limits::{TICKET_NOTE_CHARS, TICKET_SUBJECT_CHARS, room_for_one_more};
use crate::protocol::{NewTicket, PreferredContact, Ticket};

/// The dialog's fields, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketField {
    Subject,
    Contact,
    Note,
}

impl TicketField {
    pub const ALL: [TicketField; 3] = [
        TicketField::Subject,
        TicketField::Contact,
        TicketField::Note,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TicketField::Subject => "Subject",
            TicketField::Contact => "Customer prefers",
            TicketField::Note => "Note",
        }
    }
}

/// How a preferred contact reads on screen.
pub fn contact_label(contact: PreferredContact) -> &'static str {
    match contact {
        PreferredContact::CallBack => "call back",
        PreferredContact::Email => "e-mail",
    }
}

/// A canned response waiting for the ticket's reference: inserted once the ticket is open.
#[derive(Debug, Clone, PartialEq)]
pub struct InsertAfter {
    pub response: String,
    pub replace: Option<std::ops::Range<usize>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TicketDialog {
    pub chat: Uuid,
    /// The reference when the chat has a ticket already (the dialog edits it then).
    pub reference: Option<String>,
    pub field: TicketField,
    pub subject: String,
    pub contact: PreferredContact,
    pub note: String,
    pub error: Option<String>,
    /// What to insert once the backend has opened the ticket.
    pub then: Option<InsertAfter>,
}

impl TicketDialog {
    /// A new ticket, or the chat's ticket to edit.
    pub fn new(chat: Uuid, existing: Option<&Ticket>) -> TicketDialog {
        TicketDialog {
            chat,
            reference: existing.map(Ticket::reference),
            field: TicketField::Subject,
            subject: existing.map(|t| t.subject.clone()).unwrap_or_default(),
            contact: existing.map_or(PreferredContact::Email, |t| t.contact),
            note: existing.and_then(|t| t.note.clone()).unwrap_or_default(),
            error: None,
            then: None,
        }
    }

    pub fn type_char(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        let (text, longest) = match self.field {
            TicketField::Subject => (&mut self.subject, TICKET_SUBJECT_CHARS),
            TicketField::Note => (&mut self.note, TICKET_NOTE_CHARS),
            TicketField::Contact => return,
        };
        if room_for_one_more(text, longest) {
            text.push(c);
        }
    }

    pub fn backspace(&mut self) {
        match self.field {
            TicketField::Subject => self.subject.pop(),
            TicketField::Note => self.note.pop(),
            TicketField::Contact => None,
        };
    }

    /// Tab, Shift-Tab, Up and Down: the next field (wrapping round).
    pub fn next_field(&mut self, forward: bool) {
        let all = TicketField::ALL;
        let at = all.iter().position(|f| *f == self.field).unwrap_or(0);
        let n = all.len();
        self.field = all[if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        }];
    }

    /// Left and Right on the contact field.
    pub fn flip_choice(&mut self) {
        if self.field == TicketField::Contact {
            self.contact = match self.contact {
                PreferredContact::CallBack => PreferredContact::Email,
                PreferredContact::Email => PreferredContact::CallBack,
            };
        }
    }

    /// The ticket to open, or the problem (kept in `error`, the cursor on the subject).
    pub fn check(&mut self) -> Option<NewTicket> {
        if self.subject.trim().is_empty() {
            self.error = Some("A ticket needs a subject: what is to be followed up.".into());
            self.field = TicketField::Subject;
            return None;
        }
        self.error = None;
        Some(NewTicket {
            subject: self.subject.trim().to_string(),
            contact: self.contact,
            note: Some(self.note.trim().to_string()).filter(|n| !n.is_empty()),
        })
    }
}
