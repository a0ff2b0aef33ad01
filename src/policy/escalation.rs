//! What an escalation to the leads must hold before it goes: every required field filled, a
//! reason with real detail that asks a question, the resources already checked, a balance of
//! exactly $0.00 for a state-to-state transfer, a reviewed invoice before a credit, and nothing
//! written in capitals. The rules of each field come with its template (`assets/escalations.toml`);
//! the backend and the console both call [`check`], so a refusal reads the same on both sides.
//!
//! The measures, chosen to keep requests answerable at a glance:
//! - **detailed**: at least [`DETAIL_MIN_WORDS`] words, and at least one whole sentence — a run
//!   of [`SENTENCE_MIN_WORDS`] words or more closed by `.`, `?` or `!` (so "override code pls"
//!   or a list of notes is not enough);
//! - **question**: a `?` somewhere in the field (the procedure asks for a question, not a
//!   statement);
//! - **listed**: something other than "none", "n/a", "nothing" and the like;
//! - **capitals**: a field of two words or more with no small letter and at least five capitals
//!   reads as shouting (one word in capitals is a code or a state, e.g. `TX` or `UTR-44`).

use unicode_segmentation::UnicodeSegmentation;

use crate::policy::etiquette::is_shouting;
use crate::protocol::{EscalationTemplate, FieldKind, FieldProblem, FieldRule, FieldValue};

mod money;

pub use money::{format_money, parse_money};

/// Fewest words a detailed field may have.
pub const DETAIL_MIN_WORDS: usize = 6;
/// Fewest words a whole sentence has.
pub const SENTENCE_MIN_WORDS: usize = 4;
/// Longest a field may be, in characters.
pub const MAX_FIELD_CHARS: usize = 2000;
/// Longest reply in an escalation's thread, in characters.
pub const MAX_REPLY_CHARS: usize = 4000;

/// Answers that say nothing was checked.
const NOTHING_CHECKED: &[&str] = &[
    "none", "n/a", "na", "nothing", "no", "nope", "not yet", "nil", "-", "--", "idk", "tbd",
];

/// The outcome of [`check`]: problems stop the escalation; warnings let it go once the agent
/// has seen them (and travel with it to the lead).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    pub problems: Vec<FieldProblem>,
    pub warnings: Vec<FieldProblem>,
}

impl Checked {
    /// Whether nothing stops the escalation.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

fn problem(field: &str, text: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field: field.to_string(),
        problem: text.into(),
    }
}

/// Checks filled-in fields against their template. Values are trimmed; a field left out counts
/// as empty. Each problem names its field's id (an empty id is about the whole escalation).
pub fn check(template: &EscalationTemplate, fields: &[FieldValue]) -> Checked {
    let mut checked = Checked::default();
    for (i, given) in fields.iter().enumerate() {
        if !template.fields.iter().any(|f| f.id == given.id) {
            checked.problems.push(problem(
                &given.id,
                format!("{:?} is not a field of {}.", given.id, template.name),
            ));
        } else if fields[..i].iter().any(|f| f.id == given.id) {
            checked.problems.push(problem(
                &given.id,
                format!("The field {:?} is given twice; send it once.", given.id),
            ));
        }
    }
    for field in &template.fields {
        let value = fields
            .iter()
            .find(|f| f.id == field.id)
            .map_or("", |f| f.value.trim());
        let label = field.label.as_str();
        let mut say = |text: String| checked.problems.push(problem(&field.id, text));
        if value.is_empty() {
            if field.required {
                say(format!("{label} is required."));
            }
            continue;
        }
        let chars = value.chars().count();
        if chars > MAX_FIELD_CHARS {
            say(format!(
                "{label} is {chars} characters long; at most {MAX_FIELD_CHARS} are allowed."
            ));
            continue;
        }
        match field.kind {
            FieldKind::YesNo if parse_yes_no(value).is_none() => {
                say(format!("{label} must be yes or no."));
                continue;
            }
            FieldKind::Money if parse_money(value).is_none() => {
                say(format!("{label} must be an amount of money such as $0.00."));
                continue;
            }
            FieldKind::Line | FieldKind::Text if is_capitals(value) => say(format!(
                "{label} is written in capital letters, which reads as shouting; write it in sentence case."
            )),
            _ => {}
        }
        for rule in &field.rules {
            apply(*rule, label, value, &field.id, &mut checked);
        }
    }
    checked
}

