//! Which digit strings are card numbers: the issuer prefixes (IIN ranges) of the card brands
//! and the lengths each allows. A number is a card when some row takes its first digits and
//! its length, and it passes the Luhn check.
//!
//! Rows overlap (Maestro's 50 and 56–69 hold most other brands' 5- and 6-series): that is
//! harmless, a number needs one row. The customer page (`assets/web/chat.js`) holds the same
//! table as `CARD_RANGES`; a test fails when the two differ.
//!
//! Deliberately absent: UATP (prefix 1, 15 digits: every 15-digit reference starting with 1
//! would be a card) and Diners Club enRoute (2014, 2149: no Luhn check digit, withdrawn).

/// One issuer range: numbers whose first `from.len()` digits lie in `from..=to` (compared as
/// digit strings of that length) and whose length is one of `lengths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuerRange {
    pub brand: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub lengths: &'static [u8],
}

const fn range(
    brand: &'static str,
    from: &'static str,
    to: &'static str,
    lengths: &'static [u8],
) -> IssuerRange {
    IssuerRange {
        brand,
        from,
        to,
        lengths,
    }
}

const L16: &[u8] = &[16];
const L16_19: &[u8] = &[16, 17, 18, 19];

/// Every issuer range this product knows, by brand.
pub const ISSUER_RANGES: &[IssuerRange] = &[
    range("Visa", "4", "4", &[13, 16, 19]),
    range("Mastercard", "51", "55", L16),
    range("Mastercard", "2221", "2720", L16),
    range("American Express", "34", "34", &[15]),
    range("American Express", "37", "37", &[15]),
    range("Discover", "6011", "6011", L16_19),
    range("Discover", "644", "649", L16_19),
    range("Discover", "65", "65", L16_19),
    range("Discover", "622126", "622925", L16_19),
    range("JCB", "3528", "3589", L16_19),
    range("Diners Club", "300", "305", &[14, 15, 16, 17, 18, 19]),
    range("Diners Club", "309", "309", &[14, 15, 16, 17, 18, 19]),
    range("Diners Club", "36", "36", &[14, 15, 16, 17, 18, 19]),
    range("Diners Club", "38", "39", &[14, 15, 16, 17, 18, 19]),
    range("UnionPay", "62", "62", L16_19),
    range("UnionPay", "81", "81", L16_19),
    range("Maestro", "50", "50", &[12, 13, 14, 15, 16, 17, 18, 19]),
    range("Maestro", "56", "69", &[12, 13, 14, 15, 16, 17, 18, 19]),
    range("Mir", "2200", "2204", L16_19),
    range("BORICA", "2205", "2205", L16),
    range("RuPay", "60", "60", L16),
    range("RuPay", "65", "65", L16),
    range("RuPay", "81", "82", L16),
    range("RuPay", "353", "353", L16),
    range("RuPay", "356", "356", L16),
    range("RuPay", "508", "508", L16),
    range("Troy", "65", "65", L16),
    range("Troy", "9792", "9792", L16),
    range("Verve", "506099", "506198", &[16, 18, 19]),
    range("Verve", "507865", "507964", &[16, 18, 19]),
    range("Verve", "650002", "650027", &[16, 18, 19]),
    range("Dankort", "5019", "5019", L16),
    range("InterPayment", "636", "636", L16_19),
    range("InstaPayment", "637", "639", L16),
    range("UkrCard", "60400100", "60420099", L16_19),
    range("LankaPay", "357111", "357111", L16),
    range("China T-Union", "31", "31", &[19]),
    range("UzCard", "8600", "8600", L16),
    range("Humo", "9860", "9860", L16),
    range("NAPAS", "9704", "9704", &[16, 19]),
    range("GPN", "1946", "1946", &[16, 18, 19]),
];

/// Fewest and most digits of any card number.
pub const MIN_DIGITS: usize = 12;
pub const MAX_DIGITS: usize = 19;

impl IssuerRange {
    /// Whether `digits` (values 0–9) start in this range and have one of its lengths.
    pub fn takes(&self, digits: &[u8]) -> bool {
        let width = self.from.len();
        let Ok(length) = u8::try_from(digits.len()) else {
            return false;
        };
        if digits.len() < width || !self.lengths.contains(&length) {
            return false;
        }
        let prefix = || digits[..width].iter().map(|d| b'0' + d);
        prefix().cmp(self.from.bytes()).is_ge() && prefix().cmp(self.to.bytes()).is_le()
    }
}

/// The brand of a card number (digit values 0–9): the first range that takes it.
pub fn brand(digits: &[u8]) -> Option<&'static str> {
    ISSUER_RANGES
        .iter()
        .find(|r| r.takes(digits))
        .map(|r| r.brand)
}

/// Whether `digits` (values 0–9) are a card number: a brand's prefix and length, and the
/// Luhn check.
pub fn is_card(digits: &[u8]) -> bool {
    (MIN_DIGITS..=MAX_DIGITS).contains(&digits.len())
        && passes_luhn(digits)
        && brand(digits).is_some()
}

/// The Luhn check: from the right, every second digit doubled (less 9 when over 9); the sum
/// is a multiple of 10.
pub fn passes_luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            match (i % 2 == 1, d * 2) {
                (false, _) => d,
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(text: &str) -> Vec<u8> {
        text.bytes().map(|b| b - b'0').collect()
    }

    #[test]
    fn every_range_is_well_formed() {
        for r in ISSUER_RANGES {
            assert_eq!(r.from.len(), r.to.len(), "{r:?}");
            assert!(r.from <= r.to, "{r:?}");
            assert!(
                r.from
                    .bytes()
                    .chain(r.to.bytes())
                    .all(|b| b.is_ascii_digit())
            );
            assert!(!r.lengths.is_empty() && r.lengths.is_sorted(), "{r:?}");
            assert!(
                r.lengths
                    .iter()
                    .all(|&l| (MIN_DIGITS..=MAX_DIGITS).contains(&usize::from(l))),
                "{r:?}"
            );
        }
    }

    #[test]
    fn public_test_numbers_are_cards_of_their_brand() {
        for (number, expected) in [
            ("4111111111111111", "Visa"),
            ("4222222222222", "Visa"),
            ("5555555555554444", "Mastercard"),
            ("2223003122003222", "Mastercard"),
            ("378282246310005", "American Express"),
            ("6011111111111117", "Discover"),
            ("3530111333300000", "JCB"),
            ("30569309025904", "Diners Club"),
            ("6200000000000005", "UnionPay"),
            ("2200000000000004", "Mir"),
        ] {
            let d = digits(number);
            assert!(is_card(&d), "{number}");
            assert_eq!(brand(&d), Some(expected), "{number}");
        }
    }

    #[test]
    fn prefix_and_length_must_fit_together() {
        // A Luhn-valid IMEI: 35 is JCB's only at 16 to 19 digits.
        assert!(passes_luhn(&digits("356938035643809")));
        assert!(!is_card(&digits("356938035643809")));
        // 15 digits starting with 4: Visa has no 15-digit numbers.
        assert!(passes_luhn(&digits("490154203237518")));
        assert!(!is_card(&digits("490154203237518")));
        // A prefix no brand uses.
        assert!(passes_luhn(&digits("7000000000000005")));
        assert!(!is_card(&digits("7000000000000005")));
        // Luhn failure.
        assert!(!is_card(&digits("4111111111111112")));
    }
}
