//! Spelling after every action: a draft that changed is checked again, and the finished
//! misspelt words the focused pane shows get their suggestions, looked for once per word beside
//! the console. And the key that puts the first suggestion in place of its word.

use super::{State, save_draft};
use crate::console::action::Command;
use crate::console::chat::composer;
use crate::console::draft_spelling::{SHOWN_WORDS, being_typed};
use crate::console::rooms::picker::cursor_offset;

/// Checks the drafts that changed.
pub(super) fn check_drafts(state: &mut State) {
    if !state.settings.spell_check {
        return;
    }
    for chat in &mut state.chats {
        chat.spelling.check(&chat.draft());
    }
}

/// Asks for the suggestions of the focused draft's shown words that are finished and were
/// never looked for: the search runs beside the console, and they show when found.
pub(super) fn ask_suggestions(state: &mut State) -> Vec<Command> {
    if !state.settings.spell_check {
        return Vec::new();
    }
    let Some(chat) = state.chats.get(state.focus) else {
        return Vec::new();
    };
    let draft = chat.draft();
    let cursor = cursor_offset(chat);
    let mut asks = Vec::new();
    for (range, word) in chat
        .spelling
        .unknown_in(&draft)
        .into_iter()
        .take(SHOWN_WORDS)
    {
        if !being_typed(&range, cursor) && state.suggestions.ask(word) {
            asks.push(Command::SuggestSpelling(word.to_string()));
        }
    }
    asks
}

/// The fix-spelling key: the first misspelt word shown with a suggestion takes it; with none
/// shown, the word being typed takes its first suggestion.
pub(super) fn fix_first(state: &mut State) -> Vec<Command> {
    let Some(chat) = state.chats.get(state.focus) else {
        return Vec::new();
    };
    let draft = chat.draft();
    let cursor = cursor_offset(chat);
    let mut spelling = chat.spelling.clone();
    spelling.check(&draft);
    let words = spelling.unknown_in(&draft);
    let shown = words
        .iter()
        .take(SHOWN_WORDS)
        .find(|(_, word)| state.suggestions.first(word).is_some());
    let Some((range, word)) = shown.or_else(|| words.iter().find(|(r, _)| being_typed(r, cursor)))
    else {
        state.say("There is no misspelt word to correct.", false);
        return Vec::new();
    };
    let (range, word) = (range.clone(), word.to_string());
    let Some(better) = state.suggestions.find(&word).first().cloned() else {
        state.say(format!("There is no suggestion for “{word}”."), false);
        return Vec::new();
    };
    let mut fixed = draft;
    fixed.replace_range(range.clone(), &better);
    let cursor = if cursor >= range.end {
        cursor - range.len() + better.len()
    } else {
        cursor
    };
    let Some(chat) = state.chats.get_mut(state.focus) else {
        return Vec::new();
    };
    chat.composer = composer(&fixed);
    put_cursor(&mut chat.composer, &fixed, cursor);
    vec![save_draft(chat)]
}

/// Moves the composer's cursor to byte `offset` of its `text`.
fn put_cursor(area: &mut ratatui_textarea::TextArea<'static>, text: &str, offset: usize) {
    let before = &text[..offset.min(text.len())];
    let row = before.matches('\n').count();
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    area.move_cursor(ratatui_textarea::CursorMove::Jump(
        u16::try_from(row).unwrap_or(u16::MAX),
        u16::try_from(column).unwrap_or(u16::MAX),
    ));
}
