//! Fuzzy search over title, shortcode, tags and body with nucleo-matcher. Each word of the
//! query must match one of the fields; a match in the shortcode counts most, then the title,
//! the tags and the body. A query that is exactly a shortcode puts that response first.
//! `'exact`, `^prefix`, `suffix$` and `!not` work as in fzf.

use std::cmp::Reverse;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use super::library::{Library, Response};

/// Field weights (shortcode, title, tags, body): a better match anywhere still beats a weaker
/// one in a heavier field.
const WEIGHTS: [u32; 4] = [8, 6, 5, 4];
/// Added for a query that is exactly the shortcode: more than any fuzzy score can reach.
const EXACT_SHORTCODE: u32 = 1 << 24;

/// A response's searchable text, converted once when it loads.
#[derive(Debug, Clone)]
pub(super) struct Haystack {
    fields: [Utf32String; 4],
}

impl Haystack {
    pub(super) fn new(title: &str, shortcode: &str, tags: &[String], body: &str) -> Haystack {
        Haystack {
            fields: [
                shortcode.into(),
                title.into(),
                tags.join(" ").as_str().into(),
                body.into(),
            ],
        }
    }
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
        let query = query.trim().trim_start_matches('/');
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let mut hits: Vec<(u32, &Response)> = library
            .responses()
            .iter()
            .filter_map(|r| self.score(&pattern, query, r).map(|s| (s, r)))
            .collect();
        hits.sort_by_key(|(score, _)| Reverse(*score));
        hits.into_iter().map(|(_, r)| r).collect()
    }

    fn score(&mut self, pattern: &Pattern, query: &str, response: &Response) -> Option<u32> {
        let fields = &response.haystack.fields;
        let mut total = 0;
        for atom in &pattern.atoms {
            if atom.negative {
                // Must match no field at all.
                for field in fields {
                    atom.score(field.slice(..), &mut self.matcher)?;
                }
                continue;
            }
            total += fields
                .iter()
                .zip(WEIGHTS)
                .filter_map(|(field, weight)| {
                    atom.score(field.slice(..), &mut self.matcher)
                        .map(|s| u32::from(s) * weight)
                })
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
