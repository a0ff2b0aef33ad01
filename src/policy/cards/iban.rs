//! IBANs are bank account numbers, not cards, and their digits can look like one (a British
//! IBAN ends in 14 digits that may start with 60, a Maestro prefix). An IBAN is found by its
//! shape — a country that uses IBANs, two check digits, then letters and digits, in groups or
//! not — and proven by its ISO 13616 check (mod 97), so a card number is never mistaken for
//! one by chance more than once in 97 times, and only right after a country code.

use super::scan::{Cell, Kind};

/// Countries of the IBAN registry (ISO 13616), as their ISO 3166 codes.
const COUNTRIES: &str = "AD AE AL AT AZ BA BE BG BH BI BR BY CH CR CY CZ DE DJ DK DO EE EG ES \
    FI FK FO FR GB GE GI GL GR GT HN HR HU IE IL IQ IS IT JO KW KZ LB LC LI LT LU LV LY MC MD ME \
    MK MN MR MT MU NI NL NO OM PK PL PS PT QA RO RS RU SA SC SD SE SI SK SM SO ST SV TL TN TR UA \
    VA VG XK YE";
/// Fewest and most letters and digits of an IBAN (Norway's; Saint Lucia's).
const SHORTEST: usize = 15;
const LONGEST: usize = 34;

fn letter(kind: Kind) -> Option<u8> {
    match kind {
        Kind::Letter(v) => Some(v),
        _ => None,
    }
}

fn digit(kind: Kind) -> Option<u8> {
    match kind {
        Kind::Digit(d) => Some(d),
        _ => None,
    }
}

fn alphanumeric(kind: Kind) -> Option<u8> {
    letter(kind).or_else(|| digit(kind))
}

fn is_country(first: u8, second: u8) -> bool {
    let code = [first - 10 + b'A', second - 10 + b'A'];
    COUNTRIES
        .split_ascii_whitespace()
        .any(|c| c.as_bytes() == code)
}

/// Turns the digits of every valid IBAN in `cells` into plain characters, so that no card
/// number is looked for in them.
pub fn set_aside(cells: &mut [Cell]) {
    let mut i = 0;
    while i + 4 <= cells.len() {
        match iban_at(cells, i) {
            Some(end) => {
                for cell in &mut cells[i..end] {
                    if let Kind::Digit(_) = cell.kind {
                        cell.kind = Kind::Other;
                    }
                }
                i = end;
            }
            None => i += 1,
        }
    }
}

/// The end (exclusive) of the longest valid IBAN starting at cell `i`.
fn iban_at(cells: &[Cell], i: usize) -> Option<usize> {
    let word_start = i == 0 || alphanumeric(cells[i - 1].kind).is_none();
    let (c1, c2) = (letter(cells[i].kind)?, letter(cells[i + 1].kind)?);
    let (d1, d2) = (digit(cells[i + 2].kind)?, digit(cells[i + 3].kind)?);
    if !word_start || !is_country(c1, c2) {
        return None;
    }
    // Moved to the end, the first four read as six digits: two per letter, then the two digits.
    let head = u32::from(c1) * 10_000 + u32::from(c2) * 100 + u32::from(d1) * 10 + u32::from(d2);
    let mut remainder: u32 = 0;
    let mut count = 4;
    let mut best = None;
    let mut j = i + 4;
    while count < LONGEST {
        // One separator may stand between two letters or digits.
        let at = match cells.get(j).map(|c| c.kind) {
            Some(Kind::Separator)
                if cells
                    .get(j + 1)
                    .is_some_and(|c| alphanumeric(c.kind).is_some()) =>
            {
                j + 1
            }
            _ => j,
        };
        let Some(value) = cells.get(at).and_then(|c| alphanumeric(c.kind)) else {
            break;
        };
        remainder = if value < 10 {
            (remainder * 10 + u32::from(value)) % 97
        } else {
            (remainder * 100 + u32::from(value)) % 97
        };
        count += 1;
        j = at + 1;
        let glued_on = cells.get(j).is_some_and(|c| alphanumeric(c.kind).is_some());
        if count >= SHORTEST && !glued_on && (remainder * 1_000_000 + head) % 97 == 1 {
            best = Some(j);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::super::scan::cells;
    use super::*;

    fn set_aside_digits(text: &str) -> usize {
        cells(text)
            .iter()
            .filter(|c| {
                c.kind == Kind::Other && text[c.at..].starts_with(|ch: char| ch.is_ascii_digit())
            })
            .count()
    }

    #[test]
    fn valid_ibans_are_set_aside_in_any_grouping() {
        for text in [
            "GB29 NWBK 6016 1331 9268 19",
            "GB29NWBK60161331926819",
            "pay to de89 3704 0044 0532 0130 00, thanks",
            "NL91ABNA0417164300",
            "FR14 2004 1010 0505 0001 3M02 606",
            "NO9386011117947",
        ] {
            let digits = text.chars().filter(char::is_ascii_digit).count();
            assert_eq!(set_aside_digits(text), digits, "{text}");
        }
    }

    #[test]
    fn a_wrong_check_or_an_unknown_country_is_no_iban() {
        for text in [
            "GB28 NWBK 6016 1331 9268 19",
            "ZZ29 NWBK 6016 1331 9268 19",
            "XGB29 NWBK 6016 1331 9268 19",
            "cc4111111111111111",
        ] {
            assert_eq!(set_aside_digits(text), 0, "{text}");
        }
    }
}
