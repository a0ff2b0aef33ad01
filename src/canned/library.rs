//! Responses and the library they live in. A library is built from layers, later winning by id:
//! the built-in `assets/canned.toml`, then the team library the backend serves, then the agent's
//! own `canned.toml` in the config directory. A broken layer (or a broken response in one) is
//! reported and the rest still loads.

use std::collections::HashMap;
use std::path::Path;

use crate::assets::AssetError;

use super::fill::{Answers, Context, Filled, Gap};
use super::search::Haystack;
use super::source::{Entry, parse_layer};
use super::template::{Template, Variable};

/// The built-in library, as shipped.
pub const BUILTIN_TEXT: &str = include_str!("../../assets/canned.toml");
/// How errors in the built-in library name it.
pub const BUILTIN_NAME: &str = "assets/canned.toml (built in)";
/// The agent's own library, in the console's config directory.
pub const AGENT_FILE: &str = "canned.toml";
/// The tag on responses that reveal account details: verify the customer before sending them.
pub const NEEDS_VERIFICATION: &str = "needs-verification";

/// One canned response, checked: its body only uses known variables.
#[derive(Debug, Clone)]
pub struct Response {
    id: String,
    title: String,
    shortcode: String,
    tags: Vec<String>,
    body: String,
    template: Template,
    source: String,
    layer: usize,
    pub(super) haystack: Haystack,
}

impl Response {
    pub(super) fn new(entry: Entry, template: Template, source: &str) -> Response {
        let haystack = Haystack::new(&entry.title, &entry.shortcode, &entry.tags, &entry.body);
        Response {
            id: entry.id,
            title: entry.title,
            shortcode: entry.shortcode,
            tags: entry.tags,
            body: entry.body,
            template,
            source: source.to_string(),
            layer: 0,
            haystack,
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// Typed as `/shortcode` in the composer.
    pub fn shortcode(&self) -> &str {
        &self.shortcode
    }

    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// The body as written, with its `{…}` placeholders.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The body, parsed.
    pub fn template(&self) -> &Template {
        &self.template
    }

    /// The name of the layer this response came from (a file path or the team library).
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }

    /// True when the response reveals account details: the customer must be verified first.
    pub fn needs_verification(&self) -> bool {
        self.has_tag(NEEDS_VERIFICATION)
    }

    /// The `{ask:…}` labels in order of first appearance, each once: what the picker prompts for.
    pub fn fields(&self) -> Vec<String> {
        self.template.fields()
    }

    /// The variables the body uses, each once.
    pub fn variables(&self) -> Vec<Variable> {
        self.template.variables()
    }

    /// The text to insert, or every gap (missing ticket id, unanswered field) in order.
    pub fn fill(&self, context: &Context, answers: &Answers) -> Result<String, Vec<Gap>> {
        let filled = self.template.render(context, answers);
        if filled.gaps.is_empty() {
            Ok(filled.text)
        } else {
            Err(filled.gaps)
        }
    }

    /// The text with each gap shown as `[label]`, for the picker's preview.
    pub fn preview(&self, context: &Context, answers: &Answers) -> Filled {
        self.template.render(context, answers)
    }
}

/// Responses in display order: the first layer's order, with responses new in later layers
/// appended and overridden ones kept in place.
#[derive(Debug, Clone, Default)]
pub struct Library {
    responses: Vec<Response>,
    layers: usize,
    /// Where each id sits in `responses`.
    positions: HashMap<String, usize>,
}

impl Library {
    /// The built-in responses only.
    pub fn builtin() -> Library {
        let (library, errors) = load_layers(&[(BUILTIN_NAME, BUILTIN_TEXT)]);
        assert!(
            errors.is_empty(),
            "the built-in canned responses are valid: {errors:?}"
        );
        library
    }

