//! Spelling in the composer, off the hot path. Each draft is checked as it changes (cheap:
//! dictionary look-ups); suggestions, which take tens of milliseconds for a long word, are
//! looked for once per word, beside the console (a command, answered by an action), and
//! remembered; never for the word being typed — it is unfinished until the cursor leaves it.
//! Drawing only reads what was found here.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

use crate::spelling::Speller;

/// How many misspelt words of a draft the pane shows, each with its first suggestion.
pub const SHOWN_WORDS: usize = 4;

/// How many words' suggestions are remembered.
const REMEMBERED_WORDS: usize = 256;

/// The misspelt words of one draft, as last checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftSpelling {
    /// The draft that was checked.
    draft: String,
    /// Byte ranges of its misspelt words, in order.
    unknown: Vec<Range<usize>>,
}

impl DraftSpelling {
    /// Checks `draft` again unless it is the one checked last; returns whether it changed.
    pub fn check(&mut self, draft: &str) -> bool {
        if self.draft == draft {
            return false;
        }
        self.unknown = Speller::english().unknown_words(draft);
        self.draft = draft.to_string();
        true
    }

    /// The misspelt words of `draft` with their byte ranges, if `draft` is what was checked.
    pub fn unknown_in<'a>(&'a self, draft: &str) -> Vec<(Range<usize>, &'a str)> {
        if self.draft != draft {
            return Vec::new();
        }
        self.unknown
            .iter()
            .map(|range| (range.clone(), &self.draft[range.clone()]))
            .collect()
    }
}

/// Whether the word at `range` is still being typed: the cursor (a byte offset) is in it or
/// right after it.
pub fn being_typed(range: &Range<usize>, cursor: usize) -> bool {
    range.start <= cursor && cursor <= range.end
}

/// The spelling suggestions for `word`, best first: the slow part, run beside the console.
pub fn suggestions_for(word: &str) -> Vec<String> {
    Speller::english().suggest(word)
}

/// Suggestions found so far, per word; the oldest are forgotten first.
#[derive(Debug, Clone, Default)]
pub struct SpellingSuggestions {
    found: HashMap<String, Vec<String>>,
    order: VecDeque<String>,
    /// Words whose suggestions are being looked for beside the console.
    asked: HashSet<String>,
}

impl SpellingSuggestions {
    /// Whether `word`'s suggestions should be looked for now: they never were, and are not
    /// being looked for. Counts the word as asked for.
    pub fn ask(&mut self, word: &str) -> bool {
        !self.found.contains_key(word) && self.asked.insert(word.to_string())
    }

    /// The suggestions looked for beside the console, for `word`.
    pub fn found(&mut self, word: &str, suggestions: Vec<String>) {
        self.asked.remove(word);
        self.remember(word, suggestions);
    }

    fn remember(&mut self, word: &str, suggestions: Vec<String>) {
        if self.found.contains_key(word) {
            return;
        }
        if self.order.len() >= REMEMBERED_WORDS
            && let Some(oldest) = self.order.pop_front()
        {
            self.found.remove(&oldest);
        }
        self.order.push_back(word.to_string());
        self.found.insert(word.to_string(), suggestions);
    }

    /// The suggestions for `word`, if they were looked for.
    pub fn get(&self, word: &str) -> Option<&[String]> {
        self.found.get(word).map(Vec::as_slice)
    }

    /// The suggestions for `word`, looked for now if they never were (the agent asked for a
    /// correction and waits for it).
    pub fn find(&mut self, word: &str) -> &[String] {
        if !self.found.contains_key(word) {
            self.remember(word, suggestions_for(word));
        }
        self.found.get(word).map_or(&[], Vec::as_slice)
    }

    /// The first suggestion for `word`, if it was looked for and there is one.
    pub fn first(&self, word: &str) -> Option<&str> {
        self.get(word)?.first().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_checked_again_only_when_it_changed() {
        let mut spelling = DraftSpelling::default();
        assert!(spelling.check("Your refnud is here"));
        assert!(!spelling.check("Your refnud is here"));
        let words: Vec<&str> = spelling
            .unknown_in("Your refnud is here")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(words, ["refnud"]);
        // Words of another draft are never reported against this one.
        assert!(spelling.unknown_in("Your refnud is her").is_empty());
    }

    #[test]
    fn the_word_at_the_cursor_is_being_typed() {
        assert!(being_typed(&(5..11), 11));
        assert!(being_typed(&(5..11), 7));
        assert!(!being_typed(&(5..11), 12));
        assert!(!being_typed(&(5..11), 4));
    }

    #[test]
    fn suggestions_are_looked_for_once_and_the_oldest_forgotten() {
        let mut suggestions = SpellingSuggestions::default();
        assert_eq!(suggestions.get("refnud"), None);
        assert!(suggestions.find("refnud").iter().any(|s| s == "refund"));
        assert_eq!(suggestions.first("refnud"), Some("refund"));
        for i in 0..REMEMBERED_WORDS {
            suggestions.order.push_back(format!("w{i}"));
            suggestions.found.insert(format!("w{i}"), Vec::new());
        }
        suggestions.find("wrnog");
        assert_eq!(suggestions.found.len(), suggestions.order.len());
        assert!(suggestions.get("wrnog").is_some());
    }
}
