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
//!   and it must read as words: at least [`wording::MIN_KNOWN_WORDS`] different English words,
//!   most of its words English (so `a b c d e f?` or `asdf asdf asdf?` is refused);
//! - **listed**: names one of the resources of `escalations.toml` (the SOP, account notes…), and
//!   is not "none", "n/a", "nothing" and the like;
//! - **chat client ID**: the chat's own client ID, when the customer gave one;
//! - **place**: two words or more (a name and a city or an address), not `x`, and not keys
//!   struck in a row (`asdf qwer`);
//! - **zero balance**: exactly $0.00 — a balance or a credit stops a state-to-state transfer;
//! - **different**: the fields a template lists there hold different values (From and To);
//! - **capitals**: a field of two words or more with no small letter and at least five capitals
//!   reads as shouting (one word in capitals is a code or a state, e.g. `TX` or `UTR-44`).

use unicode_segmentation::UnicodeSegmentation;

use crate::policy::etiquette::is_shouting;
use crate::protocol::{
    EscalationTemplate, FieldKind, FieldProblem, FieldRule, FieldValue, TemplateField,
};

mod money;
pub mod wording;

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

/// What the check knows of the chat and the language besides the fields.
pub struct Facts<'a> {
    /// The client ID the customer gave when the chat began, if any.
    pub client_id: Option<&'a str>,
    /// Whether a word is English (the spell checker's dictionary).
    pub knows_word: &'a dyn Fn(&str) -> bool,
}

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
pub fn check(template: &EscalationTemplate, fields: &[FieldValue], facts: &Facts) -> Checked {
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
            apply(*rule, field, value, facts, &mut checked);
        }
    }
    check_different(template, fields, &mut checked);
    checked
}

/// The fields a template lists as `different` must not hold the same value.
fn check_different(template: &EscalationTemplate, fields: &[FieldValue], checked: &mut Checked) {
    let value_of = |id: &str| {
        fields
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.value.trim().to_lowercase())
            .filter(|v| !v.is_empty())
    };
    let label_of = |id: &str| {
        template
            .fields
            .iter()
            .find(|f| f.id == id)
            .map_or(id.to_string(), |f| f.label.clone())
    };
    for (i, later) in template.different.iter().enumerate() {
        let Some(value) = value_of(later) else {
            continue;
        };
        if let Some(earlier) = template.different[..i]
            .iter()
            .find(|e| value_of(e).as_ref() == Some(&value))
        {
            checked.problems.push(problem(
                later,
                format!(
                    "{} is the same as {}; they must differ.",
                    label_of(later),
                    label_of(earlier)
                ),
            ));
        }
    }
}

/// One rule on a filled-in field.
fn apply(
    rule: FieldRule,
    field: &TemplateField,
    value: &str,
    facts: &Facts,
    checked: &mut Checked,
) {
    let (label, id) = (field.label.as_str(), field.id.as_str());
    let found = match rule {
        FieldRule::Detailed => detail_problem(label, value).or_else(|| {
            // Capitals are refused on their own; their words cannot be told from acronyms.
            (!is_capitals(value) && !wording::reads_as_words(value, facts.knows_word)).then(|| {
                format!(
                    "{label} must read as words: say in plain sentences what is going on and what you need."
                )
            })
        }),
        FieldRule::Question if !value.contains('?') => Some(format!(
            "{label} must ask the lead a question (with a question mark), not only describe the situation."
        )),
        FieldRule::Listed
            if says_nothing(value)
                || wording::denies_checking(value)
                || (!field.resources.is_empty()
                    && wording::named_resource(value, &field.resources).is_none()) =>
        {
            Some(format!(
                "{label} must name what you already looked at, e.g. the SOP, the account notes or the knowledge site."
            ))
        }
        FieldRule::ChatClientId => facts.client_id.and_then(|own| {
            (wording::client_id_key(own) != wording::client_id_key(value)).then(|| {
                format!("{label} {value:?} is not this chat's client ID, which is {own:?}.")
            })
        }),
        FieldRule::Place if !wording::names_a_place(value, facts.knows_word) => Some(format!(
            "{label} must name the place: a name and a city or an address."
        )),
        FieldRule::ZeroBalance => match parse_money(value) {
            None => Some(format!("{label} must be an amount of money such as $0.00.")),
            Some(0) => None,
            Some(cents) if cents < 0 => Some(format!(
                "The account has a credit of {}; an account credit does not transfer, and a \
                 state-to-state transfer needs a balance of exactly $0.00.",
                format_money(-cents)
            )),
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
        FieldRule::Question | FieldRule::Listed | FieldRule::Place => None,
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

/// Whether a lead may close an escalation: only once its chat has ended (a live chat's
/// escalation is answered, not closed); the sentence says why not.
pub fn may_close(chat_ended: bool) -> Result<(), &'static str> {
    if chat_ended {
        Ok(())
    } else {
        Err("This escalation's chat is still going; answer it instead of closing it.")
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
