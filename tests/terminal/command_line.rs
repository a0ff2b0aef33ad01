//! The command line: signing in (every way it can go wrong is one sentence, before the terminal
//! is touched), exit codes, data directories, completions and the manual page.

use crate::common;

use std::path::Path;
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

/// Exit codes (see `chatdesk man`): 1 failed while running, 2 used wrongly, 78 configured wrongly.
const FAILURE: i32 = 1;
const USAGE: i32 = 2;
const CONFIG: i32 = 78;

fn refused(output: &Output, code: i32, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
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
        USAGE,
        "is not a server address",
    );
    refused(
        &console(
            home.path(),
            &["--server", "http://127.0.0.1:9", "--token", "cda_x"],
        ),
        FAILURE,
        "cannot reach http://127.0.0.1:9",
    );
    let backend = common::Backend::start(None);
    refused(
        &console(
            home.path(),
            &["--server", &backend.base, "--token", "cda_wrong"],
        ),
        FAILURE,
        "refused this token",
    );
}

#[test]
fn without_a_terminal_the_console_says_so_instead_of_starting() {
    let home = tempfile::tempdir().unwrap();
    // Nothing configured: the console would open on a demo backend.
    refused(
        &console(home.path(), &[]),
        USAGE,
        "the console needs a terminal",
    );
    // Signed in to a real backend.
    let backend = common::Backend::start(None);
    let dana = backend.agent("dana", "billing");
    refused(
        &console(
            home.path(),
            &["--server", &backend.base, "--token", &dana.token],
        ),
        USAGE,
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
    refused(&console(home.path(), &[]), CONFIG, "config.toml:2:");
}

fn chatdesk(args: &[&str], dir: &Path) -> Output {
    Command::new(common::BIN)
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("CHATDESK_DATA_DIR")
        .env_remove("CHATDESK_DATABASE_URL")
        .output()
        .expect("chatdesk runs")
}

/// `backup` and `restore` copy SQLite's file: on a team whose environment names a PostgreSQL
/// database they say so and point to PostgreSQL's tools instead of copying a file nobody uses;
/// `agents` and `report` refuse an address that is not PostgreSQL's, naming the flag.
#[test]
fn sqlite_only_commands_say_so_on_postgres_and_a_wrong_database_address_is_named() {
    let home = tempfile::tempdir().unwrap();
    let on_postgres = |args: &[&str]| {
        Command::new(common::BIN)
            .args(args)
            .arg("--data-dir")
            .arg(home.path())
            .env(
                "CHATDESK_DATABASE_URL",
                "postgres://chatdesk@127.0.0.1:1/team",
            )
            .output()
            .expect("chatdesk runs")
    };
    let copy = home.path().join("copy.sqlite3");
    for args in [
        &["backup", copy.to_str().unwrap()][..],
        &["restore", copy.to_str().unwrap()],
    ] {
        let out = on_postgres(args);
        refused(
            &out,
            CONFIG,
            "CHATDESK_DATABASE_URL says this team is on PostgreSQL",
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
    }
    assert!(!copy.exists());
    for args in [
        &[
            "agents",
            "list",
            "--database",
            "mysql://db.example.com/team",
        ][..],
        &[
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-02",
            "--database",
            "team.db",
        ],
    ] {
        refused(&chatdesk(args, home.path()), CONFIG, "--database: ");
    }
}

#[test]
fn a_mistyped_data_directory_is_refused_and_nothing_is_created_there() {
    let home = tempfile::tempdir().unwrap();
    let typo = home.path().join("chatdsk");
    for args in [
        &["agents", "list"][..],
        &["agents", "token", "dana"],
        &["agents", "add", "dana", "--queues", "billing"],
    ] {
        let out = chatdesk(args, &typo);
        refused(&out, CONFIG, "there is no chatdesk database in");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--create"));
        assert!(!typo.exists(), "{args:?} created {}", typo.display());
    }
    let out = chatdesk(
        &[
            "agents", "add", "dana", "--queues", "billing", "--create", "--quiet",
        ],
        &typo,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = chatdesk(&["agents", "list"], &typo);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("dana"));
}

/// Several commands at once on a directory no database was made in yet: each creates or
/// migrates it under SQLite's lock in turn, and none fails with "database is locked" or finds a
/// table already made.
#[test]
fn commands_run_at_once_on_a_fresh_directory_all_succeed() {
    for round in 0..6 {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("team");
        let children: Vec<_> = (0..4)
            .map(|i| {
                Command::new(common::BIN)
                    .args(["agents", "add", &format!("agent{i}"), "--queues", "billing"])
                    .args(["--quiet", "--create", "--data-dir"])
                    .arg(&dir)
                    .env_remove("CHATDESK_DATA_DIR")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let list = chatdesk(&["agents", "list"], &dir);
        let listed = String::from_utf8_lossy(&list.stdout);
        let agents = listed.lines().filter(|l| l.starts_with("agent")).count();
        assert_eq!(agents, 4, "{listed}");
    }
}

#[test]
fn a_wrong_keymap_names_the_flag_and_flags_show_only_where_they_apply() {
    let home = tempfile::tempdir().unwrap();
    let out = console(home.path(), &["keys", "--keymap", "nope"]);
    refused(&out, USAGE, "--keymap \"nope\"");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("config.toml"));
    let out = console(home.path(), &["serve", "--token", "cda_x"]);
    assert_eq!(out.status.code(), Some(USAGE));
    let help = console(home.path(), &["serve", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("--addr")
            && !help.contains("--server")
            && !help.contains("--token")
            && !help.contains("--color"),
        "{help}"
    );
    // --color belongs to the console: `chatdesk` itself and `chatdesk demo`.
    for args in [&["--help"][..], &["demo", "--help"]] {
        let help = console(home.path(), args);
        let help = String::from_utf8_lossy(&help.stdout);
        assert!(
            help.contains("--color <WHEN>") && help.contains("NO_COLOR"),
            "{help}"
        );
    }
    let out = console(home.path(), &["--color", "sometimes"]);
    assert_eq!(out.status.code(), Some(USAGE));
}

#[test]
fn completions_and_the_manual_page_come_from_the_command_line_itself() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let out = console(home.path(), &["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for word in ["chatdesk", "serve", "agents", "loadtest", "--data-dir"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    // The bash script is one bash can read.
    let script = console(home.path(), &["completions", "bash"]).stdout;
    let file = home.path().join("chatdesk.bash");
    std::fs::write(&file, script).unwrap();
    let checked = Command::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );

    let man = console(home.path(), &["man"]);
    assert!(man.status.success());
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH chatdesk 1"),
        "{page}"
    );
    for word in ["serve", "loadtest", "Exit status", "78 configured wrongly"] {
        assert!(page.contains(word), "the manual page lacks {word}");
    }
}

/// A backup taken while customers keep writing holds every message acknowledged before it
/// began; restored (refused while the backend runs), the backend starts on it, the messages are
/// there and a stream resumes after an event of the copy with the events that follow it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_under_load_restores_every_acknowledged_message() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use chatdesk::protocol::EventBody;
    use reqwest::{Method, StatusCode};

    // Customers write as fast as they are answered: the limit on their pace is off.
    let mut backend = common::Backend::with_files(&[(
        "server.toml",
        "[limits]\ncustomer_messages_per_minute = 0\n",
    )]);
    let mut customers = Vec::new();
    for i in 0..6 {
        customers.push(backend.customer(&format!("Customer {i}"), "orders").await);
    }
    let acked = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut senders = Vec::new();
    for (created, client) in &customers {
        let (chat, client) = (created.id, client.clone());
        let (acked, stop) = (Arc::clone(&acked), Arc::clone(&stop));
        senders.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let body = format!("Message {n} about order 7{n:04}");
                let (status, message) = client.send(chat, &body, &format!("m{n}")).await;
                assert_eq!(status, StatusCode::CREATED);
                acked
                    .lock()
                    .unwrap()
                    .push((chat, message.seq, body, Instant::now()));
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(400)).await;

    let home = tempfile::tempdir().unwrap();
    let copy = home.path().join("monday.sqlite3");
    let began = Instant::now();
    let dir = backend.data_dir().to_path_buf();
    let taken = {
        let copy = copy.clone();
        let dir = dir.clone();
        tokio::task::spawn_blocking(move || chatdesk(&["backup", copy.to_str().unwrap()], &dir))
            .await
            .unwrap()
    };
    assert!(
        taken.status.success(),
        "{}",
        String::from_utf8_lossy(&taken.stderr)
    );
    assert!(String::from_utf8_lossy(&taken.stdout).contains("messages"));
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    for sender in senders {
        sender.await.unwrap();
    }
    let before: Vec<_> = acked
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, _, _, at)| *at < began)
        .cloned()
        .collect();
    assert!(
        before.len() > 20,
        "only {} messages before the backup",
        before.len()
    );

    // Not while the backend runs on the directory.
    let out = chatdesk(&["restore", copy.to_str().unwrap()], &dir);
    refused(&out, CONFIG, "already running");

    backend.kill_hard();
    let out = chatdesk(&["restore", copy.to_str().unwrap()], &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("kept as"), "{said}");
    backend.restart();

    for (created, client) in &customers {
        let client = common::Client::new(&backend.base, &client.token);
        let (status, messages): (_, Vec<chatdesk::protocol::Message>) = client
            .call(
                Method::GET,
                &format!("/api/v1/chats/{}/messages", created.id),
                None::<&()>,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let bodies: Vec<&str> = messages.iter().map(|m| m.body.as_str()).collect();
        let mine: Vec<_> = before.iter().filter(|m| m.0 == created.id).collect();
        for (_, _, body, _) in &mine {
            assert!(bodies.contains(&body.as_str()), "{body} was lost");
        }
        // A stream resuming after the first acknowledged message gets the next one at once.
        let (first, second) = (&messages[1], &messages[2]);
        let mut events = client
            .events(
                &format!("/api/v1/chats/{}/events", created.id),
                Some(first.seq),
            )
            .await;
        let next = events
            .until("the next message", |b| {
                matches!(b, EventBody::MessageCreated { .. })
            })
            .await;
        let EventBody::MessageCreated { message } = next.body else {
            unreachable!()
        };
        assert_eq!(message.seq, second.seq);
    }
}

/// `chatdesk check` names every problem in every file (one broken file does not hide the
/// next), exits 1 when there is one and 0 when there is none, and creates nothing.
#[test]
fn check_names_every_problem_by_file_and_line() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let good = chatdesk(&["check"], dir);
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    assert!(String::from_utf8_lossy(&good.stdout).contains("every file is valid"));
    let files = [
        (
            "server.toml",
            "[limits]\nnew_chat_per_minute = 3\n",
            "server.toml:2:",
        ),
        (
            "policy.toml",
            "[routing]\noffer_timeout_secs = 20\nmax_active_chats = 5\n",
            "policy.toml:3:",
        ),
        (
            "queues.toml",
            "[[queue]]\nid = \"billing\"\n",
            "queues.toml:1:",
        ),
        (
            "holidays.toml",
            "weekend = [\"someday\"]\n",
            "holidays.toml:1:",
        ),
        (
            "canned.toml",
            "[[response]]\nid = \"a\"\n",
            "canned.toml:1:",
        ),
        ("keys.toml", "[global]\nnope = \"quit\"\n", "keys.toml:2:"),
        (
            "theme.toml",
            "muted = { fg = \"gray\" }\nalert = { fg = \"purpel\" }\n",
            "theme.toml:2:16: \"purpel\" (fg of alert) is not a colour",
        ),
    ];
    for (name, text, _) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let keymap = dir.join("keys.toml");
    let theme = dir.join("theme.toml");
    let out = chatdesk(
        &[
            "check",
            "--keymap",
            keymap.to_str().unwrap(),
            "--theme",
            theme.to_str().unwrap(),
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(FAILURE));
    let said = String::from_utf8_lossy(&out.stdout);
    for (_, _, named) in files {
        assert!(said.contains(named), "{named} not named in:\n{said}");
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("7 problems"));
    let database = dir.join("chatdesk.sqlite3");
    assert!(!database.exists(), "check created a database");
}

/// `serve --config FILE` reads one configuration file kept outside the data directory: the
/// directory it names (relative to the file), its address; `check --config` names its mistakes.
#[test]
fn one_configuration_file_names_the_data_directory_and_check_reads_it() {
    use std::io::{BufRead, BufReader};
    let home = tempfile::tempdir().unwrap();
    let etc = home.path().join("etc");
    std::fs::create_dir_all(&etc).unwrap();
    let config = etc.join("chatdesk.toml");
    std::fs::write(
        &config,
        "[server]\nlisten = \"127.0.0.1:0\"\ndata_dir = \"../var/team\"\n\
         [limits]\nnew_chats_per_minute = 30\n",
    )
    .unwrap();
    let mut child = Command::new(common::BIN)
        .args(["serve", "--config"])
        .arg(&config)
        .env_remove("CHATDESK_DATA_DIR")
        .env_remove("CHATDESK_ADDR")
        .env("CHATDESK_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let listening = lines.next().unwrap().unwrap();
    let data = lines.next().unwrap().unwrap();
    common::stop_with_ctrl_c(&mut child, "chatdesk serve --config");
    assert!(
        listening.starts_with("chatdesk backend listening on http://127.0.0.1:"),
        "{listening}"
    );
    assert!(!listening.ends_with(":7878"), "{listening}");
    let team = etc.join("../var/team");
    assert_eq!(data, format!("data directory: {}", team.display()));
    assert!(team.join("chatdesk.sqlite3").exists());

    let check = |extra: &[&str]| {
        Command::new(common::BIN)
            .args(["check", "--config"])
            .arg(&config)
            .args(extra)
            .env_remove("CHATDESK_DATA_DIR")
            .output()
            .unwrap()
    };
    let good = check(&[]);
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stdout)
    );
    assert!(String::from_utf8_lossy(&good.stdout).contains(&team.display().to_string()));
    std::fs::write(
        &config,
        "[server]\ndata_dir = \"../var/team\"\nlisten = \"nowhere\"\n",
    )
    .unwrap();
    let bad = check(&[]);
    assert_eq!(bad.status.code(), Some(FAILURE));
    let said = String::from_utf8_lossy(&bad.stdout);
    assert!(said.contains("chatdesk.toml:3:"), "{said}");
    // The same file refused by serve, as a configuration error.
    let refused = Command::new(common::BIN)
        .args(["serve", "--config"])
        .arg(&config)
        .env_remove("CHATDESK_DATA_DIR")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(78));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("chatdesk.toml:3:"));
}

