//! Escalations and the lead's side: the escalation dialog, escalation and whisper events in the
//! agent's panes, the monitor, watching a chat, whispering, claiming and taking over.

use ratatui::crossterm::event::KeyEvent;

use super::{Overlay, Question, State, Then};
use crate::console::action::Command;
use crate::console::dialogs::escalate::{Choice, EscalationDialog, Filling, Stage, choices};
use crate::console::monitor::{Watch, items};
use crate::policy::escalation::MAX_REPLY_CHARS;
use crate::policy::sanitize::sanitize_line;
use crate::policy::text_limits::{WHISPER_CHARS, room_for_one_more};
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
            if let Overlay::Watch(watch) = &mut state.overlay
                && watch.chat.id == whisper.chat_id
            {
                watch.chat.add_whisper(whisper.clone());
            }
            if let Some(chat) = state.chats.iter_mut().find(|c| c.id == whisper.chat_id) {
                chat.add_whisper(whisper.clone());
                state.say(
                    format!(
                        "Whisper from {} (the customer does not see it): {}",
                        sanitize_line(&whisper.lead_name),
                        sanitize_line(&whisper.body)
                    ),
                    true,
                );
            }
        }
        EventBody::MessageCreated { message } => {
            if let Overlay::Watch(watch) = &mut state.overlay
                && watch.chat.id == message.chat_id
            {
                watch.chat.add(message);
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

/// F12: the escalation dialog for the focused chat.
pub(super) fn open_escalation(state: &mut State) -> Vec<Command> {
    let Some(chat) = state.focused() else {
        state.say("Open a chat first; an escalation is about a chat.", false);
        return Vec::new();
    };
    state.overlay = Overlay::Escalate(Box::new(EscalationDialog {
        chat: chat.id,
        stage: Stage::Choose { selected: 0 },
    }));
    // Asked again each time: where a template goes depends on the day (a weekend or holiday
    // sends it elsewhere), and a console may run from a Friday into a Saturday.
    vec![Command::FetchTemplates]
}

/// Up and Down in the escalation dialog or on the monitor.
pub(super) fn move_by(state: &mut State, down: bool) -> bool {
    let step = |selected: &mut usize, len: usize| {
        *selected = match down {
            true => (*selected + 1).min(len.saturating_sub(1)),
            false => selected.saturating_sub(1),
        };
    };
    let lead = is_lead(state);
    match &mut state.overlay {
        Overlay::Escalate(dialog) => {
            let escalations = state
                .chats
                .iter()
                .find(|c| c.id == dialog.chat)
                .map_or(0, |c| c.escalations.len());
            match &mut dialog.stage {
                Stage::Choose { selected } => {
                    step(selected, escalations + state.templates.len());
                }
                Stage::Fill(filling) => filling.next_field(down),
                Stage::Reply { .. } => {}
            }
            true
        }
        Overlay::None if state.monitor.open && lead => {
            let offline = state.monitor.show_offline;
            let len = state.floor.as_ref().map_or(0, |f| items(f, offline).len());
            step(&mut state.monitor.selected, len);
            true
        }
        _ => false,
    }
}

/// Tab, Shift-Tab, Left and Right in the escalation form.
pub(super) fn next_field(state: &mut State, forward: bool) {
    if let Overlay::Escalate(dialog) = &mut state.overlay
        && let Stage::Fill(filling) = &mut dialog.stage
    {
        filling.next_field(forward);
    }
}

pub(super) fn switch_choice(state: &mut State) {
    if let Overlay::Escalate(dialog) = &mut state.overlay
        && let Stage::Fill(filling) = &mut dialog.stage
    {
        filling.flip();
    }
}

/// Typing in the escalation dialog or in the whisper line. Returns whether it was taken.
pub(super) fn type_key(state: &mut State, key: KeyEvent) -> bool {
    let Some(typed) = crate::console::rooms::edit_of(&key) else {
        return matches!(state.overlay, Overlay::Escalate(_) | Overlay::Watch(_));
    };
    let edit = |text: &mut String, longest: usize| match typed {
        Some(c) if !c.is_control() && room_for_one_more(text, longest) => text.push(c),
        Some(_) => {}
        None => {
            text.pop();
        }
    };
    match &mut state.overlay {
        Overlay::Escalate(dialog) => match &mut dialog.stage {
            Stage::Fill(filling) => match typed {
                Some(c) => filling.type_char(c),
                None => filling.backspace(),
            },
            Stage::Reply { text, .. } => edit(text, MAX_REPLY_CHARS),
            Stage::Choose { .. } => {}
        },
        Overlay::Watch(watch) => edit(&mut watch.whisper, WHISPER_CHARS),
        _ => return false,
    }
    true
}

/// Enter in the escalation dialog, on the monitor, or in the whisper line.
pub(super) fn choose(state: &mut State) -> Option<Vec<Command>> {
    match state.overlay.clone() {
        Overlay::Escalate(mut dialog) => Some(choose_in_dialog(state, &mut dialog)),
        Overlay::Watch(watch) => {
            let body = watch.whisper.trim().to_string();
            if body.is_empty() {
                return Some(Vec::new());
            }
            if let Overlay::Watch(open) = &mut state.overlay {
                open.whisper.clear();
            }
            state.say(format!("Whispered to {}.", watch.agent_name), false);
            Some(vec![Command::Whisper {
                chat: watch.chat.id,
                body,
            }])
        }
        Overlay::None if state.monitor.open && is_lead(state) => Some(choose_on_monitor(state)),
        _ => None,
    }
}

fn choose_in_dialog(state: &mut State, dialog: &mut EscalationDialog) -> Vec<Command> {
    let chat = state.chats.iter().find(|c| c.id == dialog.chat);
    match &mut dialog.stage {
        Stage::Choose { selected } => {
            let escalations = chat.map(|c| c.escalations.clone()).unwrap_or_default();
            let client_id = chat.and_then(|c| c.customer.client_id.clone());
            let list = choices(&escalations, &state.templates);
            dialog.stage = match list.get(*selected) {
                Some(Choice::Answer(e)) => Stage::Reply {
                    escalation: e.id,
                    text: String::new(),
                },
                Some(Choice::Template(t)) => {
                    Stage::Fill(Box::new(Filling::new((*t).clone(), client_id.as_deref())))
                }
                None => return Vec::new(),
            };
            state.overlay = Overlay::Escalate(Box::new(dialog.clone()));
            Vec::new()
        }
        Stage::Fill(filling) => match filling.ready() {
            Some(escalation) => {
                state.overlay = Overlay::None;
                state.say(
                    format!("{} sent to the leads.", filling.template.name),
                    false,
                );
                vec![Command::Escalate {
                    chat: dialog.chat,
                    escalation,
                }]
            }
            None => {
                state.overlay = Overlay::Escalate(Box::new(dialog.clone()));
                Vec::new()
            }
        },
        Stage::Reply { escalation, text } => {
            let body = text.trim().to_string();
            if body.is_empty() {
                return Vec::new();
            }
            state.overlay = Overlay::None;
            vec![Command::ReplyToEscalation {
                escalation: *escalation,
                body,
            }]
        }
    }
}

/// Ctrl-T while watching: asks first, saying what taking over means for the record.
pub(super) fn take_over(state: &mut State) -> Vec<Command> {
    let Overlay::Watch(watch) = &state.overlay else {
        return Vec::new();
    };
    let watch = watch.clone();
    let agent = watch.agent_name.clone();
    state.overlay = Overlay::Question(Question {
        title: format!("Take {} over from {agent}?", watch.chat.customer.name),
        lines: vec![
            format!("The chat becomes yours: {agent} is told, the customer hears your name."),
            format!(
                "From now on its replies, waits and wrap-up are on your record; what came \
                 before stays on {agent}'s."
            ),
        ],
        then: Then::TakeOver(watch),
    });
    Vec::new()
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
