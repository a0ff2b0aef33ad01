//! The picker's state: a query over the library, the highlighted response previewed
//! for the focused chat, and, for responses with `{ask:…}` fields, a prompt for each value.

use std::ops::Range;
use std::sync::Arc;

use crate::canned::search::narrows;
use crate::canned::{Answers, Context, Finder, Library, Response};
use crate::console::chat::ChatView;

/// Values being asked for before a response is inserted.
#[derive(Debug, Clone, PartialEq)]
pub struct Filling {
    pub response: String,
    pub fields: Vec<String>,
    pub answers: Vec<String>,
    pub current: usize,
}

impl Filling {
    pub fn answers(&self) -> Answers {
        self.fields
            .iter()
            .cloned()
            .zip(self.answers.iter().cloned())
            .filter(|(_, v)| !v.trim().is_empty())
            .collect()
    }
}

/// Above this many responses in the library, every keystroke's search runs beside the console:
/// the frame shows the typed query at once and the results a moment later, so typing never
/// waits for a big library. Below it (every built-in library) the search runs at once.
pub const SEARCH_AT_ONCE: usize = 500;

/// A search to run beside the console; its answer comes back as `Action::CannedFound`.
#[derive(Clone)]
pub struct Search {
    /// Which search of the picker this is: an answer to an older one is dropped.
    pub generation: u64,
    pub query: String,
    /// The responses to look through (an earlier query's results), or every one.
    pub among: Option<Vec<u32>>,
    pub library: Arc<Library>,
}

impl Search {
    /// Runs the search: the positions of the matching responses, best first.
    pub fn run(&self) -> Vec<u32> {
        let among = self
            .among
            .clone()
            .unwrap_or_else(|| everything(&self.library));
        Finder::new().narrow(&self.library, &self.query, &among)
    }
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search")
            .field("generation", &self.generation)
            .field("query", &self.query)
            .field("among", &self.among.as_ref().map(Vec::len))
            .finish_non_exhaustive()
    }
}

/// Two searches are the same search when they are the same run of the same query.
impl PartialEq for Search {
    fn eq(&self, other: &Search) -> bool {
        self.generation == other.generation && self.query == other.query
    }
}

/// The position of every response in `library`, in library order.
fn everything(library: &Library) -> Vec<u32> {
    (0..library.len())
        .filter_map(|i| u32::try_from(i).ok())
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub query: String,
    pub selected: usize,
    pub filling: Option<Filling>,
    /// Where the response goes in the composer's text: at the cursor (`None`) or in place of
    /// a typed shortcode.
    pub replace: Option<Range<usize>>,
    /// The positions in the library of the responses matching `answered`, best first:
    /// searched once per change of the query, never while drawing.
    results: Vec<u32>,
    /// The query `results` answer: behind `query` while a search runs beside the console.
    answered: String,
    /// The shorter queries typed on the way to this one, with their results, so that
    /// Backspace goes back without searching again.
    earlier: Vec<(String, Vec<u32>)>,
    /// The latest search asked for; `searching` while its answer has not come back.
    generation: u64,
    searching: bool,
}

impl Picker {
    /// The picker as it opens: an empty query, so every response in library order.
    pub fn new(library: &Library) -> Picker {
        Picker {
            query: String::new(),
            selected: 0,
            filling: None,
            replace: None,
            results: everything(library),
            answered: String::new(),
            earlier: Vec::new(),
            generation: 0,
            searching: false,
        }
    }

    /// Starts asking for `response`'s fields right away (a shortcode with fields).
    pub fn filling(response: &Response, replace: Option<Range<usize>>) -> Picker {
        let fields = response.fields();
        Picker {
            query: String::new(),
            selected: 0,
            filling: Some(Filling {
                response: response.id().to_string(),
                answers: vec![String::new(); fields.len()],
                fields,
                current: 0,
            }),
            replace,
            results: Vec::new(),
            answered: String::new(),
            earlier: Vec::new(),
            generation: 0,
            searching: false,
        }
    }

    /// How many responses match the query.
    pub fn matches(&self) -> usize {
        self.results.len()
    }

