//! One chat as the console holds it: who the customer is, the transcript (sanitised), messages
//! still on their way, the composer with its draft, and where the agent has scrolled to.

use std::sync::Arc;

use jiff::Timestamp;
use ratatui_textarea::{TextArea, WrapMode};
use uuid::Uuid;

use crate::console::draft_spelling::DraftSpelling;
use crate::console::history::HistoryFacts;
use crate::console::scrollback::Heights;
use crate::policy::cards::has_masked_card;
use crate::policy::inactivity::Silence;
use crate::policy::sanitize::{sanitize, sanitize_line};
use crate::protocol::{
    AgentChat, ChatDetail, ChatState, Check, Escalation, Message, Party, Ticket, Whisper,
};

/// A message as the console shows it: remote text already made safe.
///
/// A long shift keeps tens of thousands of these, so a line holds only what is shown: its
/// author's name is shared with the lines before it, and its text takes no spare capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub seq: i64,
    pub author: Party,
    pub author_name: Arc<str>,
    pub body: Box<str>,
    pub at: Timestamp,
    /// The body holds a masked card number (looked for once, when the message arrives).
    pub masked_card: bool,
}

/// How many of the newest lines are looked through for a name to share.
const NAMES_LOOKED_AT: usize = 8;

impl Line {
    pub fn from_message(m: &Message) -> Line {
        Line::after(m, &[])
    }

    /// The line of `m`, sharing its author's name with one of the `earlier` lines.
    pub fn after(m: &Message, earlier: &[Line]) -> Line {
        let body = sanitize(&m.body);
        let name = sanitize_line(&m.author_name);
        let author_name = earlier
            .iter()
            .rev()
            .take(NAMES_LOOKED_AT)
            .find(|l| *l.author_name == *name)
            .map_or_else(|| Arc::from(name), |l| Arc::clone(&l.author_name));
        Line {
            seq: m.seq,
            author: m.author,
            author_name,
            masked_card: m.author == Party::Customer && has_masked_card(&body),
            body: body.into_boxed_str(),
            at: m.at,
        }
    }
}

/// A message typed by the agent and not yet stored by the backend.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub client_msg_id: String,
    pub body: String,
    pub typed_at: Timestamp,
}

/// The customer's details, made safe to show.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerStrip {
    pub name: String,
    pub email: String,
    pub client_id: Option<String>,
    pub queue_name: String,
}

#[derive(Debug, Clone)]
pub struct ChatView {
    pub id: Uuid,
    pub state: ChatState,
    pub customer: CustomerStrip,
    pub accepted_at: Option<Timestamp>,
    pub transfer_note: Option<String>,
    pub ended_by: Option<Party>,
    /// The verification checklist (labels made safe); verified when every item is done.
    pub verification: Vec<Check>,
    pub on_hold_since: Option<Timestamp>,
    pub nudged_at: Option<Timestamp>,
    /// The inactivity clock's facts, as the backend keeps them (and moved on by each message
    /// since): the console counts down with the backend's own inputs.
    pub silence_agent_ms: Option<i64>,
    pub silence_customer_ms: Option<i64>,
    /// When the last hold began: the customer's permission to hold counts from then.
    pub last_hold_at: Option<Timestamp>,
    /// The hold key put the hold question in: the chat holds when the customer says yes.
    pub hold_asked: bool,
    /// The chat's ticket, once opened (its reference fills `{ticket.id}`).
    pub ticket: Option<Ticket>,
    /// This chat's escalations to leads (text made safe), oldest first.
    pub escalations: Vec<Escalation>,
    /// Leads' notes to the agent (text made safe), oldest first.
    pub whispers: Vec<Whisper>,
    pub lines: Vec<Line>,
    /// What the history says (who spoke last, since when the customer waits), kept as
    /// messages arrive.
    pub facts: HistoryFacts,
    /// Long messages are shown in full rather than folded.
    pub unfolded: bool,
    pub pending: Vec<Pending>,
    pub composer: TextArea<'static>,
    /// The draft's misspelt words, as checked after the last change.
    pub spelling: DraftSpelling,
    /// Lines scrolled back from the newest; 0 follows new messages.
    pub scroll: u16,
    /// Messages that arrived while scrolled back.
    pub unseen: usize,
    /// The newest messages' wrapped heights at the transcript's width, kept by `update`.
    pub heights: Heights,
}

