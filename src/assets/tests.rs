//! Loading the data files, and the errors a broken one gives.

use super::*;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn builtin_files_load() {
    let catalog = Catalog::builtin();
    assert_eq!(catalog.queue_name("billing"), "Billing");
    assert!(catalog.disposition("resolved").is_some());
    assert_eq!(catalog.policy.routing.max_active_chats, 2);
    assert_eq!(catalog.policy.routing.offer_timeout_secs, 20);
}

#[test]
fn a_syntax_error_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "queues.toml",
        "[[queue]]\nid = \"billing\"\nname = Billing\n",
    );
    let err = Catalog::load(Some(dir.path())).unwrap_err();
    assert!(err.file.ends_with("queues.toml"), "{err}");
    assert_eq!(err.line, 3, "{err}");
}

#[test]
fn a_duplicate_queue_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "queues.toml",
        "[[queue]]\nid = \"a\"\nname = \"A\"\n\n[[queue]]\nid = \"a\"\nname = \"Again\"\n",
    );
    let err = Catalog::load(Some(dir.path())).unwrap_err();
    assert_eq!(err.line, 6, "{err}");
    assert!(err.problem.contains("appears twice"), "{err}");
}

#[test]
fn a_policy_override_keeps_unnamed_keys() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policy.toml",
        "[routing]\noffer_timeout_secs = 3\n",
    );
    let catalog = Catalog::load(Some(dir.path())).unwrap();
    assert_eq!(catalog.policy.routing.offer_timeout_secs, 3);
    assert_eq!(catalog.policy.routing.max_active_chats, 2);
}

#[test]
fn capacity_cannot_exceed_two() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policy.toml",
        "[routing]\nmax_active_chats = 3\n",
    );
    let err = Catalog::load(Some(dir.path())).unwrap_err();
    assert_eq!(err.line, 2, "{err}");
    assert!(err.problem.contains("1 or 2"), "{err}");
}

#[test]
fn an_unknown_policy_key_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policy.toml", "[routing]\noffer_timeout = 3\n");
    let err = Catalog::load(Some(dir.path())).unwrap_err();
    assert!(err.problem.contains("offer_timeout"), "{err}");
    assert_eq!(err.line, 2, "{err}");
}

#[test]
fn the_built_in_procedure_is_cxone_with_three_checks() {
    let procedure = Catalog::builtin().procedure();
    assert_eq!(procedure.inactivity.preset, "cxone");
    assert_eq!(procedure.inactivity.nudge_after_secs, Some(120));
    assert_eq!(procedure.inactivity.end_after_secs, 240);
    assert!(
        procedure
            .inactivity
            .nudge_text
            .contains("{customer.first_name}")
    );
    assert!(
        procedure
            .inactivity
            .disconnect_text
            .contains("{customer.first_name}")
    );
    assert_eq!(procedure.investigate_after_secs, 300);
    assert_eq!(procedure.ticket_after_secs, 900);
    assert_eq!(procedure.hold_update_secs, 60);
    let ids: Vec<&str> = procedure
        .verification
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["name", "email-or-client-id", "account-detail"]);
    assert!(procedure.verification.iter().all(|c| !c.done));
    assert_eq!(procedure.reply_breach_secs, 60);
}

fn inactivity_of(policy: &str) -> crate::protocol::InactivityInfo {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policy.toml", policy);
    Catalog::load(Some(dir.path())).unwrap().policy.inactivity
}

#[test]
fn presets_give_their_numbers_and_a_named_number_makes_it_custom() {
    let omni = inactivity_of("[inactivity]\npreset = \"omni\"\n");
    assert_eq!(
        (
            omni.preset.as_str(),
            omni.nudge_after_secs,
            omni.end_after_secs
        ),
        ("omni", Some(180), 300)
    );
    let livehelp = inactivity_of("[inactivity]\npreset = \"livehelp\"\n");
    assert_eq!(
        (
            livehelp.preset.as_str(),
            livehelp.nudge_after_secs,
            livehelp.end_after_secs
        ),
        ("livehelp", None, 240)
    );
    // The texts stay the built-in ones when not named.
    assert!(
        livehelp
            .nudge_text
            .starts_with("Hello {customer.first_name}")
    );
    let tuned = inactivity_of("[inactivity]\nend_after_secs = 600\n");
    assert_eq!(
        (
            tuned.preset.as_str(),
            tuned.nudge_after_secs,
            tuned.end_after_secs
        ),
        ("custom", Some(120), 600)
    );
    let custom = inactivity_of(
        "[inactivity]\npreset = \"custom\"\nend_after_secs = 90\nnudge_text = \"Still there, {customer.first_name}?\"\n",
    );
    assert_eq!((custom.nudge_after_secs, custom.end_after_secs), (None, 90));
    assert_eq!(custom.nudge_text, "Still there, {customer.first_name}?");
}

fn policy_error(policy: &str) -> AssetError {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policy.toml", policy);
    let err = Catalog::load(Some(dir.path())).unwrap_err();
    assert!(err.file.ends_with("policy.toml"), "{err}");
    err
}

#[test]
fn broken_inactivity_settings_name_their_line() {
    let err = policy_error("[inactivity]\npreset = \"fast\"\n");
    assert_eq!(err.line, 2, "{err}");
    assert!(err.problem.contains("cxone"), "lists the presets: {err}");

    let err = policy_error("[inactivity]\nend_after_secs = 200\nnudge_after_secs = 200\n");
    assert_eq!(err.line, 3, "{err}");
    assert!(err.problem.contains("less than"), "{err}");

    let err = policy_error("\n[inactivity]\npreset = \"custom\"\n");
    assert_eq!(err.line, 3, "{err}");
    assert!(err.problem.contains("end_after_secs"), "{err}");

    let err = policy_error("[inactivity]\nnudge_text = \"Hi {customer.name}?\"\n");
    assert_eq!(err.line, 2, "{err}");
    assert!(err.problem.contains("{customer.name}"), "{err}");

    let err = policy_error("[reminders]\n\nhold_update_secs = 0\n");
    assert_eq!(err.line, 3, "{err}");
}

#[test]
fn a_checklist_override_replaces_the_list_and_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policy.toml",
        "[[verification.check]]\nid = \"pin\"\nlabel = \"Account PIN\"\n",
    );
    let catalog = Catalog::load(Some(dir.path())).unwrap();
    assert_eq!(
        catalog.policy.verification,
        [VerificationCheck {
            id: "pin".into(),
            label: "Account PIN".into()
        }]
    );

    let err = policy_error(
        "[[verification.check]]\nid = \"pin\"\nlabel = \"PIN\"\n\n[[verification.check]]\nid = \"pin\"\nlabel = \"Again\"\n",
    );
    assert_eq!(err.line, 6, "{err}");
    assert!(err.problem.contains("appears twice"), "{err}");

    let err = policy_error("[[verification.check]]\nid = \"Has Spaces\"\nlabel = \"x\"\n");
    assert_eq!(err.line, 2, "{err}");

    let err = policy_error("[verification]\n");
    assert!(err.problem.contains("at least one"), "{err}");
}
