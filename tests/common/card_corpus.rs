//! The corpora of `tests/cards/` and the ways customers write a card number. Plain Rust, no
//! crate paths: the library's unit tests and the integration tests include this same file.

#![allow(dead_code)]

const CARDS: &str = include_str!("../cards/cards.txt");
const NEAR_MISSES: &str = include_str!("../cards/near_misses.txt");

fn lines(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The valid numbers of `tests/cards/cards.txt`: (brand, digits).
pub fn cards() -> Vec<(&'static str, &'static str)> {
    lines(CARDS)
        .map(|l| l.split_once(" | ").expect("brand | digits"))
        .collect()
}

/// The texts of `tests/cards/near_misses.txt`, with `\t` and `\n` read.
pub fn near_misses() -> Vec<String> {
    lines(NEAR_MISSES)
        .map(|l| l.replace("\\t", "\t").replace("\\n", "\n"))
        .collect()
}

fn in_script(digits: &str, zero: u32) -> String {
    digits
        .bytes()
        .map(|b| char::from_u32(zero + u32::from(b - b'0')).expect("a digit"))
        .collect()
}

/// `digits` in groups of four (the last one shorter), joined by `separator`.
pub fn grouped(digits: &str, separator: &str) -> String {
    let groups: Vec<String> = digits
        .chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect())
        .collect();
    groups.join(separator)
}

/// `digits` (ASCII) written every way customers write a card number: unbroken; in groups split
/// by spaces, double spaces, tabs, line breaks, no-break and thin spaces, `-`, `.`, `/`, `_`,
/// spaced dashes or a mix; in full-width, Arabic-Indic and Devanagari digits; in a sentence.
pub fn formats(digits: &str) -> Vec<String> {
    let mut out = vec![digits.to_string()];
    for separator in [
        " ", "  ", "-", ".", "/", "_", "\t", "\n", "\r\n", "\u{A0}", "\u{2009}", " - ", "__",
    ] {
        out.push(grouped(digits, separator));
    }
    let mixed: String = grouped(digits, "\u{1}")
        .split('\u{1}')
        .enumerate()
        .map(|(i, g)| format!("{}{g}", ["", ".", "-", "\u{A0}", "/"][i % 5]))
        .collect();
    out.push(mixed);
    for zero in [0xFF10, 0x660, 0x966] {
        out.push(in_script(digits, zero));
        out.push(grouped(&in_script(digits, zero), " "));
    }
    out.push(format!(
        "Hi, my card is {} exp 12/29, thanks!",
        grouped(digits, " ")
    ));
    out.push(format!("card:{digits}"));
    out
}

/// Every valid number written every way, in the corpus's order.
pub fn all_written() -> Vec<String> {
    cards()
        .iter()
        .flat_map(|(_, digits)| formats(digits))
        .collect()
}

/// `texts` packed into as few texts of at most `max` characters as fit, each starting with a
/// word (a text starting with digits could continue the one before it) and the texts apart by
/// " ; " so that none runs into the next.
pub fn packed(texts: &[String], max: usize) -> Vec<String> {
    const HEAD: &str = "Numbers: ";
    let mut out = Vec::new();
    let mut current = String::from(HEAD);
    for text in texts {
        if current.chars().count() + text.chars().count() + 3 > max {
            out.push(std::mem::replace(&mut current, String::from(HEAD)));
        }
        if current.len() > HEAD.len() {
            current.push_str(" ; ");
        }
        current.push_str(text);
    }
    out.push(current);
    out
}