impl ChatView {
    pub fn new(detail: &ChatDetail, draft: Option<&str>) -> ChatView {
        let chat = &detail.chat;
        let mut view = ChatView {
            id: chat.id,
            state: chat.state,
            customer: strip(chat),
            accepted_at: chat.accepted_at,
            transfer_note: chat.transfer_note.as_deref().map(sanitize),
            ended_by: chat.ended_by,
            verification: checklist(chat),
            on_hold_since: chat.on_hold_since,
            nudged_at: chat.nudged_at,
            silence_agent_ms: None,
            silence_customer_ms: None,
            last_hold_at: chat.last_hold_at,
            hold_asked: false,
            ticket: chat.ticket.clone().map(clean_ticket),
            escalations: detail
                .escalations
                .iter()
                .cloned()
                .map(clean_escalation)
                .collect(),
            whispers: detail.whispers.iter().cloned().map(clean_whisper).collect(),
            lines: Vec::new(),
            facts: HistoryFacts::default(),
            unfolded: false,
            pending: Vec::new(),
            composer: composer(draft.unwrap_or("")),
            spelling: DraftSpelling::default(),
            scroll: 0,
            unseen: 0,
            heights: Heights::default(),
        };
        for message in &detail.messages {
            view.add(message);
        }
        // The backend's word on the clock, not the transcript's: a hold or a new agent moves it.
        view.set_silence(chat);
        view
    }

    fn set_silence(&mut self, chat: &AgentChat) {
        self.silence_agent_ms = chat.silence_agent_at.map(|t| t.as_millisecond());
        self.silence_customer_ms = chat.silence_customer_at.map(|t| t.as_millisecond());
    }

    /// What the inactivity clock counts from, as the backend counts it.
    pub fn silence(&self) -> Silence {
        Silence {
            active: self.state == ChatState::Active,
            on_hold: self.on_hold_since.is_some(),
            last_agent_ms: self.silence_agent_ms,
            last_customer_ms: self.silence_customer_ms,
            nudged_ms: self.nudged_at.map(|t| t.as_millisecond()),
        }
    }

    /// Adds a stored message once (by its sequence number), and settles the pending send it
    /// confirms. Returns whether it was new.
    pub fn add(&mut self, message: &Message) -> bool {
        if let Some(id) = &message.client_msg_id {
            self.pending.retain(|p| &p.client_msg_id != id);
        }
        let mut silence = self.silence();
        silence.heard(message.author, message.at.as_millisecond());
        self.silence_agent_ms = silence.last_agent_ms;
        self.silence_customer_ms = silence.last_customer_ms;
        let line = Line::after(message, &self.lines);
        let height = match self.heights.width() {
            0 => 0,
            width => crate::console::folding::message_height(&line, width, self.unfolded),
        };
        if self.lines.last().is_none_or(|last| last.seq < line.seq) {
            self.facts.append(&line);
            self.lines.push(line);
            if self.heights.width() > 0 {
                self.heights.push(height);
            }
        } else {
            let at = self.lines.partition_point(|l| l.seq < line.seq);
            if self.lines.get(at).is_some_and(|l| l.seq == line.seq) {
                return false;
            }
            self.lines.insert(at, line);
            self.facts = HistoryFacts::of(&self.lines);
            // Positions moved: heights by index are no longer right.
            self.heights.forget(self.heights.width(), self.lines.len());
        }
        if self.scroll > 0 {
            // Keep what the agent is reading where it is.
            self.scroll = self.scroll.saturating_add(height);
            self.unseen += 1;
        }
        true
    }

    /// When the customer's oldest unanswered message arrived: the start of their wait.
    pub fn waiting_since(&self) -> Option<Timestamp> {
        if self.state != ChatState::Active {
            return None;
        }
        // Handed over and not answered by its new agent yet: the customer waits for them since
        // the handover (the previous agent's transfer notice answers nothing).
        let handed_over = self.transfer_note.is_some() && self.silence_agent_ms.is_none();
        let since_handover = self.accepted_at.filter(|_| handed_over);
        match (self.facts.unanswered_since(), since_handover) {
            (Some(asked), Some(handover)) => Some(asked.min(handover)),
            (asked, handover) => asked.or(handover),
        }
    }

    pub fn draft(&self) -> String {
        self.composer.lines().join("\n")
    }

