//! A real `chatdesk serve` on an ephemeral port with a temporary data directory, and a small
//! HTTP client for it. Tests talk to it exactly as the console and the web page do.

#![allow(dead_code)]

mod client;
mod events;
pub mod nodes;
pub mod tmux;

pub use client::Client;
pub use events::Events;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chatdesk::protocol::{ChatCreated, NewChat};
use reqwest::{Method, StatusCode};

pub const BIN: &str = env!("CARGO_BIN_EXE_chatdesk");

/// Longest a test waits for something that should happen; only a guard against hanging.
pub const PATIENCE: Duration = Duration::from_secs(15);

pub struct Backend {
    pub dir: tempfile::TempDir,
    pub base: String,
    child: Option<Child>,
    port: u16,
    /// The PostgreSQL database it runs on (else SQLite in `dir`).
    pub database: Option<String>,
}

impl Backend {
    /// Starts a backend; `policy` (TOML) overrides the built-in policy when given.
    pub fn start(policy: Option<&str>) -> Backend {
        match policy {
            Some(policy) => Backend::with_files(&[("policy.toml", policy)]),
            None => Backend::with_files(&[]),
        }
    }

    /// Starts a backend whose data directory holds these files (overrides of the data files).
    pub fn with_files(files: &[(&str, &str)]) -> Backend {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("data file");
        }
        let (child, base, port) = launch(dir.path(), 0);
        Backend {
            dir,
            base,
            child: Some(child),
            port,
            database: None,
        }
    }

    /// Starts a backend on the PostgreSQL database at `url`, with a data directory of its own
    /// holding `files`; its log, at `info`, is written to [`Backend::LOG`] there.
    pub fn on_database(url: &str, files: &[(&str, &str)]) -> Backend {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("data file");
        }
        let log = dir.path().join(Backend::LOG);
        let (child, base, port) = launch_on(dir.path(), 0, Some(&log), Some(url));
        Backend {
            dir,
            base,
            child: Some(child),
            port,
            database: Some(url.to_string()),
        }
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| c.try_wait().ok().flatten().is_none())
    }

    /// Starts a backend like [`Backend::with_files`] whose log, at `info`, is written to
    /// [`Backend::LOG`] in its data directory.
    pub fn logging(files: &[(&str, &str)]) -> Backend {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("data file");
        }
        let log = dir.path().join(Backend::LOG);
        let (child, base, port) = launch_logging(dir.path(), 0, Some(&log));
        Backend {
            dir,
            base,
            child: Some(child),
            port,
            database: None,
        }
    }

    /// The log file of a backend started with [`Backend::logging`].
    pub const LOG: &str = "serve.log";

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// Kills the process without warning (SIGKILL), like a power cut to the process.
    pub fn kill_hard(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("kill");
            child.wait().expect("wait");
        }
    }

    /// Stops the process with SIGTERM, as a service manager does; returns how it exited and
    /// how long that took (a process still running after [`PATIENCE`] fails the test).
    pub fn terminate(&mut self) -> (std::process::ExitStatus, Duration) {
        let mut child = self.child.take().expect("running");
        let asked = std::time::Instant::now();
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        loop {
            if let Some(status) = child.try_wait().expect("the child can be waited for") {
                return (status, asked.elapsed());
            }
            if asked.elapsed() > PATIENCE {
                let _ = child.kill();
                panic!("the backend was still running {PATIENCE:?} after SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Starts again on the same port and data directory.
    pub fn restart(&mut self) {
        self.kill_hard();
        let log = self
            .database
            .as_ref()
            .map(|_| self.dir.path().join(Backend::LOG));
        let (child, base, _) = launch_on(
            self.dir.path(),
            self.port,
            log.as_deref(),
            self.database.as_deref(),
        );
        self.child = Some(child);
        self.base = base;
    }

    /// Adds an agent with the CLI and returns a signed-in client.
    pub fn agent(&self, name: &str, queues: &str) -> Client {
        self.person(name, "agent", queues)
    }

    pub fn person(&self, name: &str, role: &str, queues: &str) -> Client {
        let out = Command::new(BIN)
            .args([
                "agents",
                "add",
                name,
                "--role",
                role,
                "--quiet",
                "--data-dir",
            ])
            .arg(self.dir.path())
            .args(["--queues", queues])
            .args(
                self.database
                    .iter()
                    .flat_map(|url| ["--database", url.as_str()]),
            )
            .env_remove("CHATDESK_DATABASE_URL")
            .output()
            .expect("chatdesk agents add");
        assert!(
            out.status.success(),
            "agents add failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
        Client::new(&self.base, &token)
    }

    /// Two agents serving `queues`, listening, and available — `first` for longer, so it is
    /// offered first.
    pub async fn two_available(&self, queues: &str) -> ((Client, Events), (Client, Events)) {
        let first = self.agent("first", queues);
        let second = self.agent("second", queues);
        let first_events = first.agent_events().await;
        let second_events = second.agent_events().await;
        first.go_available().await;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        second.go_available().await;
        ((first, first_events), (second, second_events))
    }

    pub fn anonymous(&self) -> Client {
        Client::new(&self.base, "")
    }

    /// A customer asks for a chat; returns the creation answer and the customer's client.
    pub async fn customer(&self, name: &str, reason: &str) -> (ChatCreated, Client) {
        let new = NewChat {
            name: name.to_string(),
            email: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
            reason: reason.to_string(),
            client_id: None,
        };
        let (status, created): (_, ChatCreated) = self
            .anonymous()
            .call(Method::POST, "/api/v1/chats", Some(&new))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let client = Client::new(&self.base, &created.token);
        (created, client)
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.kill_hard();
    }
}

/// Starts `chatdesk serve` on a data directory holding `files`, expecting it to refuse to start;
/// returns its exit status and standard error, and the directory (for the expected paths).
pub fn refused_start(
    files: &[(&str, &str)],
) -> (std::process::ExitStatus, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("data file");
    }
    let out = Command::new(BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .output()
        .expect("chatdesk serve runs");
    assert!(!out.status.success(), "the backend started");
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        dir,
    )
}

/// Makes a Python virtual environment at `venv` and installs `requirement` from PyPI into it.
pub fn python_venv(venv: &Path, requirement: &str) {
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(venv)
        .status()
        .expect("python3 is installed");
    assert!(
        status.success(),
        "python3 -m venv {} failed",
        venv.display()
    );
    let status = Command::new(venv.join("bin/python"))
        .args(["-m", "pip", "install", "--quiet", requirement])
        .status()
        .expect("pip runs");
    assert!(status.success(), "pip install {requirement} failed");
}

fn launch(dir: &Path, port: u16) -> (Child, String, u16) {
    launch_logging(dir, port, None)
}

fn launch_logging(dir: &Path, port: u16, log: Option<&Path>) -> (Child, String, u16) {
    launch_on(dir, port, log, None)
}

/// Starts `serve` on `dir`, on SQLite there or on the PostgreSQL `database`.
fn launch_on(
    dir: &Path,
    port: u16,
    log: Option<&Path>,
    database: Option<&str>,
) -> (Child, String, u16) {
    use std::io::{BufRead, BufReader};
    let (level, stderr) = match log {
        Some(path) => (
            "info",
            Stdio::from(std::fs::File::create(path).expect("log file")),
        ),
        None => ("warn", Stdio::inherit()),
    };
    let mut command = Command::new(BIN);
    command.env_remove("CHATDESK_DATABASE_URL");
    if let Some(url) = database {
        command.env("CHATDESK_DATABASE_URL", url);
    }
    let mut child = command
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(dir)
        .env("CHATDESK_LOG", level)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("start chatdesk serve");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let first = lines
        .next()
        .expect("the backend printed nothing")
        .expect("readable output");
    let base = first
        .strip_prefix("chatdesk backend listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .trim()
        .to_string();
    std::thread::spawn(move || for _ in lines {});
    let port = base.rsplit(':').next().unwrap().parse().unwrap();
    (child, base, port)
}

/// Sends Ctrl-C (SIGINT) to `child` and waits for it to exit, at most [`PATIENCE`]: a process
/// that does not stop is killed and the test fails instead of hanging.
pub fn stop_with_ctrl_c(child: &mut Child, what: &str) -> std::process::ExitStatus {
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            return status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what} was still running {PATIENCE:?} after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
