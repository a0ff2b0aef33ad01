//! What becomes of a message the agent sent: stored by the backend (it joins the transcript),
//! or refused or never sent (its text goes back into the composer, and the agent is told).

use uuid::Uuid;

use super::State;
use crate::console::action::Command;
use crate::console::chat::composer;
use crate::policy::sanitize::sanitize_line;
use crate::protocol::{Message, Problem};

pub(super) fn delivered(state: &mut State, message: &Message) -> Vec<Command> {
    if let Some(chat) = state.chats.iter_mut().find(|c| c.id == message.chat_id) {
        chat.add(message);
    }
    Vec::new()
}

pub(super) fn refused(
    state: &mut State,
    chat_id: Uuid,
    body: &str,
    client_msg_id: &str,
    problem: &Problem,
) -> Vec<Command> {
    give_back(state, chat_id, body, client_msg_id);
    state.say(
        format!(
            "A message was not sent and is back in the composer: {}",
            sanitize_line(&problem.detail)
        ),
        true,
    );
    Vec::new()
}

pub(super) fn unsent(
    state: &mut State,
    chat_id: Uuid,
    body: &str,
    client_msg_id: &str,
    why: &str,
) -> Vec<Command> {
    give_back(state, chat_id, body, client_msg_id);
    state.say(format!("Not sent, back in the composer: {why}."), true);
    Vec::new()
}

/// Puts the text of a message that did not go out back into its chat's composer.
pub(super) fn give_back(state: &mut State, chat_id: Uuid, body: &str, client_msg_id: &str) {
    if let Some(chat) = state.chats.iter_mut().find(|c| c.id == chat_id) {
        chat.pending.retain(|p| p.client_msg_id != client_msg_id);
        let mut text = chat.draft();
        if !text.trim().is_empty() {
            text.push('\n');
        }
        text.push_str(body);
        chat.composer = composer(&text);
    }
}
