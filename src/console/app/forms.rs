//! Keys inside the dialogs: the wrap-up form, the transfer dialog, the checklist, the
//! transcript menu, the follow-up list and the procedure's questions.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Overlay, State};
use crate::console::action::Command;
use crate::console::dialogs::transfer::Target;
use crate::console::keymap::{Intent, Place};
use crate::console::picker::context;
use crate::protocol::Transfer;

/// What a key does to a text field: a character typed (`Some(Some(c))`), one taken back
/// (`Some(None)`), or nothing to do with text (`None`).
pub(super) fn edit_of(key: &KeyEvent) -> Option<Option<char>> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Some(c))
        }
        KeyCode::Backspace => Some(None),
        _ => None,
    }
}

/// Typing in a dialog with a text field. Returns `false` when no dialog takes text.
pub(super) fn type_key(state: &mut State, key: KeyEvent) -> bool {
    let Some(typed) = edit_of(&key) else {
        return matches!(
            state.overlay,
            Overlay::WrapUp(_) | Overlay::Transfer(_) | Overlay::Ticket(_)
        );
    };
    match &mut state.overlay {
        Overlay::WrapUp(form) => match typed {
            Some(c) => form.type_char(c),
            None => form.backspace(),
        },
        Overlay::Transfer(dialog) => match typed {
            Some(c) => dialog.type_char(c),
            None => {
                dialog.note.pop();
            }
        },
        Overlay::Ticket(dialog) => match typed {
            Some(c) => dialog.type_char(c),
            None => dialog.backspace(),
        },
        _ => return false,
    }
    true
}

/// Up and Down in a dialog. Returns `false` when the overlay is not one of these.
pub(super) fn move_by(state: &mut State, down: bool) -> bool {
    let codes = state.dispositions.len();
    match &mut state.overlay {
        Overlay::WrapUp(form) => form.move_by(down, codes),
        Overlay::Transfer(dialog) => dialog.move_by(down),
        Overlay::Ticket(dialog) => dialog.next_field(down),
        _ => return false,
    }
    true
}

/// Enter in a dialog.
pub(super) fn choose(state: &mut State) -> Option<Vec<Command>> {
    Some(match state.overlay.clone() {
        Overlay::WrapUp(mut form) => {
            let now = state.now.to_zoned(state.settings.time_zone.clone());
            match form.check(&state.dispositions, &now) {
                Some(wrap_up) => {
                    state.overlay = Overlay::None;
                    // Kept until the chat is gone, should the backend refuse it.
                    super::procedure::keep_wrap_up(state, (*form).clone());
                    vec![Command::WrapUp {
                        chat: form.chat,
                        wrap_up,
                    }]
                }
                None => {
                    state.overlay = Overlay::WrapUp(form);
                    Vec::new()
                }
            }
        }
        Overlay::Transfer(dialog) => transfer(state, dialog),
        Overlay::Ticket(dialog) => super::ticket::submit(state, *dialog),
        _ => return None,
    })
}

fn transfer(
    state: &mut State,
    mut dialog: crate::console::dialogs::transfer::TransferDialog,
) -> Vec<Command> {
    let Some(target) = dialog.target().cloned() else {
        let close = state
            .settings
            .keymap
            .keys(Place::Transfer, Intent::Close)
            .map_or_else(String::new, |key| format!(" or press {key}"));
        dialog.error = Some(format!(
            "Nobody to transfer to yet; wait for the list{close}."
        ));
        state.overlay = Overlay::Transfer(dialog);
        return Vec::new();
    };
    let note = dialog.note.trim().to_string();
    if note.is_empty() {
        dialog.error = Some(
            "Write a note for whoever takes the chat: what the customer needs and what you did."
                .into(),
        );
        state.overlay = Overlay::Transfer(dialog);
        return Vec::new();
    }
    // The customer hears about it in the team's words, from the transfer-notice response.
    let notice = state
        .chats
        .iter()
        .find(|c| c.id == dialog.chat)
        .and_then(|chat| {
            let response = state.canned.get("transfer-notice")?;
            let filled =
                response.preview(&context(chat, &state.me.display_name), &Default::default());
            Some(filled.text)
        });
    let (to_agent, to_queue) = match &target {
        Target::Agent { id, name, .. } => {
            state.say(
                format!(
                    "Offered to {name} with your note; the chat stays yours until they accept."
                ),
                false,
            );
            (Some(*id), None)
        }
        Target::Queue { id, .. } => (None, Some(id.clone())),
    };
    state.overlay = Overlay::None;
    vec![Command::Transfer {
        chat: dialog.chat,
        transfer: Transfer {
            to_agent,
            to_queue,
            note,
            notice,
        },
    }]
}

/// Tab and Shift-Tab in the wrap-up form.
pub(super) fn next_field(state: &mut State, forward: bool) -> bool {
    match &mut state.overlay {
        Overlay::WrapUp(form) => form.next_field(forward),
        Overlay::Ticket(dialog) => dialog.next_field(forward),
        _ => return false,
    }
    true
}

pub(super) fn switch_choice(state: &mut State) {
    match &mut state.overlay {
        Overlay::WrapUp(form) => form.flip_choice(),
        Overlay::Ticket(dialog) => dialog.flip_choice(),
        _ => {}
    }
}
