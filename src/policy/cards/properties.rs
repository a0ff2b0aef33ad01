//! Properties of masking that hold for any text: a valid number of every brand and length,
//! written in any format, in any script, with any text around it, is masked so that no
//! complete number is left (as typed or as digits alone); a number split over two messages is
//! refused or leaves no complete number either; masking twice changes nothing; text without
//! digits never changes.

use proptest::prelude::*;

use super::brands::{ISSUER_RANGES, IssuerRange, passes_luhn};
use super::characters::decimal_value;
use super::*;

/// A valid number of `range`'s brand and one of its lengths: prefix, random digits, check digit.
fn card_of(range: IssuerRange) -> impl Strategy<Value = Vec<u8>> {
    let width = range.from.len();
    let from: u64 = range.from.parse().expect("digits");
    let to: u64 = range.to.parse().expect("digits");
    (
        from..=to,
        prop::sample::select(range.lengths),
        prop::collection::vec(0u8..10, 19),
    )
        .prop_map(move |(prefix, length, fill)| {
            let mut digits: Vec<u8> = format!("{prefix:0width$}")
                .bytes()
                .map(|b| b - b'0')
                .collect();
            let length = usize::from(length);
            digits.extend_from_slice(&fill[..length - 1 - width]);
            let check = (0..10)
                .find(|c| {
                    let mut all = digits.clone();
                    all.push(*c);
                    passes_luhn(&all)
                })
                .expect("one check digit fits");
            digits.push(check);
            digits
        })
}

/// A valid number of any brand and any length its ranges allow.
pub fn any_card() -> impl Strategy<Value = Vec<u8>> {
    prop::sample::select(ISSUER_RANGES).prop_flat_map(card_of)
}

/// Where the groups of a number of `length` digits end, as people write it.
fn grouping(length: usize) -> impl Strategy<Value = Vec<usize>> {
    let standard = match length {
        14 => vec![4, 6, 4],
        15 => vec![4, 6, 5],
        _ => (0..length)
            .step_by(4)
            .map(|at| (length - at).min(4))
            .collect(),
    };
    prop_oneof![
        Just(vec![length]),
        Just(standard),
        // Groups of four to six, the last one whatever is left.
        prop::collection::vec(4usize..=6, 1..5).prop_map(move |sizes| {
            let mut out = Vec::new();
            let mut left = length;
            for size in sizes {
                if left <= size {
                    break;
                }
                out.push(size);
                left -= size;
            }
            out.push(left);
            out
        }),
    ]
}

const SEPARATORS: &[&str] = &[
    " ", "  ", "-", ".", "/", "_", "\t", "\n", "\r\n", "\u{A0}", "\u{2009}", "\u{202F}",
    "\u{3000}", " - ", "--", " / ", "\u{2013}", "\u{FF0D}", "\u{200B}",
];
/// Zero of the digits written: ASCII, full-width, Arabic-Indic, Extended Arabic-Indic,
/// Devanagari, Bengali, Thai, mathematical bold.
const SCRIPTS: &[u32] = &[0x30, 0xFF10, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0x1D7CE];

/// A number written as a person might: grouped, with one separator or a mix, in one script
/// or a mix. Returns the digits and the text.
pub fn written_card() -> impl Strategy<Value = (Vec<u8>, String)> {
    any_card().prop_flat_map(|digits| {
        let length = digits.len();
        (
            Just(digits),
            grouping(length),
            prop::sample::select(SEPARATORS),
            prop::collection::vec(prop::sample::select(SEPARATORS), 8),
            any::<bool>(),
            prop::sample::select(SCRIPTS),
            prop::collection::vec(prop::sample::select(SCRIPTS), 19),
            any::<bool>(),
        )
            .prop_map(
                |(digits, groups, one, many, mixed_gaps, script, scripts, mixed_scripts)| {
                    let mut text = String::new();
                    let mut at = 0;
                    for (g, size) in groups.iter().enumerate() {
                        if g > 0 {
                            text.push_str(if mixed_gaps {
                                many[g % many.len()]
                            } else {
                                one
                            });
                        }
                        for i in at..at + size {
                            let zero = if mixed_scripts { scripts[i] } else { script };
                            text.push(char::from_u32(zero + u32::from(digits[i])).expect("digit"));
                        }
                        at += size;
                    }
                    (digits, text)
                },
            )
    })
}

/// The digits of `text`, as ASCII, in order, everything else dropped.
pub fn digits_only(text: &str) -> String {
    text.chars()
        .filter_map(decimal_value)
        .map(|d| char::from(b'0' + d))
        .collect()
}

fn ascii(digits: &[u8]) -> String {
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_brand_length_and_format_is_masked(
        before in "[^\\p{Nd}+]{0,12}",
        (digits, card) in written_card(),
        after in "[^\\p{Nd}]{0,12}",
    ) {
        let out = mask(&format!("{before} {card} {after}"));
        prop_assert!(out.cards() >= 1, "{card:?}");
        prop_assert!(!out.as_str().contains(&card), "{card:?} -> {:?}", out.as_str());
        prop_assert!(!digits_only(out.as_str()).contains(&ascii(&digits)), "{:?}", out.as_str());
        prop_assert!(has_masked_card(out.as_str()), "{:?}", out.as_str());
        prop_assert!(!has_card(out.as_str()));
    }

    #[test]
    fn a_number_split_over_two_messages_is_refused_or_incomplete(
        (digits, card) in written_card(),
        cut in 0.0f64..1.0,
    ) {
        // Cut between two digits (a separator stays with the first part).
        let places: Vec<usize> = card
            .char_indices()
            .skip(1)
            .filter(|(_, c)| decimal_value(*c).is_some())
            .map(|(i, _)| i)
            .collect();
        let at = places[(cut * places.len() as f64) as usize];
        let (first, second) = card.split_at(at);
        let stored_first = mask(first);
        let refused = joins_previous(stored_first.as_str(), second);
        let both = format!("{}\n{}", stored_first.as_str(), mask(second).as_str());
        prop_assert!(
            refused || !digits_only(&both).contains(&ascii(&digits)),
            "{first:?} + {second:?}"
        );
        // Cut at a group's end, the usual way: always refused unless the first part already
        // holds a number of its own.
        if first.ends_with(|c: char| decimal_value(c).is_none()) && stored_first.cards() == 0 {
            prop_assert!(refused, "{first:?} + {second:?}");
        }
    }

    #[test]
    fn masking_twice_changes_nothing(
        pieces in prop::collection::vec(
            prop_oneof![
                written_card().prop_map(|(_, card)| card),
                "[0-9]{1,8}",
                "[ \\-*a-z./+]{1,3}",
            ],
            0..10,
        )
    ) {
        let text = pieces.concat();
        let once = mask(&text);
        let twice = mask(once.as_str());
        prop_assert_eq!(twice.as_str(), once.as_str());
        prop_assert_eq!(twice.cards(), 0);
        prop_assert_eq!(once.as_str().chars().count(), text.chars().count());
    }

    #[test]
    fn text_without_digits_is_unchanged(text in "[^\\p{Nd}]{0,60}") {
        let out = mask(&text);
        prop_assert_eq!(out.as_str(), text.as_str());
        prop_assert_eq!(out.cards(), 0);
    }
}
