//! Finding card numbers in a text, in one pass over its characters.
//!
//! The text is read as cells, one per character: a digit (any script, with its value), a `*`
//! (a digit masked before), a separator, a `+`, an ASCII letter, or anything else. A
//! *stretch* is a run of digits and `*` joined by runs of separators; its *groups* are the
//! runs between separators. A card number is a run of neighbouring groups of a stretch whose
//! digits fit a brand (see [`super::brands`]), with these limits:
//!
//! - every group but the last holds at least four digits (cards are written 4-4-4-4, 4-6-5,
//!   4-6-4, 4-4-4-4-3…), so phone numbers and dates written in groups of one to three digits
//!   are never taken for one;
//! - a group holding `*` was masked already and belongs to no number;
//! - a stretch right after `+` is an international phone number: its first group starts none;
//! - digits inside a valid IBAN (see [`super::iban`]) are not part of any stretch.
//!
//! Work is linear in the text: each group starts at most [`MAX_DIGITS`] extensions, each
//! checked in constant time.

use std::ops::Range;

use super::brands::{MAX_DIGITS, MIN_DIGITS, is_card};
use super::characters::{decimal_value, is_separator};

/// What a `*` stands for: a digit hidden by masking.
pub const HIDDEN: char = '*';
/// Digits every group but the last of a written card number holds at least.
const MIN_INNER_GROUP: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A decimal digit of any script, with its value.
    Digit(u8),
    Hidden,
    Separator,
    Plus,
    /// An ASCII letter, with its IBAN value (A = 10 … Z = 35).
    Letter(u8),
    Other,
}

#[derive(Debug, Clone, Copy)]
pub struct Cell {
    /// Byte offset of the character in the text.
    pub at: usize,
    pub kind: Kind,
}

impl Cell {
    fn is_symbol(&self) -> bool {
        matches!(self.kind, Kind::Digit(_) | Kind::Hidden)
    }
}

/// Whether no stretch of `text` holds as many digits as the shortest card number: then it holds
/// no card number, and the text is settled in one pass without building its cells. (Timestamps,
/// ids, amounts and most sentences are settled so.)
pub fn too_few_digits(text: &str) -> bool {
    let mut in_stretch = 0;
    for c in text.chars() {
        if decimal_value(c).is_some() {
            in_stretch += 1;
            if in_stretch >= MIN_DIGITS {
                return false;
            }
        } else if c != HIDDEN && !is_separator(c) {
            in_stretch = 0;
        }
    }
    true
}

/// The cells of `text`, one per character.
pub fn cells(text: &str) -> Vec<Cell> {
    let mut cells: Vec<Cell> = text
        .char_indices()
        .map(|(at, c)| {
            let kind = if let Some(d) = decimal_value(c) {
                Kind::Digit(d)
            } else if c == HIDDEN {
                Kind::Hidden
            } else if is_separator(c) {
                Kind::Separator
            } else if c == '+' {
                Kind::Plus
            } else if c.is_ascii_alphabetic() {
                Kind::Letter(c.to_ascii_uppercase() as u8 - b'A' + 10)
            } else {
                Kind::Other
            };
            Cell { at, kind }
        })
        .collect();
    super::iban::set_aside(&mut cells);
    cells
}

/// One group of a stretch: cells `range`, holding `digits` digits.
#[derive(Debug, Clone)]
pub struct Group {
    pub range: Range<usize>,
    pub digits: usize,
    /// The group holds `*`: part of a number masked before.
    pub hidden: bool,
    /// A card number may start here (not the first group of a `+` stretch).
    pub may_start: bool,
}

