use super::*;
use crate::protocol::TemplateField;

fn field(
    id: &str,
    label: &str,
    kind: FieldKind,
    required: bool,
    rules: &[FieldRule],
) -> TemplateField {
    TemplateField {
        id: id.to_string(),
        label: label.to_string(),
        kind,
        required,
        hint: String::new(),
        rules: rules.to_vec(),
        resources: Vec::new(),
    }
}

fn template(name: &str, fields: Vec<TemplateField>) -> EscalationTemplate {
    EscalationTemplate {
        id: name.to_lowercase().replace(' ', "-"),
        name: name.to_string(),
        channel: "leadership".to_string(),
        channel_name: "Leadership Assistance".to_string(),
        fields,
        different: Vec::new(),
    }
}

/// Facts for the rules that do not read words: every word counts as English, no client ID.
fn any_words() -> Facts<'static> {
    Facts {
        client_id: None,
        knows_word: &|_| true,
    }
}

fn cid() -> TemplateField {
    field("cid", "CID", FieldKind::Line, true, &[])
}

fn reason() -> TemplateField {
    field(
        "reason",
        "Reason",
        FieldKind::Text,
        true,
        &[FieldRule::Detailed, FieldRule::Question],
    )
}

fn poc_code() -> EscalationTemplate {
    template(
        "POC CODE",
        vec![
            cid(),
            field("utr", "UTR", FieldKind::Line, true, &[]),
            field(
                "appointment_time",
                "Appointment time",
                FieldKind::Line,
                true,
                &[],
            ),
            reason(),
        ],
    )
}

fn state_transfer() -> EscalationTemplate {
    template(
        "STATE-TO-STATE TRANSFER",
        vec![
            cid(),
            field("new_shop", "New shop", FieldKind::Line, true, &[]),
            field(
                "account_balance",
                "Account balance",
                FieldKind::Money,
                true,
                &[FieldRule::ZeroBalance],
            ),
        ],
    )
}

fn credit() -> EscalationTemplate {
    template(
        "CREDIT",
        vec![
            cid(),
            field(
                "invoice_reviewed",
                "Invoice reviewed",
                FieldKind::YesNo,
                true,
                &[FieldRule::MustBeYes],
            ),
            field(
                "amount",
                "Amount",
                FieldKind::Money,
                true,
                &[FieldRule::Positive],
            ),
            reason(),
        ],
    )
}

fn general_question() -> EscalationTemplate {
    template(
        "GENERAL QUESTION",
        vec![
            cid(),
            field(
                "question",
                "Question",
                FieldKind::Text,
                true,
                &[FieldRule::Detailed, FieldRule::Question],
            ),
            field(
                "resources_checked",
                "Resources checked",
                FieldKind::Text,
                true,
                &[FieldRule::Listed],
            ),
            field("note", "Note", FieldKind::Line, false, &[]),
        ],
    )
}

fn values(pairs: &[(&str, &str)]) -> Vec<FieldValue> {
    pairs
        .iter()
        .map(|(id, value)| FieldValue {
            id: id.to_string(),
            value: value.to_string(),
        })
        .collect()
}

const GOOD_REASON: &str = "The customer is at the shop and the technician cannot reach the \
    service line. Can someone give an override code today?";

fn fields_with_problems(checked: &Checked) -> Vec<&str> {
    checked.problems.iter().map(|p| p.field.as_str()).collect()
}

fn good_poc() -> Vec<FieldValue> {
    values(&[
        ("cid", "C-1001"),
        ("utr", "UTR-2231"),
        ("appointment_time", "2:30 pm Central"),
        ("reason", GOOD_REASON),
    ])
}

#[test]
fn a_complete_request_goes() {
    let checked = check(&poc_code(), &good_poc(), &any_words());
    assert_eq!(checked, Checked::default());
    assert!(checked.is_ok());
}

