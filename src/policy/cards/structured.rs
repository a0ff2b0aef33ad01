//! Masking inside structured values: every string of a JSON value, at any depth, keys
//! included, is masked as a text of its own.
//!
//! One kind of string is left as it is: an identifier the backend made, a UUID written in its
//! usual 36-character form (`8-4-4-4-12` hexadecimal digits). Ids are compared, not read,
//! and changing a digit of one would point it at nothing.

use serde::Serialize;
use serde_json::Value;

use super::{Masked, mask};

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

/// `value` as JSON text, every string in it masked.
pub fn mask_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Masked> {
    let mut tree = serde_json::to_value(value)?;
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
    fn json_text_comes_back_masked_with_its_count() {
        let masked = mask_json(&vec!["4111 1111 1111 1111", "no card"]).unwrap();
        assert_eq!(masked.as_str(), r#"["4111 **** **** 1111","no card"]"#);
        assert_eq!(masked.cards(), 1);
    }
}
