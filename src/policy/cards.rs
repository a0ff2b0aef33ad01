//! Payment card numbers never reach storage whole (PCI DSS 4.0.1, requirement 3.4.1).
//!
//! **What is a card number.** Digits whose count its issuer prefix allows and that pass the
//! Luhn check: Visa, Mastercard (51–55 and 2221–2720), American Express, Discover, JCB,
//! Diners Club, UnionPay, Maestro (12 to 19 digits), Mir, RuPay, Troy, Verve and others — the
//! table is data, in [`brands`]. Digits of every script count (full-width `４１１１`,
//! Arabic-Indic `٤١١١`, Devanagari…; see [`characters`]). Groups may be split by any mix of
//! spaces of any kind (tab, newline, no-break and thin spaces), `-`, `.`, `/`, `_`, repeated
//! or not. Letters touching the digits do not protect them (`card:4111…`, `4111…exp`).
//!
//! **What is left alone.** A number whose prefix and length fit no brand: a 15-digit IMEI
//! (its prefixes 35, 86, 01, 49… take 15 digits in no brand), a 13-digit millisecond
//! timestamp (prefix 1), order and tracking numbers outside the brands' prefixes, a number that
//! fails the Luhn check. A number written in groups of one to three digits (phone numbers,
//! dates): every group of a card but its last holds four digits or more. The number right
//! after a `+` (an international phone number). The digits of a valid IBAN (checked by its
//! mod-97 check digits). An unbroken run of more than 19 digits. How the rules find numbers
//! is in [`scan`].
//!
//! **How a number is masked.** Its middle digits become `*`; at most the first six and the
//! last four stay, and never more digits are shown than hidden: the last four always, and as
//! many of the first as keep the shown part at most half the number — 2 of a 12- or 13-digit
//! number, 3 of 14 or 15, 4 of 16 or 17, 5 of 18 or 19 (`4111 **** **** 1111`). The
//! separators stay where they were. A group holding `*` was masked already and is never part
//! of a number, so masking a masked text changes nothing.
//!
//! **A number split across two messages.** Digits at the end of one message and at the start
//! of the author's next, sent within [`SPLIT_WINDOW_SECS`], that read together as a card number
//! ([`joins_previous`]): the second message is refused (422, with a sentence saying why), not
//! masked. The first part was already acknowledged, stored, streamed to the other side and
//! perhaps shown or exported; rewriting it afterwards could not call it back, and would make a
//! stored message change under the event log that clients resume from. Refusing keeps every
//! stored message as it was acknowledged, and what is stored never holds more than the part
//! already sent: no complete number exists anywhere.
//!
//! Masking runs on every message: it is one pass over the characters, linear in the text.

pub mod brands;
pub mod characters;
mod iban;
mod scan;
mod structured;

use std::fmt;

use scan::{HIDDEN, Kind};
pub use structured::{json_may_hold_card, mask_json, mask_strings};

/// How long after an author's message their next one is read as its continuation.
pub const SPLIT_WINDOW_SECS: i64 = 60;

/// Digits kept at the end of a masked number.
const SHOWN_LAST: usize = 4;
/// Digits kept at the start of a masked number, at most.
const SHOWN_FIRST: usize = 6;

/// Text whose card numbers are masked. Only [`mask`] makes one, so a value of this type has
/// been through masking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    text: String,
    cards: usize,
}

impl Masked {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn into_string(self) -> String {
        self.text
    }

    /// How many card numbers were masked.
    pub fn cards(&self) -> usize {
        self.cards
    }
}

impl AsRef<str> for Masked {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<Masked> for String {
    fn from(masked: Masked) -> String {
        masked.text
    }
}

impl serde::Serialize for Masked {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// How many of a masked number's digits stay shown: (first, last).
pub fn shown_digits(total: usize) -> (usize, usize) {
    let first = (total / 2).saturating_sub(SHOWN_LAST).min(SHOWN_FIRST);
    (first, SHOWN_LAST.min(total))
}

/// An identifier the backend made (an agent's or a message's id), kept whole: it is not text
/// anyone typed, and with a digit changed it would point at nothing. A random id's groups can
/// read as a card number (`…-4111-1111-1111-1111…`), so ids are never put through [`mask`].
pub fn identifier(id: uuid::Uuid) -> Masked {
    Masked {
        text: id.to_string(),
        cards: 0,
    }
}

/// Masks every card number in `text`.
pub fn mask(text: &str) -> Masked {
    if scan::too_few_digits(text) {
        return Masked {
            text: text.to_string(),
            cards: 0,
        };
    }
    let cells = scan::cells(text);
    let found = scan::card_numbers(&cells);
    if found.is_empty() {
        return Masked {
            text: text.to_string(),
            cards: 0,
        };
    }
    let mut hide = vec![false; cells.len()];
    for number in &found {
        let (first, last) = shown_digits(number.digits);
        let mut seen = 0;
        for i in number.cells.clone() {
            if let Kind::Digit(_) = cells[i].kind {
                hide[i] = seen >= first && seen < number.digits - last;
                seen += 1;
            }
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (i, cell) in cells.iter().enumerate() {
        if hide[i] {
            out.push_str(&text[copied..cell.at]);
            out.push(HIDDEN);
            copied = cells.get(i + 1).map_or(text.len(), |next| next.at);
        }
    }
    out.push_str(&text[copied..]);
    Masked {
        text: out,
        cards: found.len(),
    }
}

/// Whether `text` holds a card number not masked yet.
pub fn has_card(text: &str) -> bool {
    !scan::too_few_digits(text) && !scan::card_numbers(&scan::cells(text)).is_empty()
}

/// Whether `text` holds a card number masked by [`mask`] (or by its earlier rule, which kept
/// six and four): two to six digits, at least three `*`, four digits, with the separators the
/// number was written with.
pub fn has_masked_card(text: &str) -> bool {
    scan::holds_masked_number(&scan::cells(text))
}

/// Whether `text` starts with a digit, separators aside: only then can it continue a number.
pub fn starts_with_digit(text: &str) -> bool {
    text.chars()
        .find(|c| !characters::is_separator(*c))
        .and_then(characters::decimal_value)
        .is_some()
}

fn ends_with_digit(text: &str) -> bool {
    text.chars()
        .rev()
        .find(|c| !characters::is_separator(*c))
        .and_then(characters::decimal_value)
        .is_some()
}

/// Whether `next` continues a card number that `previous` (the author's messages just before,
/// as stored) ends with: some card number reads across the end of `previous` into `next`,
/// whether the two are read with a line break between them or glued (a group cut in two by
/// the send key). A number wholly inside either one does not count: masking handles those.
pub fn joins_previous(previous: &str, next: &str) -> bool {
    if !ends_with_digit(previous) || !starts_with_digit(next) {
        return false;
    }
    let head = previous.trim_end_matches(characters::is_separator);
    let tail = next.trim_start_matches(characters::is_separator);
    straddles(previous, "\n", next) || straddles(head, "", tail)
}

/// Whether a card number of `first + glue + second` has digits on both sides of the glue.
fn straddles(first: &str, glue: &str, second: &str) -> bool {
    let joined = format!("{first}{glue}{second}");
    let cells = scan::cells(&joined);
    scan::card_numbers(&cells).iter().any(|number| {
        cells[number.cells.start].at < first.len()
            && cells[number.cells.end - 1].at >= first.len() + glue.len()
    })
}

#[cfg(test)]
mod corpus;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
