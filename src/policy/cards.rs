//! Payment card numbers never reach storage whole (PCI DSS 3.4.1): a number a customer or an
//! agent writes is kept as its first six and last four digits, every digit between shown as
//! `*`, and the spaces or dashes it was written with stay where they were.
//!
//! A card number is 13 to 19 digits that pass the Luhn check, written as one run or as groups
//! split by single spaces or dashes (`4111 1111 1111 1111`, `3782-822463-10005`). Around that:
//!
//! - Groups are taken whole. Any run of neighbouring groups holding 13–19 digits that passes
//!   the Luhn check counts, so a number written next to other digits
//!   (`4111 1111 1111 1111 12/29`) is still found. Candidates sharing a group are masked as
//!   one number (first six and last four of them all), which hides at least as much.
//! - An unbroken run of more than 19 digits is some other identifier (a tracking or reference
//!   number) and is left alone: no card can be told apart inside it.
//! - Letters touching the digits do not protect them: `card:4111…`, `cc4111…` and
//!   `4111…exp` are masked, because a pasted number is often glued to a label, while the Luhn
//!   check keeps identifiers that merely look long rare.
//! - A group that holds `*` between its digits was masked already and is never part of a
//!   candidate, so masking a masked text changes nothing.
//! - Only ASCII digits count.

/// Digits kept at the start of a masked number.
const SHOWN_FIRST: usize = 6;
/// Digits kept at the end of a masked number.
const SHOWN_LAST: usize = 4;
const MIN_DIGITS: usize = 13;
const MAX_DIGITS: usize = 19;
/// What a hidden digit becomes.
const HIDDEN: u8 = b'*';

/// A text with its card numbers masked, and how many there were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    pub text: String,
    /// How many card numbers were masked.
    pub cards: usize,
}

/// Masks every card number in `text` to its first six and last four digits.
pub fn mask(text: &str) -> Masked {
    let mut bytes = text.as_bytes().to_vec();
    let mut cards = 0;
    for groups in stretches(text.as_bytes()) {
        for (first, last) in numbers(text.as_bytes(), &groups) {
            hide_middle(&mut bytes, &groups[first..=last]);
            cards += 1;
        }
    }
    if cards == 0 {
        return Masked {
            text: text.to_string(),
            cards,
        };
    }
    // Only ASCII digits were replaced by an ASCII character, so the text is still UTF-8.
    let text = String::from_utf8(bytes).expect("masking keeps UTF-8 intact");
    Masked { text, cards }
}

/// Whether `text` holds a card number masked by [`mask`]: six digits, at least three `*`,
/// four digits, with the separators the number was written with.
pub fn has_masked_card(text: &str) -> bool {
    let bytes = text.as_bytes();
    stretches(bytes)
        .iter()
        .any(|groups| holds_masked_number(bytes, groups))
}

/// One group of a number-like stretch: the bytes between two separators.
#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
    digits: usize,
    /// The group holds `*`: part of a number masked before.
    hidden: bool,
}

fn is_separator(b: u8) -> bool {
    b == b' ' || b == b'-'
}

fn is_symbol(b: u8) -> bool {
    b.is_ascii_digit() || b == HIDDEN
}

/// The number-like stretches of a text, each as its groups. A stretch starts and ends with a
/// digit and holds digits, `*`, and single spaces or dashes that have a digit or `*` on both
/// sides. Working on bytes is safe: every byte looked at is ASCII, and no byte of a multi-byte
/// UTF-8 character is.
fn stretches(bytes: &[u8]) -> Vec<Vec<Group>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i;
        while j < bytes.len() {
            let b = bytes[j];
            let joins = is_separator(b) && bytes.get(j + 1).copied().is_some_and(is_symbol);
            if !(is_symbol(b) || joins) {
                break;
            }
            j += 1;
            if b.is_ascii_digit() {
                end = j;
            }
        }
        out.push(groups(bytes, start, end));
        i = j;
    }
    out
}

