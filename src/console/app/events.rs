//! What the backend's events do to the console.

use uuid::Uuid;

use super::incoming::{clean_offer, clean_queued};
use super::{Overlay, State};
use crate::console::action::Command;
use crate::console::chat::ChatView;
use crate::console::keymap::{Intent, Place};
use crate::policy::sanitize::sanitize_line;
use crate::protocol::{ChatDetail, ChatState, EndCause, EventBody, Party, Presence};

pub(super) fn on_event(state: &mut State, chat_id: Option<Uuid>, body: EventBody) -> Vec<Command> {
    let chat_index = chat_id.and_then(|id| state.chats.iter().position(|c| c.id == id));
    match body {
        EventBody::OfferCreated { offer } => {
            state.offers.retain(|o| o.id != offer.id);
            state.offers.push(clean_offer(*offer));
            if state.settings.bell {
                return vec![Command::Bell];
            }
        }
        EventBody::OfferEnded { offer_id, .. } => state.offers.retain(|o| o.id != offer_id),
        EventBody::ChatAssigned { detail } => assign(state, &detail),
        EventBody::MessageCreated { message } => {
            if let Some(i) = chat_index {
                let new = state.chats[i].add(&message);
                if new && message.author == Party::Customer {
                    return super::hold::answered(state, message.chat_id);
                }
            }
        }
        EventBody::ChatEnded { by, cause } => {
            if let Some(i) = chat_index {
                let chat = &mut state.chats[i];
                chat.state = ChatState::Ended;
                chat.ended_by = Some(by);
                let name = chat.customer.name.clone();
                let keymap = &state.settings.keymap;
                let wrap_up = |sentence: &str| {
                    keymap.with_key(Place::Composer, Intent::EndOrWrapUp, sentence)
                };
                let (text, warning) = match (by, cause) {
                    (_, Some(EndCause::PageClosed)) => (
                        format!(
                            "{name} closed the page before anyone answered; it is a missed chat now. {}.",
                            wrap_up("Wrap it up")
                        ),
                        true,
                    ),
                    (Party::Customer, _) => (
                        format!(
                            "{name} ended the chat; {} in its pane.",
                            wrap_up("wrap it up")
                        ),
                        false,
                    ),
                    (Party::System, _) => (
                        format!(
                            "{name} did not answer, so the chat ended for inactivity; {}.",
                            wrap_up("wrap it up")
                        ),
                        true,
                    ),
                    (Party::Agent, _) => (String::new(), false),
                };
                if !text.is_empty() {
                    state.say(text, warning);
                }
            }
        }
        EventBody::ChatUpdated { chat } => {
            if let Some(i) = chat_index {
                state.chats[i].set_updated(&chat);
                if chat.state == ChatState::Ended && chat.disposition.is_some() {
                    remove_chat(state, i);
                    state.say("Wrapped up.", false);
                    // The notes were the composer's text: the draft is done with, and so is
                    // the wrap-up form kept on disk.
                    return vec![
                        Command::SaveDraft {
                            chat_id: chat.id,
                            text: String::new(),
                        },
                        Command::SaveWrapUpDraft {
                            chat: chat.id,
                            draft: None,
                        },
                    ];
                }
            }
        }
        EventBody::ChatTransferred {
            to_agent_name,
            to_queue,
            to_queue_name,
            ..
        } => {
            if let Some(i) = chat_index {
                let name = state.chats[i].customer.name.clone();
                remove_chat(state, i);
                // Names, not ids: the queue's id only when an older backend sent no name.
                let to = match (to_agent_name, to_queue_name, to_queue) {
                    (Some(agent), _, _) => sanitize_line(&agent),
                    (None, Some(queue), _) => format!("the {} queue", sanitize_line(&queue)),
                    (None, None, Some(id)) => {
                        let queue = state
                            .queues
                            .iter()
                            .find(|q| q.id == id)
                            .map_or(id.clone(), |q| q.name.clone());
                        format!("the {} queue", sanitize_line(&queue))
                    }
                    (None, None, None) => "a colleague".to_string(),
                };
                state.say(format!("The chat with {name} went to {to}."), false);
            }
        }
        EventBody::TransferReturned {
            to_agent_name,
            reason,
        } => {
            if let Some(i) = chat_index {
                let name = state.chats[i].customer.name.clone();
                let colleague = sanitize_line(&to_agent_name);
                let what = match reason {
                    crate::protocol::OfferEnd::Declined => "declined it",
                    crate::protocol::OfferEnd::Expired => "did not answer in time",
                    _ => "could not take it",
                };
                state.say(
                    format!("{colleague} {what}: the chat with {name} is still yours."),
                    true,
                );
            }
        }
        EventBody::QueueEntered { entry } => {
            if let Some(queue) = state.queues.iter_mut().find(|q| q.id == entry.queue) {
                queue.chats.retain(|c| c.chat_id != entry.chat_id);
                queue.chats.push(clean_queued(entry));
                queue.chats.sort_by_key(|c| c.queued_at);
                queue.depth = u32::try_from(queue.chats.len()).unwrap_or(u32::MAX);
            }
        }
        EventBody::QueueLeft { queue } => {
            if let Some(listing) = state.queues.iter_mut().find(|q| q.id == queue) {
                listing.chats.retain(|c| Some(c.chat_id) != chat_id);
                listing.depth = u32::try_from(listing.chats.len()).unwrap_or(u32::MAX);
            }
        }
        EventBody::PresenceChanged {
            agent_id: Some(someone),
            ..
        } if someone != state.me.id => {}
        EventBody::PresenceChanged {
            presence, reason, ..
        } => {
            state.me.presence = presence;
            if let Some(reason) = reason {
                state.say(sanitize_line(&reason), presence != Presence::Available);
            }
        }
        EventBody::EscalationUpdated { .. } | EventBody::WhisperCreated { .. } => {}
        // Someone missed, claimed or followed up a chat: the list is fetched again.
        EventBody::MissedUpdated { .. } => return vec![Command::RefreshMissed],
        EventBody::ChatQueued { .. }
        | EventBody::QueuePosition { .. }
        | EventBody::AgentJoined { .. } => {}
    }
    state.me.active_chats = u32::try_from(state.active_chats()).unwrap_or(u32::MAX);
    Vec::new()
}

fn assign(state: &mut State, detail: &ChatDetail) {
    // A lead's stream also tells of chats given to others: only our own open a pane.
    if detail.chat.agent_id.is_some_and(|a| a != state.me.id) {
        return;
    }
    let view = ChatView::new(detail, None);
    match state.chats.iter().position(|c| c.id == view.id) {
        Some(i) => {
            let old = std::mem::replace(&mut state.chats[i], view);
            let chat = &mut state.chats[i];
            chat.composer = old.composer;
            chat.pending = old.pending;
            chat.scroll = old.scroll;
            chat.unseen = old.unseen;
        }
        None => {
            state.chats.push(view);
            if state.chats.len() == 1 {
                state.focus = 0;
            }
        }
    }
    state.offers.retain(|o| o.chat_id != detail.chat.id);
}

fn remove_chat(state: &mut State, index: usize) {
    state.chats.remove(index);
    if state.focus >= state.chats.len() {
        state.focus = state.chats.len().saturating_sub(1);
    }
    if matches!(
        state.overlay,
        Overlay::ConfirmEnd(_) | Overlay::WrapUp { .. }
    ) {
        state.overlay = Overlay::None;
    }
}