/// One rule on a filled-in field.
fn apply(rule: FieldRule, label: &str, value: &str, id: &str, checked: &mut Checked) {
    let found = match rule {
        FieldRule::Detailed => detail_problem(label, value),
        FieldRule::Question if !value.contains('?') => Some(format!(
            "{label} must ask the lead a question (with a question mark), not only describe the situation."
        )),
        FieldRule::Listed if says_nothing(value) => Some(format!(
            "{label} must list what you already looked at, e.g. the SOP, the account notes or the knowledge site."
        )),
        FieldRule::ZeroBalance => match parse_money(value) {
            None => Some(format!("{label} must be an amount of money such as $0.00.")),
            Some(0) => None,
            Some(cents) if cents < 0 => {
                checked.warnings.push(problem(
                    id,
                    format!(
                        "The account has a credit of {}; tell the customer that an account credit does not transfer.",
                        format_money(-cents)
                    ),
                ));
                None
            }
            Some(cents) => Some(format!(
                "The account has a balance of {}; a state-to-state transfer needs a balance of exactly $0.00.",
                format_money(cents)
            )),
        },
        FieldRule::Positive => match parse_money(value) {
            Some(cents) if cents > 0 => None,
            _ => Some(format!("{label} must be an amount above $0.00.")),
        },
        FieldRule::MustBeYes => match parse_yes_no(value) {
            Some(true) => None,
            _ => Some(format!(
                "{label} must be yes before this request can be sent."
            )),
        },
        FieldRule::Question | FieldRule::Listed => None,
    };
    if let Some(text) = found {
        checked.problems.push(problem(id, text));
    }
}

/// Why a field meant to explain the situation does not, if it does not.
fn detail_problem(label: &str, value: &str) -> Option<String> {
    let words = value.unicode_words().count();
    if words < DETAIL_MIN_WORDS {
        return Some(format!(
            "{label} needs more detail: at least {DETAIL_MIN_WORDS} words on what is going on and what you need (it has {words})."
        ));
    }
    if !has_sentence(value) {
        return Some(format!(
            "{label} needs at least one whole sentence ending with a full stop or a question mark."
        ));
    }
    None
}

/// Whether some run of at least [`SENTENCE_MIN_WORDS`] words is closed by `.`, `?` or `!`.
fn has_sentence(text: &str) -> bool {
    let mut words_since_end = 0;
    for piece in text.split_word_bounds() {
        if piece.chars().any(char::is_alphanumeric) {
            words_since_end += 1;
        } else if piece.contains(['.', '?', '!']) {
            if words_since_end >= SENTENCE_MIN_WORDS {
                return true;
            }
            words_since_end = 0;
        }
    }
    false
}

/// Capitals only, in two words or more (one capitalised word is a code or an abbreviation,
/// e.g. `ACME-CID-77`).
fn is_capitals(value: &str) -> bool {
    is_shouting(value) && value.split_whitespace().count() >= 2
}

fn says_nothing(value: &str) -> bool {
    let plain = value
        .trim_matches(|c: char| c.is_whitespace() || c == '.' || c == '!')
        .to_lowercase();
    NOTHING_CHECKED.contains(&plain.as_str())
}

/// `yes`/`y` or `no`/`n`, in any case.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" => Some(true),
        "no" | "n" => Some(false),
        _ => None,
    }
}

/// Checks a reply in an escalation's thread (by a lead or the escalating agent); problems name
/// the field `body`.
pub fn check_reply(body: &str) -> Vec<FieldProblem> {
    let body = body.trim();
    let chars = body.chars().count();
    let text = if body.is_empty() {
        "Write the reply first; it is empty.".to_string()
    } else if chars > MAX_REPLY_CHARS {
        format!("The reply is {chars} characters long; at most {MAX_REPLY_CHARS} are allowed.")
    } else if is_shouting(body) {
        "The reply is written in capital letters, which reads as shouting; write it in sentence case."
            .to_string()
    } else {
        return Vec::new();
    };
    vec![problem("body", text)]
}

#[cfg(test)]
mod tests;
