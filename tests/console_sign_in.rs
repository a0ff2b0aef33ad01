//! Signing in from the command line: every way it can go wrong is one sentence and exit code 2,
//! before the terminal is touched.

mod common;

use std::process::{Command, Output};

fn console(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(common::BIN)
        .args(args)
        .stdin(std::process::Stdio::null())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("CHATDESK_SERVER")
        .env_remove("CHATDESK_TOKEN")
        .output()
        .expect("the console starts")
}

fn refused(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one sentence: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        output.stdout.is_empty(),
        "nothing drawn: {:?}",
        output.stdout
    );
}

#[test]
fn a_bad_address_an_absent_server_and_a_wrong_token_are_one_sentence_each() {
    let home = tempfile::tempdir().unwrap();
    refused(
        &console(home.path(), &["--server", "http//nope", "--token", "cda_x"]),
        "is not a server address",
    );
    refused(
        &console(
            home.path(),
            &["--server", "http://127.0.0.1:9", "--token", "cda_x"],
        ),
        "cannot reach http://127.0.0.1:9",
    );
    let backend = common::Backend::start(None);
    refused(
        &console(
            home.path(),
            &["--server", &backend.base, "--token", "cda_wrong"],
        ),
        "refused this token",
    );
}

#[test]
fn without_a_terminal_the_console_says_so_instead_of_starting() {
    let home = tempfile::tempdir().unwrap();
    // Nothing configured: the console would open on a demo backend.
    refused(&console(home.path(), &[]), "the console needs a terminal");
    // Signed in to a real backend.
    let backend = common::Backend::start(None);
    let dana = backend.agent("dana", "billing");
    refused(
        &console(
            home.path(),
            &["--server", &backend.base, "--token", &dana.token],
        ),
        "the console needs a terminal",
    );
}

#[test]
fn a_broken_config_file_names_its_line() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("config").join("chatdesk");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "server = \"http://127.0.0.1:7878\"\nbell = maybe\n",
    )
    .unwrap();
    refused(&console(home.path(), &[]), "config.toml:2:");
}
