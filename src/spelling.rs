//! Spell checking for the composer: which words of a draft are not English, and what the agent
//! may have meant. The US English Hunspell dictionary (SCOWL, as packaged by Debian in
//! `hunspell-en-us`) is part of the program; its copyright notice is
//! `assets/dictionary/COPYRIGHT`, also available as [`DICTIONARY_NOTICE`].
//!
//! Not every word of a support message is prose, so these are never flagged: web addresses
//! and domain names, e-mail addresses, words with digits in them (order numbers, model
//! names), `/shortcodes` of canned responses, `{placeholders}` and whatever is inside them,
//! and acronyms written in capitals (`SSO`, `ACME's`). Apostrophes belong to the word they are
//! in (`don't`, `customer's`, `you’re`), and a word's possessive `'s` is fine whenever the
//! word is.

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::{Mutex, OnceLock, PoisonError};

use spellbook::Dictionary;

const AFF: &str = include_str!("../assets/dictionary/en_US.aff");
const DIC: &str = include_str!("../assets/dictionary/en_US.dic");

/// The copyright and licence notice of the dictionary, to show wherever the program lists
/// what it is made of.
pub const DICTIONARY_NOTICE: &str = include_str!("../assets/dictionary/COPYRIGHT");

/// How many suggestions [`Speller::suggest`] gives at most.
const SUGGESTIONS: usize = 5;

/// How many words' suggestions are remembered: finding them takes tens of milliseconds, and
/// the composer asks again for the same words every time it is drawn.
const REMEMBERED: usize = 32;

/// A dictionary and the rules for which words of a chat message to check.
pub struct Speller {
    dictionary: Dictionary,
    /// The latest words asked about with their suggestions, newest first.
    recent: Mutex<VecDeque<(String, Vec<String>)>>,
}

impl Speller {
    /// US English. The dictionary is read the first time it is asked for, once per process.
    pub fn english() -> &'static Speller {
        static ENGLISH: OnceLock<Speller> = OnceLock::new();
        ENGLISH.get_or_init(Speller::read_english)
    }

    fn read_english() -> Speller {
        Speller {
            dictionary: Dictionary::new(AFF, DIC).expect("the shipped dictionary is well formed"),
            recent: Mutex::new(VecDeque::with_capacity(REMEMBERED)),
        }
    }

    /// The byte ranges of `text`'s misspelt words, in order.
    pub fn unknown_words(&self, text: &str) -> Vec<Range<usize>> {
        let visible = without_placeholders(text);
        let mut unknown = Vec::new();
        for (start, token) in tokens(&visible) {
            if is_address_or_shortcode(token) {
                continue;
            }
            for word in words(token) {
                let range = start + word.start..start + word.end;
                if !self.accepts(&text[range.clone()]) {
                    unknown.push(range);
                }
            }
        }
        unknown
    }

    /// Words the agent may have meant instead of `word`, best first (a few at most).
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let remembered = |recent: &VecDeque<(String, Vec<String>)>| {
            recent
                .iter()
                .find(|(asked, _)| asked == word)
                .map(|(_, found)| found.clone())
        };
        if let Some(found) = remembered(&self.recent.lock().unwrap_or_else(PoisonError::into_inner))
        {
            return found;
        }
        let mut found = Vec::new();
        self.dictionary.suggest(&word.replace('’', "'"), &mut found);
        found.truncate(SUGGESTIONS);
        let mut recent = self.recent.lock().unwrap_or_else(PoisonError::into_inner);
        if remembered(&recent).is_none() {
            recent.truncate(REMEMBERED - 1);
            recent.push_front((word.to_string(), found.clone()));
        }
        found
    }

    /// Whether one word is fine: in the dictionary, or not a word to check.
    fn accepts(&self, word: &str) -> bool {
        let word = word.replace('’', "'");
        let stem = word.strip_suffix("'s").unwrap_or(&word);
        let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2 && !stem.chars().any(char::is_lowercase) {
            return true;
        }
        self.knows(&word)
    }

    /// Whether `word` is an English word (a possessive `'s` aside).
    pub fn knows(&self, word: &str) -> bool {
        let word = word.replace('’', "'");
        let stem = word.strip_suffix("'s").unwrap_or(&word);
        self.dictionary.check(&word) || self.dictionary.check(stem)
    }
}

/// `text` with every `{…}` turned into spaces, byte for byte, so that ranges found in the
/// result are ranges of `text`.
fn without_placeholders(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| from + i) {
        let Some(close) = text[open..].find('}').map(|i| open + i) else {
            break;
        };
        bytes[open..=close].fill(b' ');
        from = close + 1;
    }
    // Whole characters from `{` to `}` became ASCII spaces, so the text is still UTF-8.
    String::from_utf8(bytes).expect("placeholders end on character boundaries")
}

