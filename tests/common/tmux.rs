//! The real console binary in a tmux server of the test's own.

use std::process::Command;
use std::time::{Duration, Instant};

use chatdesk::protocol::Message;
use reqwest::Method;

/// A tmux server of its own, so tests never touch the user's sessions.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start(command: &str, width: u16, height: u16) -> Tmux {
        let socket = format!(
            "chatdesk-test-{}-{}",
            std::process::id(),
            uuid::Uuid::now_v7().simple()
        );
        let status = Command::new("tmux")
            .args(["-L", &socket, "new-session", "-d", "-s", "console"])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .arg(command)
            .status()
            .expect("tmux is installed");
        assert!(status.success());
        Tmux { socket }
    }

    pub fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "console"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    pub fn text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "console", "-l", text])
            .status()
            .unwrap();
        assert!(status.success());
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "console"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The screen with its styles, as the escape sequences tmux keeps for each cell.
    pub fn screen_with_styles(&self) -> String {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "capture-pane",
                "-e",
                "-p",
                "-t",
                "console",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `what` (a guard against hanging, not a speed test).
    pub fn wait_for(&self, what: &str) -> String {
        let deadline = Instant::now() + super::PATIENCE;
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "never showed {what:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// The console binary signed in as `token`, with a home of its own, as a tmux command.
pub fn console_command(home: &std::path::Path, server: &str, token: &str) -> String {
    format!(
        "env HOME={home} XDG_CONFIG_HOME={home}/config XDG_DATA_HOME={home}/data XDG_STATE_HOME={home}/state {bin} --server {server} --token {token}",
        home = home.display(),
        bin = super::BIN,
    )
}

/// Waits until the customer's transcript holds `body` (a guard against hanging).
pub async fn customer_reads(
    customer: &super::Client,
    chat: uuid::Uuid,
    body: &str,
) -> Vec<Message> {
    let deadline = Instant::now() + super::PATIENCE;
    loop {
        let transcript: Vec<Message> = customer
            .ok(
                Method::GET,
                &format!("/api/v1/chats/{chat}/messages"),
                None::<&()>,
            )
            .await;
        if transcript.iter().any(|m| m.body == body) {
            return transcript;
        }
        assert!(
            Instant::now() < deadline,
            "{body:?} never reached the customer"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
