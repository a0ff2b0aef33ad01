//! Loading the escalation templates and the holiday calendar, and what a broken file says.

use std::path::Path;

use jiff::civil::date;

use super::super::{AssetError, Catalog};
use crate::policy::calendar::USUAL_WEEKEND;
use crate::protocol::{FieldKind, FieldRule};

fn load_with(files: &[(&str, &str)]) -> Result<Catalog, AssetError> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    Catalog::load(Some(dir.path()))
}

fn file_of(err: &AssetError) -> &str {
    Path::new(&err.file)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
}

const ONE_TEMPLATE: &str = r#"weekend_channel = "weekend"

[[channel]]
id = "leadership"
name = "Leadership Assistance"

[[channel]]
id = "weekend"
name = "Weekend"

[[template]]
id = "general-question"
name = "GENERAL QUESTION"
channel = "leadership"

[[template.field]]
id = "cid"
label = "CID"
kind = "line"
required = true
"#;

#[test]
fn the_builtin_templates_load() {
    let escalations = Catalog::builtin().escalations;
    let ids: Vec<&str> = escalations
        .templates
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "mechanic-bypass",
            "poc-code",
            "state-transfer",
            "credit",
            "general-question"
        ]
    );
    let transfer = escalations.template("state-transfer").unwrap();
    assert_eq!(transfer.channel_name, "State-to-State Transfer");
    let balance = transfer
        .fields
        .iter()
        .find(|f| f.id == "account_balance")
        .unwrap();
    assert_eq!(balance.kind, FieldKind::Money);
    assert_eq!(balance.rules, [FieldRule::ZeroBalance]);
    assert_eq!(
        escalations.channel_name(&escalations.weekend_channel),
        "Weekend"
    );
    assert!(
        escalations
            .templates
            .iter()
            .all(|t| t.fields[0].id == "cid")
    );
    assert!(
        escalations
            .calendar
            .holidays
            .iter()
            .any(|h| h.date == date(2026, 12, 25))
    );
}

#[test]
fn an_override_replaces_the_templates() {
    let catalog = load_with(&[("escalations.toml", ONE_TEMPLATE)]).unwrap();
    assert_eq!(catalog.escalations.templates.len(), 1);
    assert_eq!(
        catalog.escalations.templates[0].channel_name,
        "Leadership Assistance"
    );
}

#[test]
fn an_unknown_channel_names_its_line() {
    let broken = ONE_TEMPLATE.replace("channel = \"leadership\"", "channel = \"lunch\"");
    let err = load_with(&[("escalations.toml", &broken)]).unwrap_err();
    assert_eq!(file_of(&err), "escalations.toml");
    assert_eq!(err.line, 14, "{err}");
    assert!(err.problem.contains("\"lunch\""), "{err}");
    assert!(err.problem.contains("leadership, weekend"), "{err}");
}

#[test]
fn a_weekend_channel_must_exist() {
    let broken = ONE_TEMPLATE.replace("weekend_channel = \"weekend\"", "weekend_channel = \"sat\"");
    let err = load_with(&[("escalations.toml", &broken)]).unwrap_err();
    assert_eq!(err.line, 1, "{err}");
}

#[test]
fn a_rule_on_the_wrong_kind_of_field_is_refused() {
    let broken = format!("{ONE_TEMPLATE}rules = [\"zero_balance\"]\n");
    let err = load_with(&[("escalations.toml", &broken)]).unwrap_err();
    assert_eq!(err.line, 21, "{err}");
    assert!(err.problem.contains("zero_balance"), "{err}");
    assert!(err.problem.contains("line field"), "{err}");
}

#[test]
fn an_unknown_rule_or_kind_names_its_line() {
    let broken = format!("{ONE_TEMPLATE}rules = [\"polite\"]\n");
    let err = load_with(&[("escalations.toml", &broken)]).unwrap_err();
    assert_eq!(err.line, 21, "{err}");
    let broken = ONE_TEMPLATE.replace("kind = \"line\"", "kind = \"essay\"");
    let err = load_with(&[("escalations.toml", &broken)]).unwrap_err();
    assert_eq!(err.line, 19, "{err}");
}

#[test]
fn a_field_given_twice_is_refused() {
    let broken = format!(
        "{ONE_TEMPLATE}\n[[template.field]]\nid = \"cid\"\nlabel = \"Client\"\nkind = \"line\"\n"
    );
    let err = load_with(&[("escalations.toml", &broken)]).unwrap_err();
    assert_eq!(err.line, 23, "{err}");
    assert!(err.problem.contains("appears twice"), "{err}");
}

#[test]
fn holidays_and_their_time_zone_load() {
    let holidays = "time_zone = \"America/Chicago\"\n\n[[holiday]]\ndate = 2026-08-14\nname = \"Founders' Day\"\n";
    let catalog = load_with(&[("holidays.toml", holidays)]).unwrap();
    let calendar = &catalog.escalations.calendar;
    assert_eq!(calendar.holidays.len(), 1);
    assert_eq!(calendar.holidays[0].date, date(2026, 8, 14));
    assert_eq!(calendar.zone.iana_name(), Some("America/Chicago"));
    assert_eq!(calendar.weekend, USUAL_WEEKEND);
}

#[test]
fn the_weekend_days_are_data() {
    let friday_off = "weekend = [\"Friday\", \"saturday\"]\n";
    let catalog = load_with(&[("holidays.toml", friday_off)]).unwrap();
    assert_eq!(
        catalog.escalations.calendar.weekend,
        [jiff::civil::Weekday::Friday, jiff::civil::Weekday::Saturday]
    );
    let err = load_with(&[("holidays.toml", "\nweekend = [\"caturday\"]\n")]).unwrap_err();
    assert_eq!(file_of(&err), "holidays.toml");
    assert_eq!(err.line, 2, "{err}");
    assert!(err.problem.contains("caturday"), "{err}");
}

#[test]
fn an_unknown_time_zone_names_its_line() {
    let err = load_with(&[("holidays.toml", "\ntime_zone = \"Mars/Olympus\"\n")]).unwrap_err();
    assert_eq!(file_of(&err), "holidays.toml");
    assert_eq!(err.line, 2, "{err}");
    assert!(err.problem.contains("Mars/Olympus"), "{err}");
}

#[test]
fn a_holiday_needs_a_plain_date_once() {
    let timed = "[[holiday]]\ndate = 2026-08-14T09:00:00\nname = \"Founders' Day\"\n";
    let err = load_with(&[("holidays.toml", timed)]).unwrap_err();
    assert_eq!(err.line, 2, "{err}");
    assert!(err.problem.contains("without a time"), "{err}");
    let twice = "[[holiday]]\ndate = 2026-08-14\nname = \"A\"\n\n[[holiday]]\ndate = 2026-08-14\nname = \"B\"\n";
    let err = load_with(&[("holidays.toml", twice)]).unwrap_err();
    assert_eq!(err.line, 6, "{err}");
    let text = "[[holiday]]\ndate = \"2026-08-14\"\nname = \"A\"\n";
    let err = load_with(&[("holidays.toml", text)]).unwrap_err();
    assert_eq!(err.line, 2, "{err}");
}
