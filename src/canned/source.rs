//! Reading one layer of canned responses from TOML text. Each problem names the file, the line
//! (of the offending value, or of the unknown variable inside a body) and the response; a bad
//! response is skipped and the others in the file still load.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::assets::AssetError;
use crate::policy::text_limits::MESSAGE_CHARS as MAX_MESSAGE_CHARS;

use super::library::Response;
use super::shortcode::{MAX_SHORTCODE_CHARS, is_shortcode};
use super::template::Template;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CannedFile {
    #[serde(default)]
    response: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    title: Spanned<String>,
    shortcode: Spanned<String>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    body: Spanned<String>,
}

/// A checked entry: identifiers valid, body trimmed and non-empty.
pub(super) struct Entry {
    pub id: String,
    pub title: String,
    pub shortcode: String,
    pub tags: Vec<String>,
    pub body: String,
}

/// Ids, tags: lower-case ASCII letters, digits, '-' and '_'.
fn is_identifier(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn error_at(&self, offset: usize, problem: impl Into<String>) -> AssetError {
        let (line, column) = line_and_column(self.text, offset);
        AssetError {
            file: self.name.to_string(),
            line,
            column,
            problem: problem.into(),
        }
    }

    /// Where `needle` is written inside `span` (a string value), else the value's start.
    fn offset_within(&self, span: &Range<usize>, needle: &str) -> usize {
        self.text
            .get(span.clone())
            .and_then(|value| value.find(needle))
            .map_or(span.start, |at| span.start + at)
    }

    fn check(&self, raw: RawEntry, seen: &[(String, String)]) -> Result<Entry, AssetError> {
        let id_at = raw.id.span().start;
        let id = raw.id.into_inner();
        if !is_identifier(&id) {
            return Err(self.error_at(
                id_at,
                format!("response id {id:?} must be lower-case letters, digits, '-' or '_'"),
            ));
        }
        if seen.iter().any(|(seen_id, _)| *seen_id == id) {
            return Err(self.error_at(id_at, format!("response id {id:?} appears twice")));
        }
        let in_response = |problem: String| format!("response {id:?}: {problem}");

        let title_at = raw.title.span().start;
        let title = raw.title.into_inner().trim().to_string();
        if title.is_empty() {
            return Err(self.error_at(title_at, in_response("the title is empty".into())));
        }

        let code_at = raw.shortcode.span().start;
        let shortcode = raw.shortcode.into_inner();
        if let Some(bare) = shortcode.strip_prefix('/') {
            return Err(self.error_at(
                code_at,
                in_response(format!("write the shortcode without '/': {bare:?}")),
            ));
        }
        if !is_shortcode(&shortcode) {
            return Err(self.error_at(
                code_at,
                in_response(format!(
                    "shortcode {shortcode:?} must be 1 to {MAX_SHORTCODE_CHARS} lower-case \
                     letters, digits, '-' or '_'"
                )),
            ));
        }
        if let Some((other, _)) = seen.iter().find(|(_, code)| *code == shortcode) {
            return Err(self.error_at(
                code_at,
                in_response(format!(
                    "shortcode {shortcode:?} is already used by {other:?}"
                )),
            ));
        }

        let mut tags: Vec<String> = Vec::new();
        for tag in raw.tags {
            let at = tag.span().start;
            let tag = tag.into_inner();
            if !is_identifier(&tag) {
                return Err(self.error_at(
                    at,
                    in_response(format!(
                        "tag {tag:?} must be lower-case letters, digits, '-' or '_'"
                    )),
                ));
            }
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }

        let body_span = raw.body.span();
        let body = raw.body.into_inner().trim().to_string();
        if body.is_empty() {
            return Err(self.error_at(body_span.start, in_response("the body is empty".into())));
        }
        if body.chars().count() > MAX_MESSAGE_CHARS {
            return Err(self.error_at(
                body_span.start,
                in_response(format!(
                    "the body is longer than a message may be ({MAX_MESSAGE_CHARS} characters)"
                )),
            ));
        }
        Ok(Entry {
            id,
            title,
            shortcode,
            tags,
            body,
        })
    }
}