fn groups(bytes: &[u8], start: usize, end: usize) -> Vec<Group> {
    let mut out = Vec::new();
    let mut group_start = start;
    for k in start..=end {
        if k == end || is_separator(bytes[k]) {
            let part = &bytes[group_start..k];
            out.push(Group {
                start: group_start,
                end: k,
                digits: part.iter().filter(|b| b.is_ascii_digit()).count(),
                hidden: part.contains(&HIDDEN),
            });
            group_start = k + 1;
        }
    }
    out
}

/// The card numbers of one stretch, as inclusive ranges of group indices: every run of
/// neighbouring unmasked groups holding 13–19 digits that passes the Luhn check, with runs
/// that share a group joined.
fn numbers(bytes: &[u8], groups: &[Group]) -> Vec<(usize, usize)> {
    let mut joined: Vec<(usize, usize)> = Vec::new();
    for first in 0..groups.len() {
        let mut digits = 0;
        for last in first..groups.len() {
            if groups[last].hidden {
                break;
            }
            digits += groups[last].digits;
            if digits > MAX_DIGITS {
                break;
            }
            let span = &bytes[groups[first].start..groups[last].end];
            if digits < MIN_DIGITS || !passes_luhn(span) {
                continue;
            }
            match joined.last_mut() {
                Some((_, end)) if first <= *end => *end = (*end).max(last),
                _ => joined.push((first, last)),
            }
        }
    }
    joined
}