    /// Lays the responses of `text` (named `name` in errors) over this library: a response
    /// with a known id replaces it. Returns what was wrong; the good responses are still added.
    pub fn merge(&mut self, name: &str, text: &str) -> Vec<AssetError> {
        let (responses, errors) = parse_layer(name, text);
        self.layers += 1;
        for mut response in responses {
            response.layer = self.layers;
            match self.positions.get(&response.id) {
                Some(&at) => self.responses[at] = response,
                None => {
                    self.positions
                        .insert(response.id.clone(), self.responses.len());
                    self.responses.push(response);
                }
            }
        }
        errors
    }

    pub fn responses(&self) -> &[Response] {
        &self.responses
    }

    pub fn len(&self) -> usize {
        self.responses.len()
    }

    pub fn is_empty(&self) -> bool {
        self.responses.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Response> {
        self.responses.get(*self.positions.get(id)?)
    }

    /// The response typed as `/shortcode` (without the slash; any case). When two layers use
    /// the same shortcode for different ids, the later layer's response has it.
    pub fn by_shortcode(&self, shortcode: &str) -> Option<&Response> {
        self.responses
            .iter()
            .filter(|r| r.shortcode.eq_ignore_ascii_case(shortcode))
            .max_by_key(|r| r.layer)
    }
}

/// Builds a library from `(name, text)` layers, later winning by id. Every problem in every
/// layer is returned; what could be read is loaded.
pub fn load_layers<N: AsRef<str>, T: AsRef<str>>(layers: &[(N, T)]) -> (Library, Vec<AssetError>) {
    let mut library = Library::default();
    let mut errors = Vec::new();
    for (name, text) in layers {
        errors.extend(library.merge(name.as_ref(), text.as_ref()));
    }
    (library, errors)
}

/// The agent's `canned.toml` in `config_dir` as `(path, text)`; `None` when there is none.
pub fn read_agent_file(config_dir: &Path) -> Result<Option<(String, String)>, AssetError> {
    let path = config_dir.join(AGENT_FILE);
    let name = path.display().to_string();
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some((name, text))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(AssetError {
            file: name,
            line: 1,
            column: 1,
            problem: format!("cannot be read: {e}"),
        }),
    }
}

/// The console's library: built in, then the team library (`(name, text)`, when the backend
/// served one), then the agent's own file in `config_dir`.
pub fn load_for_console(
    team: Option<(&str, &str)>,
    config_dir: Option<&Path>,
) -> (Library, Vec<AssetError>) {
    let mut library = Library::default();
    let mut errors = library.merge(BUILTIN_NAME, BUILTIN_TEXT);
    if let Some((name, text)) = team {
        errors.extend(library.merge(name, text));
    }
    match config_dir.map(read_agent_file).transpose() {
        Ok(Some(Some((name, text)))) => errors.extend(library.merge(&name, &text)),
        Ok(_) => {}
        Err(e) => errors.push(e),
    }
    (library, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, shortcode: &str, body: &str) -> String {
        format!(
            "[[response]]\nid = \"{id}\"\ntitle = \"{id}\"\nshortcode = \"{shortcode}\"\nbody = \"{body}\"\n"
        )
    }

    #[test]
    fn merging_replaces_in_place_and_appends_new_ids() {
        let mut library = Library::default();
        let first = format!("{}{}", entry("a", "a", "A1"), entry("b", "b", "B1"));
        assert!(library.merge("first", &first).is_empty());
        let second = format!("{}{}", entry("a", "x", "A2"), entry("c", "c", "C2"));
        assert!(library.merge("second", &second).is_empty());
        let order: Vec<&str> = library.responses().iter().map(|r| r.id()).collect();
        assert_eq!(order, ["a", "b", "c"]);
        assert_eq!(library.get("a").unwrap().body(), "A2");
        assert_eq!(library.get("a").unwrap().source(), "second");
        // The old shortcode went with the old version.
        assert!(library.by_shortcode("a").is_none());
        assert_eq!(library.by_shortcode("X").unwrap().id(), "a");
    }

    #[test]
    fn the_builtin_library_is_valid() {
        assert!(Library::builtin().len() >= 12);
    }
}
