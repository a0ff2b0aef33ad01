//! Canned responses into the composer: Enter in the picker, and Tab after `/shortcode`.

use super::{Overlay, State, procedure, save_draft};
use crate::console::action::Command;
use crate::console::chat::composer;
use crate::console::keymap::{Intent, Place};
use crate::console::picker::{Picker, context, cursor_offset};

/// Enter in the picker: ask for the fields first, then insert the filled response.
pub(super) fn pick(state: &mut State) -> Vec<Command> {
    // Enter chooses among the results of what is typed, even before their search came back.
    if let Overlay::Picker(picker) = &mut state.overlay {
        picker.finish(&state.canned);
    }
    let Overlay::Picker(picker) = &state.overlay else {
        return Vec::new();
    };
    let Some(response) = picker.current(&state.canned).cloned() else {
        return Vec::new();
    };
    let Some(chat) = state.focused() else {
        state.overlay = Overlay::None;
        return Vec::new();
    };
    let context = context(chat, &state.me.display_name);
    let replace = picker.replace.clone();
    let answers = match &picker.filling {
        None if !response.fields().is_empty() => {
            state.overlay = Overlay::Picker(Picker::filling(&response, replace));
            return Vec::new();
        }
        None => Default::default(),
        Some(filling) => filling.answers(),
    };
    let filled = response.preview(&context, &answers);
    let missing_field = filled
        .gaps
        .iter()
        .find(|g| matches!(g, crate::canned::Gap::Field(_)))
        .map(ToString::to_string);
    if let Some(label) = missing_field {
        let moves = state
            .settings
            .keymap
            .keys(Place::Picker, Intent::NextField)
            .map_or_else(String::new, |key| format!(" ({key} moves between fields)"));
        state.say(format!("Fill in “{label}” first{moves}."), true);
        return Vec::new();
    }
    // No ticket yet for a response that gives its reference: open the ticket first; the
    // response goes in once the backend has answered.
    if filled.gaps.contains(&crate::canned::Gap::Variable(
        crate::canned::Variable::TicketId,
    )) {
        let then = crate::console::rooms::ticket::InsertAfter {
            response: response.id().to_string(),
            replace,
        };
        crate::console::rooms::ticket::open(state, Some(then));
        return Vec::new();
    }
    // Anything else the chat cannot supply stays written out (`{customer.email}`): the agent
    // sees it, and sending stops until it is replaced.
    state.overlay = Overlay::None;
    if procedure::verification_question(
        state,
        response.needs_verification(),
        &filled.text,
        replace.clone(),
    ) {
        return Vec::new();
    }
    insert(state, &filled.text, replace)
}

/// Tab after `/shortcode` in the composer: the response replaces it, asking for fields first.
pub(super) fn expand_shortcode(state: &mut State) -> Vec<Command> {
    let Some(chat) = state.focused() else {
        return Vec::new();
    };
    let text = chat.draft();
    let Some(expansion) = state.canned.expand_at(&text, cursor_offset(chat)) else {
        return Vec::new();
    };
    let range = expansion.range.clone();
    let response = expansion.response.clone();
    state.overlay = Overlay::Picker(Picker::filling(&response, Some(range)));
    if response.fields().is_empty() {
        return pick(state);
    }
    Vec::new()
}

/// Puts `text` at the composer's cursor, or in place of `replace`.
pub(crate) fn insert(
    state: &mut State,
    text: &str,
    replace: Option<std::ops::Range<usize>>,
) -> Vec<Command> {
    let Some(chat) = state.focused_mut() else {
        return Vec::new();
    };
    match replace {
        None => {
            chat.composer.insert_str(text);
        }
        Some(range) => {
            let mut draft = chat.draft();
            if draft.get(range.clone()).is_some() {
                draft.replace_range(range, text);
            }
            chat.composer = composer(&draft);
        }
    }
    vec![save_draft(chat)]
}

/// The answer to a search run beside the console, for the picker if it is still open.
pub(super) fn found(
    state: &mut State,
    generation: u64,
    query: String,
    results: Vec<u32>,
) -> Vec<Command> {
    if let Overlay::Picker(picker) = &mut state.overlay {
        picker.found(generation, query, results);
    }
    Vec::new()
}