/// The valid responses of one layer and the problems with the rest. A file that is not valid
/// TOML (or has unknown keys) yields no responses and one error.
pub(super) fn parse_layer(name: &str, text: &str) -> (Vec<Response>, Vec<AssetError>) {
    let source = Source { name, text };
    let file: CannedFile = match toml::from_str(text) {
        Ok(file) => file,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            return (vec![], vec![source.error_at(at, e.message().trim())]);
        }
    };
    let mut responses: Vec<Response> = Vec::new();
    let mut errors = Vec::new();
    // (id, shortcode) of every entry that got past its id check, to catch duplicates.
    let mut seen: Vec<(String, String)> = Vec::new();
    for raw in file.response {
        let body_span = raw.body.span();
        let entry = match source.check(raw, &seen) {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        seen.push((entry.id.clone(), entry.shortcode.clone()));
        match Template::parse(&entry.body) {
            Ok(template) => responses.push(Response::new(entry, template, name)),
            Err(e) => errors.push(source.error_at(
                source.offset_within(&body_span, &e.raw),
                format!("response {:?} {}", entry.id, e.problem),
            )),
        }
    }
    (responses, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse_layer("t.toml", text)
            .1
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    const ONE: &str = "[[response]]\nid = \"a\"\ntitle = \"A\"\nshortcode = \"a\"\nbody = \"Hi\"\n";

    #[test]
    fn a_valid_response_loads() {
        let (responses, errors) = parse_layer("t.toml", ONE);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(responses[0].id(), "a");
        assert_eq!(responses[0].source(), "t.toml");
    }

    #[test]
    fn each_field_is_checked_at_its_line() {
        let bad = |key: &str, value: &str| ONE.replace(&format!("{key} = \"{}\"", "a"), value);
        let shout = bad("shortcode", "shortcode = \"Hold On\"");
        assert_eq!(
            errors(&shout),
            [
                "t.toml:4:13: response \"a\": shortcode \"Hold On\" must be 1 to 32 lower-case letters, digits, '-' or '_'"
            ]
        );
        let slash = bad("shortcode", "shortcode = \"/a\"");
        assert!(
            errors(&slash)[0].contains("without '/'"),
            "{:?}",
            errors(&slash)
        );
        let id = bad("id", "id = \"A b\"");
        assert!(errors(&id)[0].starts_with("t.toml:2:"), "{:?}", errors(&id));
        let empty = ONE.replace("\"Hi\"", "\"  \\n \"");
        assert_eq!(
            errors(&empty),
            ["t.toml:5:8: response \"a\": the body is empty"]
        );
        let tag = ONE.replace("body", "tags = [\"ok\", \"Not OK\"]\nbody");
        assert!(
            errors(&tag)[0].starts_with("t.toml:5:"),
            "{:?}",
            errors(&tag)
        );
        let long = ONE.replace("\"Hi\"", &format!("\"{}\"", "x".repeat(4001)));
        assert!(errors(&long)[0].contains("longer"), "{:?}", errors(&long));
    }

    #[test]
    fn duplicates_in_one_file_are_errors_and_the_first_stays() {
        let twice = format!("{ONE}\n{ONE}");
        let (responses, errs) = parse_layer("t.toml", &twice);
        assert_eq!(responses.len(), 1);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 8);
        assert!(errs[0].problem.contains("appears twice"));
        let same_code = format!("{ONE}\n{}", ONE.replace("id = \"a\"", "id = \"b\""));
        let errs = errors(&same_code);
        assert_eq!(
            errs,
            ["t.toml:10:13: response \"b\": shortcode \"a\" is already used by \"a\""]
        );
    }

    #[test]
    fn an_unknown_variable_is_found_on_its_own_line() {
        let text = ONE.replace(
            "body = \"Hi\"",
            "body = \"\"\"\nHello {customer.first_name},\nplease call {customer.phone}.\"\"\"",
        );
        let (responses, errs) = parse_layer("t.toml", &text);
        assert!(responses.is_empty());
        assert_eq!(errs[0].line, 7, "{}", errs[0]);
        assert_eq!(errs[0].column, 13, "{}", errs[0]);
        assert!(
            errs[0]
                .problem
                .starts_with("response \"a\" uses unknown variable {customer.phone}")
        );
    }

    #[test]
    fn not_toml_is_one_error_with_its_line() {
        let errs = errors("[[response]]\nid = \"a\"\ntitle = A\n");
        assert_eq!(errs.len(), 1);
        assert!(errs[0].starts_with("t.toml:3:"), "{errs:?}");
    }
}