/// The Luhn check over the digits of `span`, separators skipped.
fn passes_luhn(span: &[u8]) -> bool {
    let sum: u32 = span
        .iter()
        .rev()
        .filter(|b| b.is_ascii_digit())
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match (i % 2 == 1, d * 2) {
                (false, _) => d,
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Replaces the digits of `groups` by `*`, all but the first six and the last four.
fn hide_middle(bytes: &mut [u8], groups: &[Group]) {
    let (Some(first), Some(last)) = (groups.first(), groups.last()) else {
        return;
    };
    let total: usize = groups.iter().map(|g| g.digits).sum();
    let mut seen = 0;
    for b in &mut bytes[first.start..last.end] {
        if b.is_ascii_digit() {
            if seen >= SHOWN_FIRST && seen < total - SHOWN_LAST {
                *b = HIDDEN;
            }
            seen += 1;
        }
    }
}

/// Whether whole groups of a stretch read six digits, a run of at least three `*`, four
/// digits (separators aside).
fn holds_masked_number(bytes: &[u8], groups: &[Group]) -> bool {
    // The stretch's digits and `*` in order, and where groups start and end among them.
    let mut symbols = Vec::new();
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    for g in groups {
        starts.push(symbols.len());
        symbols.extend_from_slice(&bytes[g.start..g.end]);
        ends.push(symbols.len());
    }
    let digits = |from: usize, to: usize| symbols[from..to].iter().all(u8::is_ascii_digit);
    let mut i = 0;
    while i < symbols.len() {
        if symbols[i] != HIDDEN {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < symbols.len() && symbols[i] == HIDDEN {
            i += 1;
        }
        let (Some(from), to) = (run_start.checked_sub(SHOWN_FIRST), i + SHOWN_LAST) else {
            continue;
        };
        if i - run_start >= MIN_DIGITS - SHOWN_FIRST - SHOWN_LAST
            && to <= symbols.len()
            && digits(from, run_start)
            && digits(i, to)
            && starts.contains(&from)
            && ends.contains(&to)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        mask(text).text
    }

    #[test]
    fn grouped_and_unbroken_numbers_keep_six_and_four_digits() {
        assert_eq!(masked("4111 1111 1111 1111"), "4111 11** **** 1111");
        assert_eq!(masked("4111111111111111"), "411111******1111");
        assert_eq!(masked("5555-5555-5555-4444"), "5555-55**-****-4444");
        assert_eq!(masked("3782-822463-10005"), "3782-82****-*0005");
        assert_eq!(masked("4222222222222"), "422222***2222");
        assert_eq!(masked("6222 0200 0000 0000 000"), "6222 02** **** ***0 000");
    }

    #[test]
    fn the_number_is_found_inside_a_message_and_counted() {
        let out = mask("Here is my card: 4111 1111 1111 1111, expiry 12/29. Thanks!");
        assert_eq!(
            out.text,
            "Here is my card: 4111 11** **** 1111, expiry 12/29. Thanks!"
        );
        assert_eq!(out.cards, 1);
        let two = mask("old 4242424242424242 new 6011-0009-9013-9424");
        assert_eq!(two.text, "old 424242******4242 new 6011-00**-****-9424");
        assert_eq!(two.cards, 2);
    }

    #[test]
    fn neighbouring_digits_do_not_hide_a_number() {
        // The expiry written as one more group, and another card right after the first.
        assert_eq!(
            masked("4111 1111 1111 1111 12/29"),
            "4111 11** **** 1111 12/29"
        );
        let apart = mask("4111 1111 1111 1111 and 5555 5555 5555 4444");
        assert_eq!(apart.text, "4111 11** **** 1111 and 5555 55** **** 4444");
        assert_eq!(apart.cards, 2);
        // Back to back, groups across both cards pass the check too: one number to mask.
        let glued = mask("4111 1111 1111 1111 5555 5555 5555 4444");
        assert_eq!(glued.text, "4111 11** **** **** **** **** **** 4444");
        assert_eq!(glued.cards, 1);
    }

    #[test]
    fn letters_and_markup_touching_the_digits_do_not_protect_them() {
        assert_eq!(masked("card4111111111111111exp"), "card411111******1111exp");
        assert_eq!(masked("*4111111111111111*"), "*411111******1111*");
        assert_eq!(masked("(4111-1111-1111-1111)"), "(4111-11**-****-1111)");
    }

    #[test]
    fn longer_runs_invalid_numbers_and_loose_spacing_are_left_alone() {
        let long = "Tracking 4111111111111111000000123";
        assert_eq!(
            mask(long),
            Masked {
                text: long.into(),
                cards: 0
            }
        );
        for text in [
            "4111 1111 1111 1112",
            "1234567812345678",
            "4111  1111  1111  1111",
            "4111 - 1111 - 1111 - 1111",
        ] {
            assert_eq!(masked(text), text);
        }
    }

    #[test]
    fn masked_numbers_are_recognised() {
        assert!(has_masked_card("Here: 4111 11** **** 1111, thanks"));
        assert!(has_masked_card("411111******1111"));
        assert!(has_masked_card("3782-82****-*0005"));
        assert!(has_masked_card(&masked(
            "pay with cc4242424242424242 please"
        )));
    }

    #[test]
    fn other_stars_and_plain_numbers_are_not_masked_cards() {
        for text in [
            "4111 1111 1111 1111",
            "ending in ****1234",
            "**** **** **** 1234",
            "2*3 = 6",
            "411111**1111",
            "rated *****",
            "",
        ] {
            assert!(!has_masked_card(text), "{text:?}");
        }
    }

    #[test]
    fn order_numbers_phones_dates_times_and_amounts_are_not_cards() {
        let corpus = [
            "Order #A-100234 shipped on 2026-11-23.",
            "PO 4500012345 was approved",
            "Call us on +1 555 010 0199 or (555) 010-0199.",
            "Delivered 23/11/2026 at 14:05, invoice 2026-11-23-0042.",
            "The refund of $1,249.99 (EUR 1 149,00) left on 2026-11-24 09:30.",
            "Acme Devices serial AD-2026-000481, firmware 4.12.7",
            "Invalid card 4111 1111 1111 1112 was declined",
            "Ticket 2026-11-23 10 30 by dana@example.com",
        ];
        for text in corpus {
            let out = mask(text);
            assert_eq!(out.text, text);
            assert_eq!(out.cards, 0, "{text:?}");
            assert!(!has_masked_card(text), "{text:?}");
        }
    }
}