/// `serve --log-format json` writes one JSON object per line on standard error, and plain text
/// to a file or pipe carries no colour escapes.
#[test]
fn the_backend_logs_json_lines_or_plain_text() {
    for format in ["json", "text"] {
        let home = tempfile::tempdir().unwrap();
        let mut child = Command::new(common::BIN)
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--log-format",
                format,
                "--data-dir",
            ])
            .arg(home.path())
            .env_remove("CHATDESK_LOG")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Standard error read as it comes; the backend is stopped once it has said it started.
        let pipe = child.stderr.take().unwrap();
        let (lines, said) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufRead::lines(std::io::BufReader::new(pipe)) {
                let _ = lines.send(line.unwrap());
            }
        });
        let mut stderr = String::new();
        while !stderr.contains("backend started") {
            let line = said
                .recv_timeout(std::time::Duration::from_secs(30))
                .expect("the backend says it started");
            stderr.push_str(&line);
            stderr.push('\n');
        }
        let status = common::stop_with_ctrl_c(&mut child, "serve");
        assert!(status.success());
        stderr.extend(said.iter().map(|l| l + "\n"));
        assert!(stderr.contains("backend started"), "{stderr}");
        assert!(!stderr.contains('\u{1b}'), "colour escapes in {stderr:?}");
        for line in stderr.lines().filter(|_| format == "json") {
            let object: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
            assert!(object["level"].is_string() && object["fields"]["message"].is_string());
        }
    }
}

