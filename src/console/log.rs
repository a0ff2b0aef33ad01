//! What the console writes to its log (`console.log` in its data directory): the connection lost
//! and back, what the backend refused (its problem: status, type and sentence) and what failed —
//! never the text of a message, a note or a reply. The shell calls these as results come in;
//! `update` stays pure.

use std::time::Instant;

use uuid::Uuid;

use crate::client::ClientError;
use crate::console::action::{Action, Command, Refusal};

/// The connection's story, so a loss and a return are each written once, not on every retry.
#[derive(Debug, Default)]
pub struct ConnectionLog {
    connected_once: bool,
    down_since: Option<Instant>,
}

impl ConnectionLog {
    /// Writes what `action`, coming from the backend's side, says about the connection or a
    /// message that did not go out.
    pub fn record(&mut self, action: &Action) {
        match action {
            Action::Connected => {
                match self.down_since.take() {
                    Some(since) => tracing::info!(
                        "connection to the backend is back after {} s",
                        since.elapsed().as_secs()
                    ),
                    None if !self.connected_once => {
                        tracing::info!("connected to the backend's event stream");
                    }
                    None => {}
                }
                self.connected_once = true;
            }
            Action::Disconnected {
                reason,
                retry_in_ms,
            } => {
                if self.down_since.is_none() {
                    self.down_since = Some(Instant::now());
                    tracing::warn!(
                        "connection to the backend lost ({reason}); retrying in {retry_in_ms} ms"
                    );
                } else {
                    tracing::debug!("still no connection ({reason}); retrying in {retry_in_ms} ms");
                }
            }
            Action::SignedOut(why) => {
                tracing::warn!("signed out by the backend: {why}");
            }
            Action::DeliveryRefused {
                chat_id,
                client_msg_id,
                problem,
                ..
            } => tracing::warn!(
                "a message to chat {chat_id} (client id {client_msg_id}) was refused: {} {}: {}",
                problem.status,
                problem.kind,
                problem.detail
            ),
            Action::Unsent {
                chat_id,
                client_msg_id,
                why,
                ..
            } => tracing::warn!(
                "a message to chat {chat_id} (client id {client_msg_id}) could not be queued: {why}"
            ),
            Action::ReviewsRefused { why, .. } => {
                tracing::warn!("listing reviews was refused: {why}");
            }
            _ => {}
        }
    }
}

/// Writes why `what` (a command's name, from [`named`]) did not happen: refused by the backend
/// with its problem, or failed.
pub fn not_done(what: &str, error: &ClientError) {
    match error {
        ClientError::Refused(problem) => tracing::warn!(
            "{what}: refused, {} {}: {}",
            problem.status,
            problem.kind,
            problem.detail
        ),
        ClientError::Unreachable(reason) => {
            tracing::warn!("{what}: failed, the backend is unreachable ({reason})");
        }
        ClientError::Unexpected(answer) => {
            tracing::warn!("{what}: failed, unexpected answer ({answer})");
        }
    }
}

/// Writes that the console did not send a message to `chat` itself, and why — never its text.
pub fn refused(chat: Uuid, why: Refusal) {
    tracing::warn!(
        "a message to chat {chat} was not sent by the console: {}",
        why.describe()
    );
}

/// Writes a failure that is not the backend's answer (a file that could not be written).
pub fn failed(what: &str) {
    tracing::warn!("{what}");
}

/// A command's name for the log, with the chat or item it concerns and nothing anyone wrote.
pub fn named(command: &Command) -> String {
    let on = |what: &str, id: &Uuid| format!("{what} {id}");
    match command {
        Command::SetPresence(presence) => format!("set presence {presence:?}"),
        Command::Accept(offer) => on("accept offer", offer),
        Command::Decline(offer) => on("decline offer", offer),
        Command::PickUp(chat) => on("pick up chat", chat),
        Command::Send { chat_id, .. } => on("send to chat", chat_id),
        Command::End(chat) => on("end chat", chat),
        Command::WrapUp { chat, .. } => on("wrap up chat", chat),
        Command::SetHold { chat, on_hold, .. } => {
            format!("{} chat {chat}", if *on_hold { "hold" } else { "release" })
        }
        Command::SetCheck { chat, check, .. } => format!("tick {check:?} on chat {chat}"),
        Command::OpenTicket { chat, .. } => on("open or edit the ticket of chat", chat),
        Command::FetchColleagues => "list colleagues and queues".into(),
        Command::Transfer { chat, .. } => on("transfer chat", chat),
        Command::FetchFollowUps => "list follow-ups".into(),
        Command::CommitmentDone(id) => on("mark follow-up done", id),
        Command::ExportTranscript { chat, .. } => on("export the transcript of chat", chat),
        Command::EmailTranscript { chat, .. } => on("e-mail the transcript of chat", chat),
        Command::FetchTemplates => "list escalation templates".into(),
        Command::Escalate { chat, .. } => on("escalate chat", chat),
        Command::ReplyToEscalation { escalation, .. } => on("reply to escalation", escalation),
        Command::Claim(escalation) => on("claim escalation", escalation),
        Command::CloseEscalation(escalation) => on("close escalation", escalation),
        Command::RefreshFloor => "refresh the monitor".into(),
        Command::Watch(chat) => on("watch chat", chat),
        Command::Whisper { chat, .. } => on("whisper in chat", chat),
        Command::TakeOver(chat) => on("take over chat", chat),
        Command::RefreshMissed => "list missed chats".into(),
        Command::ClaimMissed(id) => on("claim missed chat", id),
        Command::FollowUpMissed { id, .. } => on("record the follow-up of missed chat", id),
        Command::FetchReviews(_) => "list reviews".into(),
        Command::OpenReview(chat) => on("open the review of chat", chat),
        Command::Score { chat, .. } => on("score chat", chat),
        Command::RefreshDispositions => "list dispositions".into(),
        Command::RefreshQueues => "list queues".into(),
        Command::Quit => "quit".into(),
        Command::QuitAway => "go away and quit".into(),
        Command::SearchCanned(_) => "search canned responses".into(),
        // The word is the agent's text: never logged.
        Command::SuggestSpelling(_) => "look for spelling suggestions".into(),
        Command::Bell => "ring the bell".into(),
        Command::RecordRefusal { chat, .. } => on("record a refused message to chat", chat),
        Command::SaveDraft { chat_id, .. } => on("save the draft of chat", chat_id),
        Command::SaveWrapUpDraft { chat, .. } => on("save the wrap-up draft of chat", chat),
    }
}
