//! The wrap-up form of an ended chat: disposition, notes, tags, an optional follow-up promise
//! and an optional ticket. It checks itself before anything is sent and names each problem
//! next to its field.

use jiff::Zoned;
use uuid::Uuid;

use crate::policy::follow_up::parse_due;
use crate::policy::text_limits::{
    COMMITMENT_NOTE_CHARS, TICKET_NOTE_CHARS, TICKET_SUBJECT_CHARS, WRAP_UP_NOTES_CHARS,
    room_for_one_more,
};
use crate::policy::wrap_up::{MAX_TAG_CHARS, MAX_TAGS, clean_tags, split_tags};
use crate::protocol::{
    DispositionCodeInfo, FollowUpChannel, NewCommitment, NewTicket, PreferredContact, WrapUp,
};

/// The longest "follow up when" typed: a day and a time (it is read here, never sent as text).
const WHEN_CHARS: usize = 100;

/// The form's fields, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Disposition,
    Notes,
    Tags,
    FollowUpWhen,
    FollowUpChannel,
    FollowUpNote,
    TicketSubject,
    TicketContact,
    TicketNote,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Disposition,
        Field::Notes,
        Field::Tags,
        Field::FollowUpWhen,
        Field::FollowUpChannel,
        Field::FollowUpNote,
        Field::TicketSubject,
        Field::TicketContact,
        Field::TicketNote,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Disposition => "Disposition",
            Field::Notes => "Notes",
            Field::Tags => "Tags",
            Field::FollowUpWhen => "Follow up when",
            Field::FollowUpChannel => "Follow up by",
            Field::FollowUpNote => "Follow-up note",
            Field::TicketSubject => "Ticket subject",
            Field::TicketContact => "Customer prefers",
            Field::TicketNote => "Ticket note",
        }
    }

    /// The most characters the field takes, as the backend counts them (the tags: all of them,
    /// with a comma or space between).
    pub fn longest(self) -> usize {
        match self {
            Field::Notes => WRAP_UP_NOTES_CHARS,
            Field::Tags => MAX_TAGS * (MAX_TAG_CHARS + 1),
            Field::FollowUpNote => COMMITMENT_NOTE_CHARS,
            Field::TicketSubject => TICKET_SUBJECT_CHARS,
            Field::TicketNote => TICKET_NOTE_CHARS,
            Field::FollowUpWhen => WHEN_CHARS,
            Field::Disposition | Field::FollowUpChannel | Field::TicketContact => 0,
        }
    }

    /// Fields the agent types into.
    pub fn is_text(self) -> bool {
        !matches!(
            self,
            Field::Disposition | Field::FollowUpChannel | Field::TicketContact
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct WrapUpForm {
    pub chat: Uuid,
    pub field: Field,
    /// The chosen disposition code; none until the agent picks one, unless the chat's ending
    /// settles it (`policy::wrap_up::disposition_of_ending`).
    pub disposition: Option<usize>,
    pub notes: String,
    pub tags: String,
    pub when: String,
    pub channel: FollowUpChannel,
    pub follow_up_note: String,
    pub subject: String,
    pub contact: PreferredContact,
    pub ticket_note: String,
    /// Problems found at the last attempt to record, by field.
    pub errors: Vec<(Field, String)>,
    /// Reminders from the etiquette rules, shown at the top.
    pub reminders: Vec<String>,
}

impl WrapUpForm {
    /// A new form; `disposition` is the code already chosen, if any.
    pub fn new(
        chat: Uuid,
        notes: String,
        reminders: Vec<String>,
        disposition: Option<usize>,
    ) -> WrapUpForm {
        WrapUpForm {
            chat,
            field: Field::Disposition,
            disposition,
            notes,
            tags: String::new(),
            when: String::new(),
            channel: FollowUpChannel::Call,
            follow_up_note: String::new(),
            subject: String::new(),
            contact: PreferredContact::Email,
            ticket_note: String::new(),
            errors: Vec::new(),
            reminders,
        }
    }

    /// The text of a text field.
    pub fn text(&self, field: Field) -> Option<&str> {
        Some(match field {
            Field::Notes => &self.notes,
            Field::Tags => &self.tags,
            Field::FollowUpWhen => &self.when,
            Field::FollowUpNote => &self.follow_up_note,
            Field::TicketSubject => &self.subject,
            Field::TicketNote => &self.ticket_note,
            _ => return None,
        })
    }

    fn text_mut(&mut self) -> Option<&mut String> {
        Some(match self.field {
            Field::Notes => &mut self.notes,
            Field::Tags => &mut self.tags,
            Field::FollowUpWhen => &mut self.when,
            Field::FollowUpNote => &mut self.follow_up_note,
            Field::TicketSubject => &mut self.subject,
            Field::TicketNote => &mut self.ticket_note,
            _ => return None,
        })
    }

    pub fn type_char(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        let longest = self.field.longest();
        if let Some(text) = self.text_mut()
            && room_for_one_more(text, longest)
        {
            text.push(c);
        }
    }

    pub fn backspace(&mut self) {
        if let Some(text) = self.text_mut() {
            text.pop();
        }
    }

    /// Tab: the next field (wrapping round).
    pub fn next_field(&mut self, forward: bool) {
        let at = Field::ALL
            .iter()
            .position(|f| *f == self.field)
            .unwrap_or(0);
        let n = Field::ALL.len();
        let next = if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        };
        self.field = Field::ALL[next];
    }

    /// Up and Down: through the disposition list, or between the two choices of a choice
    /// field. In a text field they do nothing: fields are changed with next and previous field.
    pub fn move_by(&mut self, down: bool, codes: usize) {
        match self.field {
            Field::Disposition if codes > 0 => {
                self.disposition = Some(match (self.disposition, down) {
                    (None, _) => 0,
                    (Some(at), true) => (at + 1).min(codes - 1),
                    (Some(at), false) => at.saturating_sub(1),
                });
            }
            Field::FollowUpChannel => {
                self.channel = match down {
                    true => FollowUpChannel::Email,
                    false => FollowUpChannel::Call,
                }
            }
            Field::TicketContact => {
                self.contact = match down {
                    true => PreferredContact::Email,
                    false => PreferredContact::CallBack,
                }
            }
            _ => {}
        }
    }

    /// Left and Right: the other choice of a choice field.
    pub fn flip_choice(&mut self) {
        match self.field {
            Field::FollowUpChannel => {
                self.channel = match self.channel {
                    FollowUpChannel::Call => FollowUpChannel::Email,
                    FollowUpChannel::Email => FollowUpChannel::Call,
                }
            }
            Field::TicketContact => {
                self.contact = match self.contact {
                    PreferredContact::CallBack => PreferredContact::Email,
                    PreferredContact::Email => PreferredContact::CallBack,
                }
            }
            _ => {}
        }
    }

    pub fn error(&self, field: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e.as_str())
    }

    /// The wrap-up to record, or the problems (also kept in `errors`, and the cursor moves to
    /// the first one).
    pub fn check(&mut self, codes: &[DispositionCodeInfo], now: &Zoned) -> Option<WrapUp> {
        let mut errors = Vec::new();
        let code = self
            .disposition
            .and_then(|at| codes.get(at))
            .map(|d| d.code.clone());
        if code.is_none() {
            errors.push((Field::Disposition, "Choose a disposition.".to_string()));
        }
        if self.notes.trim().is_empty() {
            errors.push((
                Field::Notes,
                "Notes are required: what was asked and what you did.".to_string(),
            ));
        }
        let tags = clean_tags(&split_tags(&self.tags)).unwrap_or_else(|problem| {
            errors.push((Field::Tags, problem));
            Vec::new()
        });
        let promised = !self.when.trim().is_empty() || !self.follow_up_note.trim().is_empty();
        let mut commitment = None;
        if promised {
            match parse_due(&self.when, now.clone()) {
                Ok(due_at) if !self.follow_up_note.trim().is_empty() => {
                    commitment = Some(NewCommitment {
                        due_at,
                        channel: self.channel,
                        note: self.follow_up_note.trim().to_string(),
                    });
                }
                Ok(_) => errors.push((
                    Field::FollowUpNote,
                    "Say what you promised to follow up on.".to_string(),
                )),
                Err(sentence) => errors.push((Field::FollowUpWhen, sentence)),
            }
        }
        let ticketed = !self.subject.trim().is_empty() || !self.ticket_note.trim().is_empty();
        let ticket = if ticketed && self.subject.trim().is_empty() {
            errors.push((
                Field::TicketSubject,
                "A ticket needs a subject.".to_string(),
            ));
            None
        } else if ticketed {
            Some(NewTicket {
                subject: self.subject.trim().to_string(),
                contact: self.contact,
                note: Some(self.ticket_note.trim().to_string()).filter(|n| !n.is_empty()),
            })
        } else {
            None
        };
        self.errors = errors;
        if let Some((field, _)) = self.errors.first() {
            self.field = *field;
            return None;
        }
        Some(WrapUp {
            code: code?,
            notes: self.notes.trim().to_string(),
            tags,
            commitment,
            ticket,
        })
    }
}
