//! Masking inside structured values: every string of a JSON value, at any depth, keys
//! included, is masked as a text of its own.
//!
//! One kind of string is left as it is: an identifier the backend made, a UUID written in its
//! usual 36-character form (`8-4-4-4-12` hexadecimal digits). Ids are compared, not read,
//! and changing a digit of one would point it at nothing.

use serde::Serialize;
use serde_json::Value;

use super::characters::{decimal_value, is_separator};
use super::scan::HIDDEN;
use super::{Masked, mask};
use crate::policy::cards::brands::MIN_DIGITS;

/// Whether `text` is a UUID in its hyphenated form.
fn is_identifier(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

/// Masks every string of `value` in place; returns how many card numbers were masked.
pub fn mask_strings(value: &mut Value) -> usize {
    match value {
        Value::String(text) => mask_in_place(text),
        Value::Array(items) => items.iter_mut().map(mask_strings).sum(),
        Value::Object(fields) => {
            let mut cards = 0;
            let keys_with_cards: Vec<String> = fields
                .keys()
                .filter(|key| super::has_card(key))
                .cloned()
                .collect();
            for key in keys_with_cards {
                if let Some(field) = fields.remove(&key) {
                    let masked = mask(&key);
                    cards += masked.cards();
                    fields.insert(masked.into_string(), field);
                }
            }
            cards + fields.values_mut().map(mask_strings).sum::<usize>()
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => 0,
    }
}

fn mask_in_place(text: &mut String) -> usize {
    if is_identifier(text) {
        return 0;
    }
    let masked = mask(text);
    let cards = masked.cards();
    if cards > 0 {
        *text = masked.into_string();
    }
    cards
}

/// Whether the JSON `text` may hold a card number in one of its strings: some run of digits
/// and separators in it, escapes read as the characters they stand for, holds as many digits
/// as the shortest card. When not, no string of it needs masking and the text can be used as
/// it is. Errs on the side of yes: an escape it cannot read counts as a separator.
pub fn json_may_hold_card(text: &str) -> bool {
    let mut in_stretch = 0;
    let mut rest = text;
    while let Some(&byte) = rest.as_bytes().first() {
        // Most of an event is plain ASCII: one table look-up a byte. Escapes and other
        // characters are read in full.
        let class = if byte.is_ascii() && byte != b'\\' {
            rest = &rest[1..];
            ASCII_CLASSES[usize::from(byte)]
        } else {
            let mut chars = rest.chars();
            let Some(c) = unescaped(&mut chars) else {
                break;
            };
            rest = chars.as_str();
            class_of(c)
        };
        match class {
            Class::Digit => {
                in_stretch += 1;
                if in_stretch >= MIN_DIGITS {
                    return true;
                }
            }
            Class::Between => {}
            Class::Other => in_stretch = 0,
        }
    }
    false
}

/// What a character is to a stretch of a card number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit,
    /// A separator or a digit already hidden: the stretch goes on.
    Between,
    Other,
}

fn class_of(c: char) -> Class {
    if decimal_value(c).is_some() {
        Class::Digit
    } else if c == HIDDEN || is_separator(c) {
        Class::Between
    } else {
        Class::Other
    }
}

/// [`class_of`] for every ASCII character, worked out once.
static ASCII_CLASSES: std::sync::LazyLock<[Class; 128]> = std::sync::LazyLock::new(|| {
    let mut classes = [Class::Other; 128];
    for (byte, class) in classes.iter_mut().enumerate() {
        *class = class_of(char::from(u8::try_from(byte).unwrap_or(0)));
    }
    classes
});

/// The next character of JSON string text, an escape read as the character it stands for;
/// one it cannot read counts as a space (a separator).
fn unescaped(chars: &mut std::str::Chars<'_>) -> Option<char> {
    match chars.next()? {
        '\\' => Some(match chars.next()? {
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or(' ')
            }
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '/' => '/',
            other => other,
        }),
        c => Some(c),
    }
}

/// `value` as JSON text, every string in it masked.
pub fn mask_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Masked> {
    let text = serde_json::to_string(value)?;
    if !json_may_hold_card(&text) {
        return Ok(Masked { text, cards: 0 });
    }
    let mut tree: Value = serde_json::from_str(&text)?;
    let cards = mask_strings(&mut tree);
    Ok(Masked {
        text: tree.to_string(),
        cards,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_ascii_table_says_what_the_rule_says() {
        for byte in 0u8..128 {
            assert_eq!(
                ASCII_CLASSES[usize::from(byte)],
                class_of(char::from(byte)),
                "{byte}"
            );
        }
        // Escapes and characters beyond ASCII still count, inside and across a stretch.
        assert!(json_may_hold_card(r#"{"a":"4111 1111\u0031111 1111"}"#));
        assert!(json_may_hold_card(
            "{\"a\":\"4111\u{2014}1111\u{2014}1111\u{2014}1111\"}"
        ));
        assert!(json_may_hold_card("{\"a\":\"\u{FF14}111111111111\"}"));
        assert!(!json_may_hold_card(r#"{"a":"4111 1111 x 1111 1111"}"#));
        assert!(!json_may_hold_card(r#"{"a":"41111111111\"}"#));
    }

    #[test]
    fn every_string_at_any_depth_is_masked_and_the_rest_is_kept() {
        let mut value = json!({
            "name": "card 4111 1111 1111 1111",
            "fields": [{"4111111111111111": "5555 5555 5555 4444"}],
            "count": 4111111111111111u64,
            "ok": true,
        });
        assert_eq!(mask_strings(&mut value), 3);
        assert_eq!(value["name"], "card 4111 **** **** 1111");
        assert_eq!(
            value["fields"][0]["4111********1111"],
            "5555 **** **** 4444"
        );
        // Numbers are not text a customer typed: JSON numbers stay.
        assert_eq!(value["count"], 4111111111111111u64);
        assert_eq!(value["ok"], true);
    }

    #[test]
    fn ids_stay_whole_and_masking_twice_changes_nothing() {
        let id = "41111111-1111-4111-8111-111111111111";
        let mut value = json!({"id": id, "note": "4111-1111-1111-1111"});
        mask_strings(&mut value);
        assert_eq!(value["id"], id);
        let once = value.clone();
        assert_eq!(mask_strings(&mut value), 0);
        assert_eq!(value, once);
    }

    #[test]
    fn escaped_digits_and_separators_in_json_are_read_as_what_they_stand_for() {
        // "4111" spelled with escapes, then groups split by escaped line breaks and tabs.
        let text = r#"{"a":"\u0034111\n1111\t1111\u00a01111"}"#;
        assert!(json_may_hold_card(text));
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(mask_json(&value).unwrap().cards(), 1);
        // Ids, times and short numbers: nothing to mask.
        let plain = json!({
            "id": "01a23407-cb26-702a-b023-fd0c67835769",
            "at": "2026-12-01T23:59:01.123Z",
            "order": "A-1001 of 2026-11-30",
        });
        assert!(!json_may_hold_card(&plain.to_string()));
        // Separate strings never join into one run.
        assert!(!json_may_hold_card(r#"["411111","111111"]"#));
    }

    #[test]
    fn json_text_comes_back_masked_with_its_count() {
        let masked = mask_json(&vec!["4111 1111 1111 1111", "no card"]).unwrap();
        assert_eq!(masked.as_str(), r#"["4111 **** **** 1111","no card"]"#);
        assert_eq!(masked.cards(), 1);
    }
}
