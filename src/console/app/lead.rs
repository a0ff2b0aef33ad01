//! The lead's side and escalations in the agent's panes: escalation and whisper events, the
//! monitor, the chat a lead asked to watch arriving, and taking a chat over once the lead said
//! yes (the escalation dialog and the watched chat are rooms: [`crate::console::rooms`]).

use super::{Overlay, State};
use crate::console::action::Command;
use crate::console::monitor::items;
use crate::console::rooms::watch::Watch;
use crate::policy::sanitize::sanitize_line;
use crate::protocol::{ChatDetail, Event, EventBody, Role};

mod monitor;

use monitor::choose_on_monitor;
pub(super) use monitor::{
    close_escalation, ring_alerts, take_floor, toggle_monitor, toggle_offline,
};

fn is_lead(state: &State) -> bool {
    state.me.role == Role::Lead
}

/// Escalation and whisper events, and a fresh floor for a lead after anything happened.
pub(super) fn on_event(state: &mut State, event: &Event) -> Vec<Command> {
    match &event.body {
        EventBody::EscalationUpdated { escalation } => {
            let mine = escalation.agent_id == state.me.id;
            if let Some(chat) = state.chats.iter_mut().find(|c| c.id == escalation.chat_id) {
                let before = chat
                    .escalations
                    .iter()
                    .find(|e| e.id == escalation.id)
                    .map_or(0, |e| e.replies.len());
                chat.set_escalation((**escalation).clone());
                let name = chat.customer.name.clone();
                let newest = escalation.replies.last();
                if mine
                    && escalation.replies.len() > before
                    && let Some(reply) = newest.filter(|r| r.author_id != state.me.id)
                {
                    state.say(
                        format!(
                            "{} answered your {} about {name}: {}",
                            sanitize_line(&reply.author_name),
                            sanitize_line(&escalation.template_name),
                            sanitize_line(&reply.body)
                        ),
                        false,
                    );
                }
            }
        }
        EventBody::WhisperCreated { whisper } => {
            if let Some(chat) = state.chats.iter_mut().find(|c| c.id == whisper.chat_id) {
                chat.add_whisper(whisper.clone());
                let customer = sanitize_line(&chat.customer.name);
                // The whisper itself shows whole in the chat's pane; the notice says where,
                // without taking the pane's rows for a second copy.
                state.say(
                    format!(
                        "{} whispered in {customer}'s chat (the customer does not see it).",
                        sanitize_line(&whisper.lead_name),
                    ),
                    true,
                );
            }
        }
        _ => {}
    }
    if is_lead(state) {
        vec![Command::RefreshFloor]
    } else {
        Vec::new()
    }
}

/// The chat a lead asked to watch arrived.
pub(super) fn watching(state: &mut State, detail: &ChatDetail) {
    state.overlay = Overlay::Watch(Box::new(Watch::new(detail)));
}

/// Up and Down on the monitor (with nothing over it). Returns whether the monitor took it.
pub(super) fn move_by(state: &mut State, down: bool) -> bool {
    if !matches!(state.overlay, Overlay::None) || !state.monitor.open || !is_lead(state) {
        return false;
    }
    let offline = state.monitor.show_offline;
    let len = state.floor.as_ref().map_or(0, |f| items(f, offline).len());
    crate::console::rooms::step(&mut state.monitor.selected, len, down);
    true
}

/// Enter on the monitor (with nothing over it).
pub(super) fn choose(state: &mut State) -> Option<Vec<Command>> {
    if !matches!(state.overlay, Overlay::None) || !state.monitor.open || !is_lead(state) {
        return None;
    }
    Some(choose_on_monitor(state))
}

/// The lead said yes: the chat becomes theirs.
pub(crate) fn take_over_now(state: &mut State, watch: &Watch) -> Vec<Command> {
    state.overlay = Overlay::None;
    state.monitor.open = false;
    state.say(
        format!("Taking the chat over from {}…", watch.agent_name),
        false,
    );
    vec![Command::TakeOver(watch.chat.id)]
}
