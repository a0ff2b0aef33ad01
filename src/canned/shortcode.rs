//! Shortcodes: typing `/moment` in the composer and pressing Tab expands the response whose
//! shortcode is `moment`. This finds what to replace; the console fills and inserts.

use std::ops::Range;

use super::library::{Library, Response};

pub const MAX_SHORTCODE_CHARS: usize = 32;

/// 1 to 32 lower-case ASCII letters, digits, '-' or '_'.
pub fn is_shortcode(text: &str) -> bool {
    (1..=MAX_SHORTCODE_CHARS).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// A `/shortcode` in the composer's text.
#[derive(Debug, Clone)]
pub struct Expansion<'a> {
    /// Byte range of `/shortcode` in the text, slash included: what the filled text replaces.
    pub range: Range<usize>,
    pub response: &'a Response,
}

impl Library {
    /// The response to expand when the word just before `cursor` (a byte offset into `text`)
    /// is `/shortcode` of a known response. The slash must start the text or follow
    /// whitespace, and the cursor must end the word (end of text or whitespace after it), so
    /// `and/or`, URLs and `/mom|ent` never expand.
    pub fn expand_at(&self, text: &str, cursor: usize) -> Option<Expansion<'_>> {
        let before = text.get(..cursor)?;
        if text[cursor..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace())
        {
            return None;
        }
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(at, c)| at + c.len_utf8());
        let code = before[start..].strip_prefix('/')?;
        let response = self.by_shortcode(code)?;
        Some(Expansion {
            range: start..cursor,
            response,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcode_characters() {
        assert!(is_shortcode("moment"));
        assert!(is_shortcode("still-there_2"));
        assert!(!is_shortcode(""));
        assert!(!is_shortcode("Moment"));
        assert!(!is_shortcode("one moment"));
        assert!(!is_shortcode("é"));
        assert!(!is_shortcode(&"a".repeat(33)));
    }
}