/// The whitespace-separated pieces of `text`, each with its byte offset.
fn tokens(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// A web address, domain name, e-mail address, path or `/shortcode`, quotes and punctuation
/// around it aside.
fn is_address_or_shortcode(token: &str) -> bool {
    let core = token.trim_matches(|c: char| !(c.is_alphanumeric() || c == '/'));
    let chars: Vec<char> = core.chars().collect();
    let dotted = chars
        .windows(3)
        .any(|w| w[1] == '.' && w[0].is_alphanumeric() && w[2].is_alphanumeric());
    core.starts_with('/')
        || core.contains("://")
        || core.starts_with("www.")
        || core.contains('@')
        || dotted
}

/// The words of one token as byte ranges: letters and digits, with an apostrophe kept when it
/// stands between two of them. Hyphens join words into a compound (`follow-up`), whose words
/// are checked one by one unless the compound has a digit anywhere (`AD-4521`, `4521-xq`).
/// Slashes and other marks separate words.
fn words(token: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for compound in runs(token, |c| is_apostrophe(c) || c == '-') {
        let text = &token[compound.clone()];
        if text.chars().any(char::is_numeric) {
            continue;
        }
        for word in runs(text, is_apostrophe) {
            out.push(compound.start + word.start..compound.start + word.end);
        }
    }
    out
}

/// Maximal runs of letters and digits in `text`, where a character that `joins` is part of a
/// run when it stands between two letters or digits.
fn runs(text: &str, joins: impl Fn(char) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut start = None;
    while let Some((i, c)) = chars.next() {
        let next_is_letter = chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        let inside = c.is_alphanumeric() || (start.is_some() && joins(c) && next_is_letter);
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown(text: &str) -> Vec<&str> {
        Speller::english()
            .unknown_words(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn a_misspelt_word_is_found_and_the_right_one_suggested() {
        assert_eq!(unknown("Your refnud is on its way."), ["refnud"]);
        let suggestions = Speller::english().suggest("refnud");
        assert!(suggestions.iter().any(|s| s == "refund"), "{suggestions:?}");
        assert!(suggestions.len() <= SUGGESTIONS);
    }

    #[test]
    fn an_ordinary_support_message_has_no_unknown_words() {
        let text = "Thanks for waiting! I've checked your order and the replacement charger \
                    shipped today; you'll receive a tracking e-mail within two business days. \
                    Is there anything else I can help you with?";
        assert_eq!(unknown(text), Vec::<&str>::new());
    }

    #[test]
    fn capitalised_words_are_checked_like_any_other() {
        assert_eq!(unknown("Refund sent. Refnud sent."), ["Refnud"]);
    }

    #[test]
    fn addresses_numbers_shortcodes_placeholders_and_acronyms_are_skipped() {
        let text = "See https://help.example.com/refnud or www.example.com/wrnog, \
                    (example.com/qwzx), write to refnud.team@example.com, order A12refnud \
                    or 4521-xq, /refnud, {customer.frist_name}, {ask:refnud nmbr}, \
                    QWZX and QWZX's SSO.";
        assert_eq!(unknown(text), Vec::<&str>::new());
    }

    #[test]
    fn what_is_around_a_skipped_form_is_still_checked() {
        let text = "Hi {customer.first_name}, teh /refund sent to qwzx@example.com wrnog";
        assert_eq!(unknown(text), ["teh", "wrnog"]);
        // An unclosed brace hides nothing.
        assert_eq!(unknown("{teh"), ["teh"]);
    }

    #[test]
    fn apostrophes_belong_to_their_word() {
        let text = "Don't worry: the customer's order, the customers' orders and you’re set, \
                    it's 'done'.";
        assert_eq!(unknown(text), Vec::<&str>::new());
        assert_eq!(unknown("the refnud's date"), ["refnud's"]);
    }

    #[test]
    fn hyphens_and_slashes_separate_words() {
        assert_eq!(unknown("a follow-up and/or a call-bakc"), ["bakc"]);
        assert_eq!(
            unknown("USB-C or AD-4521-qx or wrnog-4"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn byte_ranges_are_right_after_non_ascii_text() {
        let text = "“Hello” — 👋🏽 Your refnud is wya late.";
        let ranges = Speller::english().unknown_words(text);
        let refnud = text.find("refnud").unwrap();
        let wya = text.find("wya").unwrap();
        assert_eq!(ranges, [refnud..refnud + 6, wya..wya + 3]);
    }

    #[test]
    fn suggestions_are_remembered_for_a_few_words_only() {
        // A speller of its own: other tests ask the shared one at the same time.
        let speller = Speller::read_english();
        let first = speller.suggest("wrnog");
        assert!(first.iter().any(|s| s == "wrong"), "{first:?}");
        assert_eq!(speller.suggest("wrnog"), first);
        for i in 0..REMEMBERED + 2 {
            speller.suggest(&format!("qz{i}"));
        }
        let recent = speller.recent.lock().unwrap();
        assert_eq!(recent.len(), REMEMBERED);
        assert!(recent.iter().all(|(asked, _)| asked.starts_with("qz")));
    }

    #[test]
    fn the_dictionary_is_read_once() {
        assert!(std::ptr::eq(Speller::english(), Speller::english()));
    }

    #[test]
    fn the_notice_ships_with_the_dictionary() {
        assert!(DICTIONARY_NOTICE.contains("Kevin Atkinson"));
        assert!(DICTIONARY_NOTICE.contains("Permission to use, copy, modify, distribute"));
    }
}
