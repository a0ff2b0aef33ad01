//! A wrap-up form's draft as it is kept on disk until the wrap-up is recorded: what the agent
//! chose and typed, with the disposition by its code (the list's order may change between
//! runs). The reminders are worked out again when the form opens.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::form::{Field, WrapUpForm};
use crate::policy::cards;
use crate::protocol::{DispositionCodeInfo, FollowUpChannel, PreferredContact};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WrapUpDraft {
    /// The chosen disposition's code.
    pub disposition: Option<String>,
    pub notes: String,
    pub tags: String,
    pub when: String,
    pub channel: FollowUpChannel,
    pub follow_up_note: String,
    pub subject: String,
    pub contact: PreferredContact,
    pub ticket_note: String,
}

impl WrapUpDraft {
    /// The same draft with every card number in its text masked, as the composer's drafts are
    /// before they reach the disk.
    pub fn masked(&self) -> WrapUpDraft {
        let mask = |text: &str| cards::mask(text).into_string();
        WrapUpDraft {
            disposition: self.disposition.clone(),
            notes: mask(&self.notes),
            tags: mask(&self.tags),
            when: mask(&self.when),
            channel: self.channel,
            follow_up_note: mask(&self.follow_up_note),
            subject: mask(&self.subject),
            contact: self.contact,
            ticket_note: mask(&self.ticket_note),
        }
    }
}

impl WrapUpForm {
    /// What to keep of the form, its disposition named by its code in `codes`.
    pub fn draft(&self, codes: &[DispositionCodeInfo]) -> WrapUpDraft {
        WrapUpDraft {
            disposition: self
                .disposition
                .and_then(|at| codes.get(at))
                .map(|code| code.code.clone()),
            notes: self.notes.clone(),
            tags: self.tags.clone(),
            when: self.when.clone(),
            channel: self.channel,
            follow_up_note: self.follow_up_note.clone(),
            subject: self.subject.clone(),
            contact: self.contact,
            ticket_note: self.ticket_note.clone(),
        }
    }

    /// The form of `chat` as its kept `draft` left it (a code no longer in `codes` is not
    /// chosen), at its first field.
    pub fn from_draft(chat: Uuid, draft: WrapUpDraft, codes: &[DispositionCodeInfo]) -> Self {
        let disposition = draft
            .disposition
            .and_then(|kept| codes.iter().position(|code| code.code == kept));
        WrapUpForm {
            field: Field::Disposition,
            tags: draft.tags,
            when: draft.when,
            channel: draft.channel,
            follow_up_note: draft.follow_up_note,
            subject: draft.subject,
            contact: draft.contact,
            ticket_note: draft.ticket_note,
            ..WrapUpForm::new(chat, draft.notes, Vec::new(), disposition)
        }
    }
}
