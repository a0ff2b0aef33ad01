//! Search over title, shortcode, tags and body with nucleo-matcher. Each word of the query
//! must match one of the fields: fuzzily in the shortcode, the title and the tags, as written
//! (a substring, any case) in the body — a long body holds nearly any scattered letters, so a
//! fuzzy match there says nothing and costs the most. A match in the shortcode counts most,
//! then the title, the tags and the body. A query that is exactly a shortcode puts that
//! response first. `'exact`, `^prefix`, `suffix$` and `!not` work as in fzf.
//!
//! With thousands of responses every keystroke must stay cheap: each field carries the set of
//! letters and digits it holds, so a field missing one of a word's letters is passed over
//! without asking the matcher, and a query that only adds to the previous one searches the
//! previous results only ([`Finder::narrow`]).

use std::cmp::Reverse;

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use super::library::{Library, Response};

/// Field weights (shortcode, title, tags, body): a better match anywhere still beats a weaker
/// one in a heavier field.
const WEIGHTS: [u32; 4] = [8, 6, 5, 4];
/// Added for a query that is exactly the shortcode: more than any fuzzy score can reach.
const EXACT_SHORTCODE: u32 = 1 << 24;
/// The body's place among the fields.
const BODY: usize = 3;

/// The letters (any case) and digits in `text`, one bit each; text with other than ASCII in it
/// may match letters it does not show (`é` for `e`), so it claims every letter.
fn letters_in(text: &str) -> u64 {
    if !text.is_ascii() {
        return u64::MAX;
    }
    text.bytes().fold(0, |set, b| set | letter_bit(b))
}

fn letter_bit(b: u8) -> u64 {
    match b.to_ascii_lowercase() {
        c @ b'a'..=b'z' => 1 << (c - b'a'),
        c @ b'0'..=b'9' => 1 << (26 + c - b'0'),
        _ => 0,
    }
}

/// The letters and digits a word of the query needs in a field to match there.
fn needed(atom: &Atom) -> u64 {
    atom.needle_text()
        .chars()
        .filter(char::is_ascii)
        .fold(0, |set, c| set | letter_bit(c as u8))
}

/// A response's searchable text, converted once when it loads.
#[derive(Debug, Clone)]
pub(super) struct Haystack {
    fields: [Utf32String; 4],
    letters: [u64; 4],
}

impl Haystack {
    pub(super) fn new(title: &str, shortcode: &str, tags: &[String], body: &str) -> Haystack {
        let tags = tags.join(" ");
        Haystack {
            letters: [shortcode, title, &tags, body].map(letters_in),
            fields: [
                shortcode.into(),
                title.into(),
                tags.as_str().into(),
                body.into(),
            ],
        }
    }
}

/// One word of the query, ready to try on every response.
struct Word {
    /// As matched in the shortcode, the title and the tags.
    atom: Atom,
    /// As matched in the body: a fuzzy word is looked for as written.
    in_body: Atom,
    needed: u64,
}

impl Word {
    fn new(atom: &Atom) -> Word {
        let in_body = match atom.kind {
            AtomKind::Fuzzy => Atom::new(
                &atom.needle_text().to_string(),
                CaseMatching::Smart,
                Normalization::Smart,
                AtomKind::Substring,
                false,
            ),
            _ => atom.clone(),
        };
        Word {
            atom: atom.clone(),
            in_body,
            needed: needed(atom),
        }
    }

    /// Whether the word is in field `i` of `haystack`, with its score there, weighted.
    fn found(&self, haystack: &Haystack, i: usize, matcher: &mut Matcher) -> Option<u32> {
        if self.needed & !haystack.letters[i] != 0 {
            return None;
        }
        let atom = if i == BODY { &self.in_body } else { &self.atom };
        // A negative word scores when it is absent; here it is looked for as a plain word.
        let score = match atom.negative {
            true => atom
                .score(haystack.fields[i].slice(..), matcher)
                .is_none()
                .then_some(0),
            false => atom.score(haystack.fields[i].slice(..), matcher),
        };
        score.map(|s| u32::from(s) * WEIGHTS[i])
    }
}

/// The query as searched: trimmed, without a leading `/`.
fn cleaned(query: &str) -> &str {
    query.trim().trim_start_matches('/')
}

