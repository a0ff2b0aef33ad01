//! Escalations that only look complete: reasons that are not words, resources checked that
//! name none, a client ID that is not the chat's, a transfer to nowhere.

use super::*;

/// A few English words, enough for the texts below.
fn small_dictionary(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "the",
        "customer",
        "is",
        "at",
        "shop",
        "and",
        "technician",
        "cannot",
        "reach",
        "service",
        "line",
        "can",
        "someone",
        "give",
        "an",
        "override",
        "code",
        "today",
        "a",
        "i",
        "haven't",
        "checked",
        "anything",
        "read",
        "we",
        "account",
        "notes",
    ];
    WORDS.contains(&word.to_lowercase().as_str())
}

fn with_words(client_id: Option<&'static str>) -> Facts<'static> {
    Facts {
        client_id,
        knows_word: &small_dictionary,
    }
}

#[test]
fn a_reason_must_read_as_words() {
    let with_reason = |text: &str| {
        let mut fields = good_poc();
        fields.iter_mut().find(|f| f.id == "reason").unwrap().value = text.to_string();
        check(&poc_code(), &fields, &with_words(None))
    };
    assert!(
        with_reason(GOOD_REASON).is_ok(),
        "{:?}",
        with_reason(GOOD_REASON)
    );
    for gibberish in [
        "a b c d e f?",
        "asdf asdf asdf asdf asdf asdf asdf?",
        "qwe rty uio pas dfg hjk. Zxc vbn?",
    ] {
        assert_eq!(
            fields_with_problems(&with_reason(gibberish)),
            ["reason"],
            "{gibberish}"
        );
    }
}

#[test]
fn resources_checked_must_name_a_resource_and_the_client_id_must_be_the_chats() {
    let mut resources = field(
        "resources_checked",
        "Resources checked",
        FieldKind::Text,
        true,
        &[FieldRule::Listed],
    );
    resources.resources = vec!["SOP".to_string(), "account notes".to_string()];
    let mut own_cid = cid();
    own_cid.rules = vec![FieldRule::ChatClientId];
    let asking = template("General question", vec![own_cid, resources]);
    let with = |cid: &str, checked: &str, facts: &Facts| {
        let fields = [
            FieldValue {
                id: "cid".to_string(),
                value: cid.to_string(),
            },
            FieldValue {
                id: "resources_checked".to_string(),
                value: checked.to_string(),
            },
        ];
        check(&asking, &fields, facts)
    };
    let facts = with_words(Some("C-1001"));
    assert!(with("c 1001", "We read the account notes.", &facts).is_ok());
    assert_eq!(
        fields_with_problems(&with("C-1001", "I haven't checked anything", &facts)),
        ["resources_checked"]
    );
    // Naming a resource while saying it was not checked says nothing was checked.
    for denied in [
        "I haven't checked the SOP",
        "I haven’t checked the SOP",
        "Did not look at the account notes",
        "nothing, not even the SOP",
        "None. SOP later",
    ] {
        assert_eq!(
            fields_with_problems(&with("C-1001", denied, &facts)),
            ["resources_checked"],
            "{denied}"
        );
    }
    // A resource that did not have the answer was still checked.
    assert!(with("C-1001", "SOP; not in the account notes either", &facts).is_ok());
    assert_eq!(
        fields_with_problems(&with("C-2002", "The SOP", &facts)),
        ["cid"]
    );
    // Without a client ID on the chat, any is taken.
    assert!(with("C-2002", "The SOP", &with_words(None)).is_ok());
}

#[test]
fn a_transfer_goes_between_two_states_to_a_named_shop() {
    let mut transfer = state_transfer();
    transfer
        .fields
        .insert(1, field("from_state", "From", FieldKind::Line, true, &[]));
    transfer
        .fields
        .insert(2, field("to_state", "To", FieldKind::Line, true, &[]));
    transfer.different = vec!["from_state".to_string(), "to_state".to_string()];
    for field in &mut transfer.fields {
        if field.id == "new_shop" {
            field.rules.push(FieldRule::Place);
        }
    }
    let with = |from: &str, to: &str, shop: &str| {
        let given = [
            ("cid", "C-1001"),
            ("from_state", from),
            ("to_state", to),
            ("new_shop", shop),
            ("account_balance", "$0.00"),
        ];
        let fields: Vec<FieldValue> = given
            .iter()
            .map(|(id, value)| FieldValue {
                id: id.to_string(),
                value: value.to_string(),
            })
            .collect();
        check(&transfer, &fields, &any_words())
    };
    assert!(with("TX", "OK", "Acme Devices Tulsa").is_ok());
    assert_eq!(
        fields_with_problems(&with("TX", "tx", "Acme Devices Tulsa")),
        ["to_state"]
    );
    assert_eq!(fields_with_problems(&with("TX", "OK", "x")), ["new_shop"]);
}

#[test]
fn a_shop_is_a_name_not_keys_struck_in_a_row() {
    use crate::policy::escalation::wording::names_a_place;
    let knows_nothing = |_: &str| false;
    for struck in [
        "asdf qwer",
        "qwer asdf",
        "sdfsdf sdfsdf",
        "lkj poiu",
        "zxcv bnm",
    ] {
        assert!(!names_a_place(struck, &knows_nothing), "{struck}");
        assert!(!names_a_place(struck, &small_dictionary), "{struck}");
    }
    for place in [
        "Acme Devices Tulsa",
        "acme tulsa",
        "BMW NYC",
        "12 Elm Street",
        "Joe's Garage, Springfield",
    ] {
        assert!(names_a_place(place, &knows_nothing), "{place}");
    }
    // A word the dictionary knows is a name even where its letters run along a row.
    let knows_poi = |word: &str| word.eq_ignore_ascii_case("poi");
    assert!(names_a_place("Poi Qwe", &knows_poi));
    assert!(!names_a_place("Poi Qwe", &knows_nothing));
    assert!(!names_a_place("x", &knows_nothing));
}
