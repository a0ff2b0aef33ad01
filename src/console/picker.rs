//! The canned-response picker: a query over the library, the highlighted response previewed
//! for the focused chat, and, for responses with `{ask:…}` fields, a prompt for each value.

use std::ops::Range;

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
    /// The positions in the library of the responses matching the query, best first: searched
    /// once per change of the query, never while drawing.
    results: Vec<u32>,
    /// The shorter queries typed on the way to this one, with their results, so that
    /// Backspace goes back without searching again.
    earlier: Vec<(String, Vec<u32>)>,
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
            earlier: Vec::new(),
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
            earlier: Vec::new(),
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

    /// Typing goes to the field being asked for, else to the query.
    pub fn type_char(&mut self, c: char, library: &Library) {
        match &mut self.filling {
            Some(f) => f.answers[f.current].push(c),
            None => {
                let before = std::mem::take(&mut self.query);
                self.query = format!("{before}{c}");
                let among = match narrows(&before, &self.query) {
                    true => self.results.clone(),
                    false => everything(library),
                };
                let found = Finder::new().narrow(library, &self.query, &among);
                self.earlier
                    .push((before, std::mem::replace(&mut self.results, found)));
                self.selected = 0;
            }
        }
    }

    pub fn backspace(&mut self, library: &Library) {
        match &mut self.filling {
            Some(f) => {
                f.answers[f.current].pop();
            }
            None => {
                self.query.pop();
                self.selected = 0;
                self.results = match self.earlier.pop() {
                    Some((query, results)) if query == self.query => results,
                    _ => {
                        self.earlier.clear();
                        Finder::new().narrow(library, &self.query, &everything(library))
                    }
                };
            }
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