/// The stretches of the text, each as its groups, in order.
pub fn stretches(cells: &[Cell]) -> Vec<Vec<Group>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        if !matches!(cells[i].kind, Kind::Digit(_)) {
            i += 1;
            continue;
        }
        let after_plus = i > 0 && cells[i - 1].kind == Kind::Plus;
        let mut groups = Vec::new();
        let mut group = Group {
            range: i..i,
            digits: 0,
            hidden: false,
            may_start: !after_plus,
        };
        let mut j = i;
        // The end of the last digit seen: a stretch ends with a digit.
        let mut last_digit_end = i;
        loop {
            match cells.get(j).map(|c| c.kind) {
                Some(Kind::Digit(_)) => {
                    group.digits += 1;
                    j += 1;
                    group.range.end = j;
                    last_digit_end = j;
                }
                Some(Kind::Hidden) => {
                    group.hidden = true;
                    j += 1;
                    group.range.end = j;
                }
                Some(Kind::Separator) => {
                    let mut k = j;
                    while cells.get(k).is_some_and(|c| c.kind == Kind::Separator) {
                        k += 1;
                    }
                    if !cells.get(k).is_some_and(Cell::is_symbol) {
                        break;
                    }
                    groups.push(group);
                    group = Group {
                        range: k..k,
                        digits: 0,
                        hidden: false,
                        may_start: true,
                    };
                    j = k;
                }
                _ => break,
            }
        }
        groups.push(group);
        // Trailing `*` (markup after the number) are not part of it.
        while groups
            .last()
            .is_some_and(|g| g.range.start >= last_digit_end)
        {
            groups.pop();
        }
        if let Some(last) = groups.last_mut()
            && last.range.end > last_digit_end
        {
            last.range.end = last_digit_end;
            last.hidden = cells[last.range.clone()]
                .iter()
                .any(|c| c.kind == Kind::Hidden);
        }
        out.push(groups);
        i = j.max(i + 1);
    }
    out
}

/// A card number found: the cells from its first digit to its last, and how many digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub cells: Range<usize>,
    pub digits: usize,
}

/// Every card number of the text. Numbers sharing a group are joined into one.
pub fn card_numbers(cells: &[Cell]) -> Vec<Found> {
    let mut found = Vec::new();
    for groups in stretches(cells) {
        let mut joined: Vec<(usize, usize)> = Vec::new();
        let mut digits: Vec<u8> = Vec::with_capacity(MAX_DIGITS);
        for first in 0..groups.len() {
            if groups[first].hidden || !groups[first].may_start {
                continue;
            }
            digits.clear();
            for last in first..groups.len() {
                let group = &groups[last];
                if group.hidden
                    || (last > first && groups[last - 1].digits < MIN_INNER_GROUP)
                    || digits.len() + group.digits > MAX_DIGITS
                {
                    break;
                }
                digits.extend(
                    cells[group.range.clone()]
                        .iter()
                        .filter_map(|c| match c.kind {
                            Kind::Digit(d) => Some(d),
                            _ => None,
                        }),
                );
                if digits.len() < MIN_DIGITS || !is_card(&digits) {
                    continue;
                }
                match joined.last_mut() {
                    Some((_, end)) if first <= *end => *end = (*end).max(last),
                    _ => joined.push((first, last)),
                }
            }
        }
        found.extend(joined.into_iter().map(|(first, last)| Found {
            cells: groups[first].range.start..groups[last].range.end,
            digits: groups[first..=last].iter().map(|g| g.digits).sum(),
        }));
    }
    found
}

/// Whether whole groups of some stretch read as a masked number: two to six digits, at least
/// three `*`, four digits, between 12 and 19 in all (separators aside).
pub fn holds_masked_number(cells: &[Cell]) -> bool {
    stretches(cells).iter().any(|groups| {
        // The stretch's digits and `*` in order, and where groups start and end among them.
        let mut hidden = Vec::new();
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for g in groups {
            starts.resize(hidden.len() + 1, false);
            starts[hidden.len()] = true;
            hidden.extend(
                cells[g.range.clone()]
                    .iter()
                    .map(|c| c.kind == Kind::Hidden),
            );
            ends.resize(hidden.len() + 1, false);
            ends[hidden.len()] = true;
        }
        let starts_group = |at: usize| starts.get(at).copied().unwrap_or(false);
        let ends_group = |at: usize| ends.get(at).copied().unwrap_or(false);
        let digits = |r: Range<usize>| hidden[r].iter().all(|h| !h);
        let mut i = 0;
        while i < hidden.len() {
            if !hidden[i] {
                i += 1;
                continue;
            }
            let run = i;
            while i < hidden.len() && hidden[i] {
                i += 1;
            }
            let stars = i - run;
            let tail = i + 4;
            let shown_first = (2..=6).filter(|k| run >= *k).find(|k| {
                let total = k + stars + 4;
                starts_group(run - k)
                    && digits(run - k..run)
                    && (MIN_DIGITS..=MAX_DIGITS).contains(&total)
            });
            if stars >= 3
                && shown_first.is_some()
                && tail <= hidden.len()
                && digits(i..tail)
                && ends_group(tail)
            {
                return true;
            }
        }
        false
    })
}