/// `docs/chatdesk.service` is a unit systemd accepts, sandboxed ("OK" exposure or better), and
/// its commands are ones this chatdesk runs.
#[test]
fn the_service_unit_is_valid_and_sandboxed() {
    let unit = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/chatdesk.service"),
    )
    .unwrap();
    for setting in [
        "DynamicUser=yes",
        "StateDirectory=chatdesk",
        "ProtectSystem=strict",
    ] {
        assert!(unit.contains(setting), "the unit lacks {setting}");
    }
    let home = tempfile::tempdir().unwrap();
    // The same unit, run from this build and without the manual page it names.
    let local = unit
        .replace("/usr/local/bin/chatdesk", common::BIN)
        .replace("Documentation=man:chatdesk(1)\n", "");
    let file = home.path().join("chatdesk.service");
    std::fs::write(&file, &local).unwrap();
    let verify = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&file)
        .output()
        .expect("systemd-analyze (Debian's systemd package) is installed");
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    let security = Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--threshold=20"])
        .arg(&file)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&security.stdout);
    assert!(security.status.success(), "{said}");
    // The commands it runs parse: `check` on an empty directory passes.
    for line in local.lines().filter(|l| l.starts_with("ExecStart")) {
        let words: Vec<&str> = line.split_once('=').unwrap().1.split_whitespace().collect();
        let mut args: Vec<String> = words[1..].iter().map(|w| (*w).to_string()).collect();
        let at = args.iter().position(|a| a == "--data-dir").unwrap();
        args[at + 1] = home.path().display().to_string();
        if args[0] == "check" {
            let out = Command::new(words[0]).args(&args).output().unwrap();
            assert!(out.status.success(), "{line}");
        } else {
            args.push("--help".into());
            let out = Command::new(words[0]).args(&args).output().unwrap();
            assert!(out.status.success(), "{line}");
        }
    }
}