    pub fn set_updated(&mut self, chat: &AgentChat) {
        self.state = chat.state;
        self.ended_by = chat.ended_by;
        self.transfer_note = chat.transfer_note.as_deref().map(sanitize);
        self.verification = checklist(chat);
        self.on_hold_since = chat.on_hold_since;
        self.nudged_at = chat.nudged_at;
        self.ticket = chat.ticket.clone().map(clean_ticket);
        self.last_hold_at = chat.last_hold_at;
        self.set_silence(chat);
        if chat.on_hold_since.is_some() {
            self.hold_asked = false;
        }
    }

    /// What the transcript says about permission to hold, by the backend's rule.
    pub fn hold_permission(&self) -> crate::policy::hold::Permission {
        crate::policy::hold::permission(
            self.lines
                .iter()
                .map(|l| (l.author, l.at.as_millisecond(), &*l.body)),
            self.last_hold_at.map(|t| t.as_millisecond()),
        )
    }

    /// Every item of the checklist is ticked (a chat without a checklist needs none).
    pub fn verified(&self) -> bool {
        self.verification.iter().all(|c| c.done)
    }

    /// The agent's own messages, stored or on their way.
    pub fn agent_texts(&self) -> Vec<&str> {
        self.lines
            .iter()
            .filter(|l| l.author == Party::Agent)
            .map(|l| &*l.body)
            .chain(self.pending.iter().map(|p| p.body.as_str()))
            .collect()
    }

    /// The moment the last message of each side was stored (system messages excluded).
    pub fn last_from(&self, author: Party) -> Option<Timestamp> {
        self.facts.last_from(author)
    }
}

impl ChatView {
    /// Adds or replaces an escalation of this chat.
    pub fn set_escalation(&mut self, escalation: Escalation) {
        let escalation = clean_escalation(escalation);
        match self.escalations.iter_mut().find(|e| e.id == escalation.id) {
            Some(known) => *known = escalation,
            None => self.escalations.push(escalation),
        }
    }

    pub fn add_whisper(&mut self, whisper: Whisper) {
        if !self.whispers.iter().any(|w| w.id == whisper.id) {
            self.whispers.push(clean_whisper(whisper));
        }
    }
}

/// An escalation with every remote text made safe to draw.
pub fn clean_escalation(mut e: Escalation) -> Escalation {
    e.agent_name = sanitize_line(&e.agent_name);
    e.customer_name = sanitize_line(&e.customer_name);
    e.template_name = sanitize_line(&e.template_name);
    e.channel_name = sanitize_line(&e.channel_name);
    e.claimed_by_name = e.claimed_by_name.as_deref().map(sanitize_line);
    for (label, value) in &mut e.fields {
        *label = sanitize_line(label);
        *value = sanitize(value);
    }
    e.warnings = e.warnings.iter().map(|w| sanitize_line(w)).collect();
    for reply in &mut e.replies {
        reply.author_name = sanitize_line(&reply.author_name);
        reply.body = sanitize(&reply.body);
    }
    e
}

/// A ticket with its texts made safe to draw.
pub fn clean_ticket(mut t: Ticket) -> Ticket {
    t.subject = sanitize_line(&t.subject);
    t.note = t.note.as_deref().map(sanitize);
    t.customer.name = sanitize_line(&t.customer.name);
    t.customer.email = sanitize_line(&t.customer.email);
    t
}

fn clean_whisper(mut w: Whisper) -> Whisper {
    w.lead_name = sanitize_line(&w.lead_name);
    w.body = sanitize(&w.body);
    w
}

fn checklist(chat: &AgentChat) -> Vec<Check> {
    chat.verification
        .iter()
        .map(|c| Check {
            id: sanitize_line(&c.id),
            label: sanitize_line(&c.label),
            done: c.done,
        })
        .collect()
}

fn strip(chat: &AgentChat) -> CustomerStrip {
    CustomerStrip {
        name: sanitize_line(&chat.customer.name),
        email: sanitize_line(&chat.customer.email),
        client_id: chat.customer.client_id.as_deref().map(sanitize_line),
        queue_name: sanitize_line(&chat.queue_name),
    }
}

/// A fresh composer holding `text`.
pub fn composer(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.split('\n').map(str::to_string).collect()
    };
    let mut area = TextArea::new(lines);
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}