    /// The matching responses from the `skip`th best, at most `take` of them.
    pub fn results<'a>(&self, library: &'a Library, skip: usize, take: usize) -> Vec<&'a Response> {
        self.results
            .iter()
            .skip(skip)
            .take(take)
            .filter_map(|&i| library.responses().get(i as usize))
            .collect()
    }

    /// The response the picker is on.
    pub fn current<'a>(&self, library: &'a Library) -> Option<&'a Response> {
        match &self.filling {
            Some(filling) => library.get(&filling.response),
            None => {
                let at = self.selected.min(self.results.len().saturating_sub(1));
                self.results(library, at, 1).into_iter().next()
            }
        }
    }

    /// Whether the results shown are still those of an earlier query (a search is running).
    pub fn searching(&self) -> bool {
        self.searching
    }

    /// Typing goes to the field being asked for, else to the query. Returns the search to run
    /// beside the console when the library is too big to search at once.
    pub fn type_char(&mut self, c: char, library: &Arc<Library>) -> Option<Search> {
        match &mut self.filling {
            Some(f) => {
                f.answers[f.current].push(c);
                None
            }
            None => {
                self.query.push(c);
                self.selected = 0;
                self.look_up(library)
            }
        }
    }

    pub fn backspace(&mut self, library: &Arc<Library>) -> Option<Search> {
        match &mut self.filling {
            Some(f) => {
                f.answers[f.current].pop();
                None
            }
            None => {
                self.query.pop();
                self.selected = 0;
                // Back to a query typed on the way: its results are kept.
                while let Some((query, _)) = self.earlier.last() {
                    if *query == self.query {
                        let (query, results) = self.earlier.pop().expect("just seen");
                        self.generation += 1;
                        self.searching = false;
                        self.answered = query;
                        self.results = results;
                        return None;
                    }
                    if self.query.starts_with(query.as_str()) {
                        break;
                    }
                    self.earlier.pop();
                }
                self.look_up(library)
            }
        }
    }

    /// Searches for the query: among the results shown when it only adds to their query.
    fn look_up(&mut self, library: &Arc<Library>) -> Option<Search> {
        self.generation += 1;
        let search = self.search(library);
        // Even a search among a few earlier results runs beside the console in a big library:
        // those few can be long bodies, and the key's frame must not wait for them.
        if library.len() <= SEARCH_AT_ONCE {
            let found = search.run();
            self.settle(search.query, found);
            return None;
        }
        self.searching = true;
        Some(search)
    }

    /// The answer to a search run beside the console; an answer to an older one is dropped.
    pub fn found(&mut self, generation: u64, query: String, results: Vec<u32>) {
        if generation == self.generation && self.searching && query == self.query {
            self.settle(query, results);
        }
    }

    /// Runs the latest search now, if one is still running beside the console (Enter must
    /// choose among the results of what is typed).
    pub fn finish(&mut self, library: &Arc<Library>) {
        if !self.searching {
            return;
        }
        let search = self.search(library);
        let found = search.run();
        self.settle(search.query, found);
    }

    /// The latest search for the query: among the results shown when it only adds to theirs.
    fn search(&self, library: &Arc<Library>) -> Search {
        Search {
            generation: self.generation,
            query: self.query.clone(),
            among: narrows(&self.answered, &self.query).then(|| self.results.clone()),
            library: Arc::clone(library),
        }
    }

    /// `results` now answer `query`; the answer they replace is kept for Backspace when
    /// `query` grew out of it.
    fn settle(&mut self, query: String, results: Vec<u32>) {
        self.searching = false;
        let previous = std::mem::replace(&mut self.answered, query);
        let replaced = std::mem::replace(&mut self.results, results);
        if previous != self.answered && narrows(&previous, &self.answered) {
            self.earlier.push((previous, replaced));
        }
    }

    pub fn next_field(&mut self) {
        if let Some(f) = &mut self.filling
            && !f.fields.is_empty()
        {
            f.current = (f.current + 1) % f.fields.len();
        }
    }
}

/// What the variables stand for in this chat.
pub fn context(chat: &ChatView, agent_name: &str) -> Context {
    Context {
        customer_name: chat.customer.name.clone(),
        customer_email: chat.customer.email.clone(),
        agent_name: agent_name.to_string(),
        queue_name: chat.customer.queue_name.clone(),
        ticket_id: chat.ticket.as_ref().map(crate::protocol::Ticket::reference),
        ticket_contact: chat.ticket.as_ref().map(|t| t.contact),
    }
}

/// The byte offset of the composer's cursor in its text.
pub fn cursor_offset(chat: &ChatView) -> usize {
    let (row, col) = {
        let c = chat.composer.cursor();
        (c.0, c.1)
    };
    let lines = chat.composer.lines();
    let before: usize = lines.iter().take(row).map(|l| l.len() + 1).sum();
    let in_line = lines
        .get(row)
        .map_or(0, |l| l.char_indices().nth(col).map_or(l.len(), |(i, _)| i));
    before + in_line
}
