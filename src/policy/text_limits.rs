//! How long each text may be, in characters. The backend refuses more; the console stops
//! taking keys at the same length, so it never holds what the backend would refuse.
//! (Escalation fields and replies have theirs in [`super::escalation`], e-mail addresses in
//! [`super::email`].)

/// One chat message, either side.
pub const MESSAGE_CHARS: usize = 4000;
/// The name a customer gives when starting a chat.
pub const CUSTOMER_NAME_CHARS: usize = 100;
/// The client ID a customer gives.
pub const CLIENT_ID_CHARS: usize = 64;
/// The id a client puts on a message so that sending it twice records it once.
pub const CLIENT_MESSAGE_ID_CHARS: usize = 100;
/// The note that goes with a transfer.
pub const TRANSFER_NOTE_CHARS: usize = 2000;
/// A lead's whisper to an agent.
pub const WHISPER_CHARS: usize = 2000;
/// What was done about a missed chat.
pub const MISSED_NOTE_CHARS: usize = 2000;
/// A lead's comment on a review.
pub const REVIEW_COMMENT_CHARS: usize = 2000;
/// The wrap-up notes of a chat.
pub const WRAP_UP_NOTES_CHARS: usize = 4000;
/// What a follow-up promise is about.
pub const COMMITMENT_NOTE_CHARS: usize = 2000;
/// A ticket's subject.
pub const TICKET_SUBJECT_CHARS: usize = 200;
/// A ticket's note.
pub const TICKET_NOTE_CHARS: usize = 4000;

/// Whether one more character may be typed into `text` that holds at most `limit`.
pub fn room_for_one_more(text: &str, limit: usize) -> bool {
    text.chars().count() < limit
}
