//! What each character is to a card number: a digit (in any script), a separator between
//! groups of digits, or neither.

/// The zero of every run of decimal digits in Unicode (general category Nd): each run holds
/// the ten digits 0–9 in order, so a digit's value is its distance from the zero of its run.
/// ASCII, Arabic-Indic, Devanagari, Thai, full-width, mathematical and every other script.
/// A test checks the table against the Unicode character database, character by character.
pub const DIGIT_ZEROS: [u32; 77] = [
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10, 0x104A0, 0x10D30, 0x10D40, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450,
    0x114D0, 0x11650, 0x116C0, 0x116D0, 0x116DA, 0x11730, 0x118E0, 0x11950, 0x11BF0, 0x11C50,
    0x11D50, 0x11DA0, 0x11DE0, 0x11F50, 0x16130, 0x16A60, 0x16AC0, 0x16B50, 0x16D70, 0x1CCF0,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E5F1, 0x1E950,
    0x1FBF0,
];

/// The value of a decimal digit of any script, e.g. `'٣'` (Arabic-Indic three) is 3.
pub fn decimal_value(c: char) -> Option<u8> {
    if c.is_ascii() {
        return c.is_ascii_digit().then(|| c as u8 - b'0');
    }
    let code = u32::from(c);
    // The last zero at or below `code`; runs never overlap, so only that one can hold it.
    let run = DIGIT_ZEROS.partition_point(|&zero| zero <= code);
    let zero = DIGIT_ZEROS[run.checked_sub(1)?];
    u8::try_from(code - zero).ok().filter(|d| *d < 10)
}

/// Characters written between the groups of a card number: every Unicode space (space, tab,
/// newline, no-break and thin spaces, the ideographic space…), the invisible joiners and soft
/// hyphen a copy from a web page or a PDF leaves behind, and hyphens and dashes, full stops and
/// middle dots, slashes and low lines in their ASCII and full-width forms.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '.'
                | '/'
                | '_'
                // Soft hyphen, zero-width space and joiners, word joiner, byte order mark.
                | '\u{AD}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'
                | '\u{FEFF}'
                // Hyphens and dashes, minus signs.
                | '\u{2010}'..='\u{2015}'
                | '\u{2212}'
                | '\u{FE58}'
                | '\u{FE63}'
                | '\u{FF0D}'
                // Dots.
                | '\u{B7}'
                | '\u{2024}'
                | '\u{2027}'
                | '\u{30FB}'
                | '\u{FF0E}'
                | '\u{FF65}'
                // Slashes and low lines.
                | '\u{2044}'
                | '\u{2215}'
                | '\u{FF0F}'
                | '\u{FF3F}'
        )
}

#[cfg(test)]
mod tests {
    use finl_unicode::categories::CharacterCategories;

    use super::*;

    #[test]
    fn every_unicode_decimal_digit_and_nothing_else_has_a_value() {
        let mut digits = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let value = decimal_value(c);
            assert_eq!(
                value.is_some(),
                c.is_number_decimal(),
                "{c:?} U+{:04X}",
                c as u32
            );
            if value.is_some() {
                digits += 1;
            }
        }
        assert_eq!(digits, DIGIT_ZEROS.len() * 10);
        assert!(DIGIT_ZEROS.is_sorted());
    }

    #[test]
    fn digits_of_other_scripts_have_their_value() {
        for (text, expected) in [
            ("0123456789", "0123456789"),
            ("０１２３４５６７８９", "0123456789"),
            ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
            ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
            ("०१२३४५६७८९", "0123456789"),
            ("๐๑๒๓๔๕๖๗๘๙", "0123456789"),
            ("𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗", "0123456789"),
        ] {
            let values: String = text
                .chars()
                .map(|c| char::from(b'0' + decimal_value(c).expect("a digit")))
                .collect();
            assert_eq!(values, expected, "{text}");
        }
        for c in ['a', '²', '½', 'Ⅻ', '①', '*', ' ', '\u{0}', '\u{10FFFF}'] {
            assert_eq!(decimal_value(c), None, "{c:?}");
        }
    }

    #[test]
    fn spaces_dashes_dots_slashes_and_low_lines_separate_groups() {
        for c in [
            ' ', '\t', '\n', '\r', '\u{A0}', '\u{2009}', '\u{202F}', '\u{3000}', '-', '.', '/',
            '_', '\u{2013}', '\u{FF0D}', '\u{200B}',
        ] {
            assert!(is_separator(c), "{c:?}");
        }
        for c in ['+', ',', ':', '*', '#', 'x', '0', '(', ')'] {
            assert!(!is_separator(c), "{c:?}");
        }
    }
}