/// `[server]` in server.toml sets where the backend listens and how it logs; `--addr` wins
/// over it.
#[test]
fn server_toml_sets_the_address_and_the_flag_wins() {
    let free_port = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    let (from_file, from_flag) = (free_port(), free_port());
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("server.toml"),
        format!("[server]\nlisten = \"127.0.0.1:{from_file}\"\nlog_format = \"json\"\n"),
    )
    .unwrap();
    for (flag, port) in [(None, from_file), (Some(from_flag), from_flag)] {
        let mut command = Command::new(common::BIN);
        command.args(["serve", "--data-dir"]).arg(home.path());
        if let Some(port) = flag {
            command.args(["--addr", &format!("127.0.0.1:{port}")]);
        }
        let mut child = command
            .env_remove("CHATDESK_ADDR")
            .env_remove("CHATDESK_LOG_FORMAT")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
            &mut first,
        )
        .unwrap();
        assert!(first.contains(&format!("127.0.0.1:{port}")), "{first}");
        assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());
        assert!(common::stop_with_ctrl_c(&mut child, "serve").success());
        let mut stderr = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
        let first_log = stderr.lines().next().unwrap_or_default();
        assert!(
            first_log.starts_with('{'),
            "JSON lines from server.toml: {stderr}"
        );
    }
}
