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
