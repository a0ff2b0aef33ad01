//! The corpora in `tests/cards/`: every valid number, in every format customers use, is masked
//! with no complete number left; every near-miss comes out unchanged.

use super::brands::{brand, is_card};
use super::characters::decimal_value;
use super::*;

#[path = "../../../tests/common/card_corpus.rs"]
mod card_corpus;

use card_corpus::{cards, formats, near_misses};

fn digits_only(text: &str) -> String {
    text.chars()
        .filter_map(decimal_value)
        .map(|d| char::from(b'0' + d))
        .collect()
}

#[test]
fn the_card_corpus_has_every_brand_and_length() {
    let cards = cards();
    for (name, digits) in &cards {
        let values: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
        assert!(is_card(&values), "{name} {digits}");
        assert!(brand(&values).is_some());
    }
    for range in brands::ISSUER_RANGES {
        for &length in range.lengths {
            assert!(
                cards.iter().any(|(name, digits)| *name == range.brand
                    && digits.len() == usize::from(length)
                    && digits.starts_with(range.from)),
                "no {} number of {length} digits starting {}",
                range.brand,
                range.from
            );
        }
    }
}

#[test]
fn every_card_of_the_corpus_in_every_format_is_masked() {
    let (mut written, mut masked) = (0, 0);
    let mut missed = Vec::new();
    for (_, digits) in cards() {
        for text in formats(digits) {
            written += 1;
            let out = mask(&text);
            if out.as_str().contains(&text) || digits_only(out.as_str()).contains(digits) {
                missed.push(text);
            } else {
                masked += 1;
            }
        }
    }
    println!("masked {masked} of {written} written card numbers");
    assert!(missed.is_empty(), "{} left whole: {missed:?}", missed.len());
}

#[test]
fn no_near_miss_is_masked() {
    let texts = near_misses();
    let changed: Vec<(String, String)> = texts
        .iter()
        .map(|t| (t.clone(), mask(t).into_string()))
        .filter(|(t, out)| t != out)
        .collect();
    println!(
        "{} of {} near-misses masked wrongly",
        changed.len(),
        texts.len()
    );
    assert!(changed.is_empty(), "{changed:#?}");
    assert!(texts.len() >= 100);
}