#[test]
fn the_cid_is_required() {
    let mut fields = good_poc();
    fields[0].value = "   ".to_string();
    let checked = check(&poc_code(), &fields, &any_words());
    assert_eq!(fields_with_problems(&checked), ["cid"]);
    assert_eq!(checked.problems[0].problem, "CID is required.");
    // Left out altogether is the same as empty.
    let checked = check(&poc_code(), &good_poc()[1..], &any_words());
    assert_eq!(fields_with_problems(&checked), ["cid"]);
}

#[test]
fn an_optional_field_may_stay_empty() {
    let fields = values(&[
        ("cid", "C-1001"),
        ("question", GOOD_REASON),
        ("resources_checked", "The SOP and the account notes."),
    ]);
    assert!(check(&general_question(), &fields, &any_words()).is_ok());
}

#[test]
fn a_one_line_reason_is_not_detailed() {
    let mut fields = good_poc();
    fields[3].value = "Needs a code?".to_string();
    let checked = check(&poc_code(), &fields, &any_words());
    assert_eq!(fields_with_problems(&checked), ["reason"]);
    assert!(
        checked.problems[0].problem.contains("more detail"),
        "{checked:?}"
    );
}

#[test]
fn notes_without_a_sentence_are_not_detailed() {
    let mut fields = good_poc();
    fields[3].value = "Code? customer at shop, tech waiting, no answer from line".to_string();
    let checked = check(&poc_code(), &fields, &any_words());
    assert_eq!(fields_with_problems(&checked), ["reason"]);
    assert!(
        checked.problems[0].problem.contains("whole sentence"),
        "{checked:?}"
    );
}

#[test]
fn a_statement_is_not_a_question() {
    let mut fields = good_poc();
    fields[3].value = "The customer is at the shop and the technician cannot reach the \
        service line. They need an override code today."
        .to_string();
    let checked = check(&poc_code(), &fields, &any_words());
    assert_eq!(fields_with_problems(&checked), ["reason"]);
    assert!(
        checked.problems[0].problem.contains("question"),
        "{checked:?}"
    );
}

#[test]
fn the_resources_checked_are_listed() {
    for nothing in ["none", "N/A", "nothing.", "-"] {
        let fields = values(&[
            ("cid", "C-1001"),
            ("question", GOOD_REASON),
            ("resources_checked", nothing),
        ]);
        let checked = check(&general_question(), &fields, &any_words());
        assert_eq!(
            fields_with_problems(&checked),
            ["resources_checked"],
            "{nothing}"
        );
    }
    let fields = values(&[("cid", "C-1001"), ("question", GOOD_REASON)]);
    let checked = check(&general_question(), &fields, &any_words());
    assert_eq!(
        checked.problems[0].problem,
        "Resources checked is required."
    );
}

#[test]
fn capitals_in_any_field_read_as_shouting() {
    let mut fields = good_poc();
    fields[3].value = GOOD_REASON.to_uppercase();
    fields[2].value = "TWO THIRTY PM".to_string();
    let checked = check(&poc_code(), &fields, &any_words());
    assert_eq!(
        fields_with_problems(&checked),
        ["appointment_time", "reason"]
    );
    assert!(checked.problems[1].problem.contains("capital letters"));
}

#[test]
fn one_word_in_capitals_is_a_code_not_shouting() {
    let mut fields = good_poc();
    fields[0].value = "ACME-CID-77".to_string();
    fields[1].value = "UTRABCDE".to_string();
    assert!(check(&poc_code(), &fields, &any_words()).is_ok());
}

#[test]
fn replies_are_not_empty_or_shouted() {
    assert!(check_reply("Sure, I can take this one; what is the UTR?").is_empty());
    let shouted = check_reply("I JUST ANSWERED YOUR QUESTION");
    assert_eq!(shouted.len(), 1);
    assert_eq!(shouted[0].field, "body");
    assert_eq!(check_reply("   ")[0].field, "body");
    assert_eq!(check_reply(&"a".repeat(MAX_REPLY_CHARS + 1)).len(), 1);
}

// Whether the texts read as words, name a resource, and match the chat: checks that need the
// spelling dictionary and the chat's facts.
mod words;

// Balances, credits, amounts, and fields unknown, repeated or too long.
mod money;