/// Whether every response matching `longer` also matches `shorter`: `longer` only adds
/// letters or words to a query of plain words (no `!`, `^`, `$`, `'` or escapes, whose
/// meaning changes as they grow).
pub fn narrows(shorter: &str, longer: &str) -> bool {
    let (shorter, longer) = (cleaned(shorter), cleaned(longer));
    let plain = |q: &str| !q.contains(['!', '^', '$', '\'', '\\']);
    longer.starts_with(shorter) && plain(longer)
}

/// Searches a library; keep one around to reuse its memory across keystrokes.
pub struct Finder {
    matcher: Matcher,
}

impl Default for Finder {
    fn default() -> Self {
        Finder {
            matcher: Matcher::new(Config::DEFAULT),
        }
    }
}

impl Finder {
    pub fn new() -> Finder {
        Finder::default()
    }

    /// Matching responses, best first; ties keep library order. An empty query is everything.
    pub fn search<'a>(&mut self, library: &'a Library, query: &str) -> Vec<&'a Response> {
        let all: Vec<u32> = (0..library.len())
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        self.narrow(library, query, &all)
            .into_iter()
            .map(|i| &library.responses()[i as usize])
            .collect()
    }

    /// The positions (in the library) of the responses among `among` that match `query`, best
    /// first; ties keep the order of `among`, which should be library order or an earlier
    /// answer for a query that [`narrows`] to this one.
    pub fn narrow(&mut self, library: &Library, query: &str, among: &[u32]) -> Vec<u32> {
        let query = cleaned(query);
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let words: Vec<Word> = pattern.atoms.iter().map(Word::new).collect();
        let responses = library.responses();
        let mut hits: Vec<(u32, u32)> = among
            .iter()
            .filter_map(|&i| {
                let response = responses.get(i as usize)?;
                Some((self.score(&words, query, response)?, i))
            })
            .collect();
        hits.sort_unstable_by_key(|&(score, i)| (Reverse(score), i));
        hits.into_iter().map(|(_, i)| i).collect()
    }

    fn score(&mut self, words: &[Word], query: &str, response: &Response) -> Option<u32> {
        let haystack = &response.haystack;
        let mut total = 0;
        for word in words {
            if word.atom.negative {
                // Must be in no field at all.
                let anywhere = (0..WEIGHTS.len())
                    .any(|i| word.found(haystack, i, &mut self.matcher).is_some());
                if anywhere {
                    return None;
                }
                continue;
            }
            total += (0..WEIGHTS.len())
                .filter_map(|i| word.found(haystack, i, &mut self.matcher))
                .max()?;
        }
        if response.shortcode().eq_ignore_ascii_case(query) {
            total += EXACT_SHORTCODE;
        }
        Some(total)
    }
}

impl Library {
    /// [`Finder::search`] with a fresh finder.
    pub fn search(&self, query: &str) -> Vec<&Response> {
        Finder::new().search(self, query)
    }
}

#[cfg(test)]
mod tests {
    use super::super::library::load_layers;

    fn library() -> super::Library {
        let text = "[[response]]\nid = \"titled\"\ntitle = \"bye\"\nshortcode = \"farewell\"\n\
                    body = \"See you.\"\n\n[[response]]\nid = \"coded\"\ntitle = \"Closing\"\n\
                    shortcode = \"bye\"\nbody = \"Goodbye.\"\n";
        let (library, errors) = load_layers(&[("t", text)]);
        assert!(errors.is_empty(), "{errors:?}");
        library
    }

    #[test]
    fn an_exact_shortcode_comes_first() {
        let library = library();
        let ids: Vec<&str> = library.search("bye").iter().map(|r| r.id()).collect();
        assert_eq!(ids, ["coded", "titled"]);
    }

    #[test]
    fn a_shortcode_outweighs_the_same_match_in_the_body() {
        let text = "[[response]]\nid = \"in-body\"\ntitle = \"Money back\"\nshortcode = \"money\"\n\
                    body = \"About your refund.\"\n\n[[response]]\nid = \"in-code\"\n\
                    title = \"Returns\"\nshortcode = \"refund\"\nbody = \"We can help.\"\n";
        let (library, errors) = load_layers(&[("t", text)]);
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<&str> = library.search("refun").iter().map(|r| r.id()).collect();
        assert_eq!(ids, ["in-code", "in-body"]);
    }
}
