//! The lead's monitor of the floor: the floor arriving (the highlight kept where the lead
//! left it), showing or hiding it and the offline agents, the bell for new alerts, and Enter on
//! what is highlighted.

use super::super::{Overlay, State};
use super::is_lead;
use crate::console::action::Command;
use crate::console::monitor::{Item, alerts, clean_floor, items};
use crate::console::rooms::escalation::{EscalationDialog, Stage};
use crate::policy::escalation::may_close;
use crate::policy::sanitize::sanitize_line;
use crate::protocol::{EscalationState, Floor};

/// The floor arrived: a highlight moved down the lists stays on the item it was on (wherever
/// that item now sorts); one left at the top stays on the top, the most urgent item. New alerts
/// ring.
pub(in crate::console::app) fn take_floor(state: &mut State, floor: Floor) -> Vec<Command> {
    let offline = state.monitor.show_offline;
    let was = state
        .floor
        .as_ref()
        .filter(|_| state.monitor.selected > 0)
        .and_then(|f| items(f, offline).get(state.monitor.selected).copied());
    let floor = clean_floor(floor);
    let now = items(&floor, offline);
    state.monitor.selected = was
        .and_then(|item| now.iter().position(|i| *i == item))
        .unwrap_or_else(|| state.monitor.selected.min(now.len().saturating_sub(1)));
    state.floor = Some(floor);
    ring_alerts(state)
}

/// Shows or hides the offline agents on the monitor, keeping the highlight where it was.
pub(in crate::console::app) fn toggle_offline(state: &mut State) -> Vec<Command> {
    if !is_lead(state) || !state.monitor.open {
        return Vec::new();
    }
    let before = state.monitor.show_offline;
    let Some(floor) = &state.floor else {
        state.monitor.show_offline = !before;
        return Vec::new();
    };
    let was = items(floor, before).get(state.monitor.selected).copied();
    let now = items(floor, !before);
    state.monitor.selected = was
        .and_then(|item| now.iter().position(|i| *i == item))
        .unwrap_or_else(|| state.monitor.selected.min(now.len().saturating_sub(1)));
    state.monitor.show_offline = !before;
    Vec::new()
}

/// Rings the bell once for each new alert on a lead's monitor.
pub(in crate::console::app) fn ring_alerts(state: &mut State) -> Vec<Command> {
    let Some(floor) = &state.floor else {
        return Vec::new();
    };
    if !is_lead(state) {
        return Vec::new();
    }
    let mut fresh = false;
    for (key, _) in alerts(floor, state.settings.procedure.reply_breach_secs, state.now) {
        fresh |= state.rung.insert(key);
    }
    if fresh && state.settings.bell {
        vec![Command::Bell]
    } else {
        Vec::new()
    }
}

pub(in crate::console::app) fn toggle_monitor(state: &mut State) -> Vec<Command> {
    if !is_lead(state) {
        state.say("The monitor is for leads.", false);
        return Vec::new();
    }
    state.monitor.open = !state.monitor.open;
    vec![Command::RefreshFloor]
}

/// Closes the highlighted escalation when its chat has ended (the backend's rule, checked here too);
/// it leaves the floor when the backend says it closed.
pub(in crate::console::app) fn close_escalation(state: &mut State) -> Vec<Command> {
    if !is_lead(state) || !state.monitor.open || !matches!(state.overlay, Overlay::None) {
        return Vec::new();
    }
    let Some(floor) = &state.floor else {
        return Vec::new();
    };
    let list = items(floor, state.monitor.show_offline);
    let Some(Item::Escalation(id)) = list.get(state.monitor.selected).copied() else {
        state.say(
            "Highlight an escalation of an ended chat to close it.",
            false,
        );
        return Vec::new();
    };
    let Some(e) = floor.escalations.iter().find(|e| e.id == id) else {
        return Vec::new();
    };
    if let Err(why) = may_close(e.chat_ended) {
        state.say(why, false);
        return Vec::new();
    }
    let text = format!(
        "Closing the {} about {}; it leaves the monitor.",
        sanitize_line(&e.template_name),
        sanitize_line(&e.customer_name)
    );
    state.say(text, false);
    vec![Command::CloseEscalation(id)]
}

pub(in crate::console::app) fn choose_on_monitor(state: &mut State) -> Vec<Command> {
    let Some(floor) = &state.floor else {
        return Vec::new();
    };
    let list = items(floor, state.monitor.show_offline);
    match list.get(state.monitor.selected.min(list.len().saturating_sub(1))) {
        Some(Item::Chat(id)) => vec![Command::Watch(*id)],
        Some(Item::Agent(id)) => {
            // Their most urgent chat: the floor lists chats longest wait first.
            let chat = floor.chats.iter().find(|c| c.chat.agent_id == Some(*id));
            match chat {
                Some(c) => vec![Command::Watch(c.chat.id)],
                None => {
                    let name = floor
                        .agents
                        .iter()
                        .find(|a| a.id == *id)
                        .map_or_else(String::new, |a| a.display_name.clone());
                    state.say(format!("{name} has no live chat to watch."), false);
                    Vec::new()
                }
            }
        }
        Some(Item::Escalation(id)) => {
            let Some(e) = floor.escalations.iter().find(|e| e.id == *id) else {
                return Vec::new();
            };
            let claim = e.state == EscalationState::Open;
            let taken_by_other = e.claimed_by.is_some_and(|by| by != state.me.id);
            let holder = e.claimed_by_name.clone();
            let (id, chat) = (e.id, e.chat_id);
            if taken_by_other {
                state.say(
                    format!(
                        "{} has this escalation; you can still answer in its thread.",
                        holder.as_deref().unwrap_or("Another lead")
                    ),
                    false,
                );
            }
            state.overlay = Overlay::Escalate(Box::new(EscalationDialog {
                chat,
                stage: Stage::Reply {
                    escalation: id,
                    text: String::new(),
                },
            }));
            if claim {
                vec![Command::Claim(id)]
            } else {
                Vec::new()
            }
        }
        None => Vec::new(),
    }
}
