//! Everything that can change the console's state, and everything the state asks the outside
//! world to do. `update` turns one [`Action`] into a new state and a list of [`Command`]s.

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;
use uuid::Uuid;

use crate::protocol::{
    AgentSummary, ChatDetail, EscalationTemplate, Event, Floor, FollowUps, Message, NewEscalation,
    Presence, Problem, ProcedureInfo, QueueInfo, QueueListing, Transfer, WrapUp,
};
use crate::transcript::Format;

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): goes into the composer, never sent.
    Paste(String),
    /// The mouse wheel over the transcript: positive scrolls back.
    Scroll(i32),
    /// The clock moved on.
    Tick(Timestamp),
    /// The terminal's size, at start and whenever it changes.
    Resize {
        width: u16,
        height: u16,
    },
    /// The event stream is (again) connected.
    Connected,
    /// The event stream dropped; it is retried in `retry_in_ms`.
    Disconnected {
        reason: String,
        retry_in_ms: u64,
    },
    /// The backend no longer accepts this sign-in.
    SignedOut(String),
    Backend(Event),
    /// A fresh queue listing.
    Queues(Vec<QueueListing>),
    /// A message from the outbox was stored by the backend.
    Delivered(Message),
    /// The backend refused a message from the outbox; its text goes back to the composer.
    DeliveryRefused {
        chat_id: Uuid,
        body: String,
        client_msg_id: String,
        problem: Problem,
    },
    /// A message could not even be queued (e.g. signed out); its text goes back.
    Unsent {
        chat_id: Uuid,
        body: String,
        client_msg_id: String,
        why: String,
    },
    /// The disposition codes, fetched again.
    Dispositions(Vec<crate::protocol::DispositionCodeInfo>),
    /// A command failed; the sentence is shown to the agent.
    Failed(String),
    /// The presence the backend confirmed.
    PresenceSet(Presence),
    /// The backend's procedure policy (timers, inactivity, the checklist).
    Procedure(ProcedureInfo),
    /// Who and where a chat can be transferred to.
    Colleagues {
        agents: Vec<AgentSummary>,
        queues: Vec<QueueInfo>,
    },
    FollowUps(FollowUps),
    /// The backend opened (or updated) a chat's ticket; `then` is a response waiting for it.
    TicketOpened {
        chat: Uuid,
        ticket: crate::protocol::Ticket,
        then: Option<crate::console::rooms::ticket::InsertAfter>,
    },
    /// The answer to a canned-response search run beside the console.
    CannedFound {
        generation: u64,
        query: String,
        results: Vec<u32>,
    },
    /// Spelling suggestions for a misspelt word, looked for beside the console.
    SpellingFound {
        word: String,
        suggestions: Vec<String>,
    },
    /// A sentence about something done in the background (a transcript saved or sent).
    Done(String),
    Templates(Vec<EscalationTemplate>),
    /// A lead's fresh view of the floor.
    Floor(Box<Floor>),
    /// The chat a lead asked to watch.
    Watching(Box<ChatDetail>),
    Missed(Vec<crate::protocol::MissedChat>),
    /// The reviews matching `filters` (an answer to filters since changed is dropped).
    Reviews {
        filters: crate::protocol::ReviewQuery,
        list: Vec<crate::protocol::Review>,
    },
    /// The backend did not list the reviews for `filters`; the sentence says why.
    ReviewsRefused {
        filters: crate::protocol::ReviewQuery,
        why: String,
    },
    ReviewOpened(Box<crate::protocol::ReviewDetail>),
}

/// Something the console asks the outside world to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Search a big canned-response library beside the console (answered by `CannedFound`).
    SearchCanned(crate::console::rooms::picker::Search),
    /// Look for spelling suggestions for a misspelt word beside the console (they take
    /// milliseconds; answered by `SpellingFound`).
    SuggestSpelling(String),
    SetPresence(Presence),
    Accept(Uuid),
    Decline(Uuid),
    PickUp(Uuid),
    /// Queue a message in the outbox (sent in order, once).
    Send {
        chat_id: Uuid,
        body: String,
        client_msg_id: String,
    },
    End(Uuid),
    WrapUp {
        chat: Uuid,
        wrap_up: WrapUp,
    },
    SetHold {
        chat: Uuid,
        on_hold: bool,
        /// The agent confirms the customer agreed (no yes to read in the chat).
        customer_agreed: bool,
    },
    SetCheck {
        chat: Uuid,
        check: String,
        done: bool,
    },
    /// Open (or edit) the chat's ticket; `then` goes back with the answer.
    OpenTicket {
        chat: Uuid,
        ticket: crate::protocol::NewTicket,
        then: Option<crate::console::rooms::ticket::InsertAfter>,
    },
    FetchColleagues,
    Transfer {
        chat: Uuid,
        transfer: Transfer,
    },
    FetchFollowUps,
    CommitmentDone(Uuid),
    /// Save the transcript to a file in the agent's transcripts folder.
    ExportTranscript {
        chat: Uuid,
        format: Format,
    },
    EmailTranscript {
        chat: Uuid,
        to: String,
    },
    FetchTemplates,
    Escalate {
        chat: Uuid,
        escalation: NewEscalation,
    },
    /// Answer in an escalation's thread (the agent back to the lead, or the lead).
    ReplyToEscalation {
        escalation: Uuid,
        body: String,
    },
    Claim(Uuid),
    /// Fetch the floor again (many requests close together make one).
    RefreshFloor,
    Watch(Uuid),
    Whisper {
        chat: Uuid,
        body: String,
    },
    TakeOver(Uuid),
    RefreshMissed,
    ClaimMissed(Uuid),
    FollowUpMissed {
        id: Uuid,
        follow_up: crate::protocol::NewFollowUp,
    },
    FetchReviews(crate::protocol::ReviewQuery),
    OpenReview(Uuid),
    Score {
        chat: Uuid,
        score: crate::protocol::NewScore,
    },
    /// Keep the composer's text for this chat (empty removes the draft).
    SaveDraft {
        chat_id: Uuid,
        text: String,
    },
    /// Keep the wrap-up form of this ended chat as the agent left it (`None` removes it).
    SaveWrapUpDraft {
        chat: Uuid,
        draft: Option<crate::console::rooms::wrap_up::WrapUpDraft>,
    },
    RefreshQueues,
    RefreshDispositions,
    /// A lead closes an ended chat's escalation.
    CloseEscalation(Uuid),
    Bell,
    /// Write to the console's log that it refused to send a message itself (the notice says so
    /// to the agent): which chat and why, never the message's text.
    RecordRefusal {
        chat: Uuid,
        why: Refusal,
    },
    Quit,
    /// Quit leaving live chats assigned: first show as away, so no new offers come while the
    /// customers wait for the agent's return.
    QuitAway,
}

/// Why the console itself did not send a message, in words that hold nothing anyone wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Placeholders (`{ticket.id}`, a canned response's field) still in it: how many.
    Unfilled(usize),
    /// Longer than one message holds: how many characters.
    TooLong(usize),
    /// The chat had ended.
    ChatEnded,
    /// The backend had signed the agent out.
    SignedOut,
}

impl Refusal {
    /// The reason, for the log.
    pub fn describe(self) -> String {
        match self {
            Refusal::Unfilled(1) => "a placeholder in it is not filled in".into(),
            Refusal::Unfilled(n) => format!("{n} placeholders in it are not filled in"),
            Refusal::TooLong(chars) => {
                format!("it is {chars} characters long, too long for one message")
            }
            Refusal::ChatEnded => "the chat has ended".into(),
            Refusal::SignedOut => "the console is signed out".into(),
        }
    }
}
