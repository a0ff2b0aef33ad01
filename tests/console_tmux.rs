//! The real console binary in tmux against a real backend: an agent goes available, accepts an
//! offer with a key, answers, and a second chat splits the screen.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use chatdesk::protocol::{Message, Party};
use common::Backend;
use reqwest::Method;

/// A tmux server of its own, so tests never touch the user's sessions.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(command: &str, width: u16, height: u16) -> Tmux {
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

    fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "console"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "console", "-l", text])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "console"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `what` (a guard against hanging, not a speed test).
    fn wait_for(&self, what: &str) -> String {
        let deadline = Instant::now() + common::PATIENCE;
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

/// Waits until the customer's transcript holds `body` (a guard against hanging).
async fn customer_reads(customer: &common::Client, chat: uuid::Uuid, body: &str) -> Vec<Message> {
    let deadline = Instant::now() + common::PATIENCE;
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

#[tokio::test]
async fn an_agent_accepts_answers_and_gets_a_second_chat_in_tmux() {
    let backend = Backend::start(None);
    let agent = backend.agent("dana", "billing,device");
    let home = tempfile::tempdir().unwrap();
    let command = format!(
        "env HOME={home} XDG_CONFIG_HOME={home}/config XDG_DATA_HOME={home}/data {bin} --server {server} --token {token}",
        home = home.path().display(),
        bin = common::BIN,
        server = backend.base,
        token = agent.token,
    );
    let tmux = Tmux::start(&command, 140, 40);
    tmux.wait_for("OFFLINE");
    tmux.keys(&["F2"]);
    tmux.wait_for("AVAILABLE");

    let (chat, customer) = backend.customer("Ana Lima", "billing").await;
    customer
        .send(chat.id, "Hello, is my refund on its way?", "c-1")
        .await;
    tmux.wait_for("New chat offered");
    tmux.keys(&["F3"]);
    tmux.wait_for("Hello, is my refund on its way?");
    tmux.text("Hi Ana, yes: it left on Monday.");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Hi Ana, yes: it left on Monday.");

    // The customer reads the answer through the API, once.
    let transcript = customer_reads(&customer, chat.id, "Hi Ana, yes: it left on Monday.").await;
    assert_eq!(
        transcript
            .iter()
            .filter(|m| m.author == Party::Agent)
            .count(),
        1
    );

    // A canned response by shortcode: Tab expands it in the composer, Enter sends it.
    tmux.text("/else");
    tmux.keys(&["Tab"]);
    tmux.wait_for("Is there anything else I can help you with today?");
    tmux.keys(&["Enter"]);
    customer_reads(
        &customer,
        chat.id,
        "Is there anything else I can help you with today?",
    )
    .await;

    // A second chat: the screen splits and the first pane keeps its transcript.
    backend.customer("Bo Chen", "device").await;
    tmux.wait_for("New chat offered");
    tmux.keys(&["F3"]);
    let screen = tmux.wait_for("Bo Chen · Device");
    assert!(screen.contains("Ana Lima · Billing"), "{screen}");
    assert!(screen.contains("chats 2/2"), "{screen}");
    tmux.keys(&["C-q"]);
}
