//! A real `chatdesk serve` on an ephemeral port with a temporary data directory, and a small
//! HTTP client for it. Tests talk to it exactly as the console and the web page do.

#![allow(dead_code)]

pub mod tmux;

use std::path::Path;
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chatdesk::protocol::{
    ChatCreated, ChatDetail, Event, EventBody, Message, NewChat, NewMessage, Presence,
    PresenceChange, Problem,
};
use futures::{Stream, StreamExt};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_chatdesk");

/// Longest a test waits for something that should happen; only a guard against hanging.
pub const PATIENCE: Duration = Duration::from_secs(15);

pub struct Backend {
    pub dir: tempfile::TempDir,
    pub base: String,
    child: Option<Child>,
    port: u16,
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
        }
    }

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

    /// Starts again on the same port and data directory.
    pub fn restart(&mut self) {
        self.kill_hard();
        let (child, base, _) = launch(self.dir.path(), self.port);
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

fn launch(dir: &Path, port: u16) -> (Child, String, u16) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(dir)
        .env("CHATDESK_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
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

#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub token: String,
    http: reqwest::Client,
}

impl Client {
    pub fn new(base: &str, token: &str) -> Client {
        Client {
            base: base.to_string(),
            token: token.to_string(),
            http: reqwest::Client::new(),
        }
    }

    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let request = self.http.request(method, format!("{}{path}", self.base));
        if self.token.is_empty() {
            request
        } else {
            request.bearer_auth(&self.token)
        }
    }

    /// Sends JSON (or nothing) and returns the status and the body as `T`.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> (StatusCode, T) {
        let mut request = self.request(method.clone(), path);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let text = response.text().await.expect("body");
        let value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{method} {path} → {status}: {e}: {text}"));
        (status, value)
    }

    /// Expects success and returns the body.
    pub async fn ok<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> T {
        let (status, value): (_, Value) = self.call(method.clone(), path, body).await;
        assert!(status.is_success(), "{method} {path} → {status}: {value}");
        serde_json::from_value(value).expect("expected shape")
    }

    /// Expects an error and returns the problem, checking its media type.
    pub async fn problem(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> (StatusCode, Problem) {
        let mut request = self.request(method, path);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let media = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string());
        assert_eq!(media.as_deref(), Some("application/problem+json"));
        let problem: Problem = response.json().await.expect("problem body");
        assert_eq!(problem.status, status.as_u16());
        assert!(
            problem.detail.ends_with('.'),
            "a sentence: {}",
            problem.detail
        );
        (status, problem)
    }

    pub async fn presence(&self, presence: Presence) -> StatusCode {
        let response = self
            .request(Method::PUT, "/api/v1/me/presence")
            .json(&PresenceChange { presence })
            .send()
            .await
            .unwrap();
        response.status()
    }

    pub async fn send(
        &self,
        chat: uuid::Uuid,
        body: &str,
        client_msg_id: &str,
    ) -> (StatusCode, Message) {
        self.call(
            Method::POST,
            &format!("/api/v1/chats/{chat}/messages"),
            Some(&NewMessage {
                body: body.to_string(),
                client_msg_id: client_msg_id.to_string(),
            }),
        )
        .await
    }

    /// Declines an offer (expects `204`).
    pub async fn decline(&self, offer: uuid::Uuid) {
        let path = format!("/api/v1/offers/{offer}/decline");
        let response = self.request(Method::POST, &path).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{path}");
    }

    /// Accepts an offer (expects success).
    pub async fn accept(&self, offer: uuid::Uuid) -> ChatDetail {
        let path = format!("/api/v1/offers/{offer}/accept");
        self.ok(Method::POST, &path, None::<&()>).await
    }

    /// Picks a chat up from its queue (expects success).
    pub async fn pick_up(&self, chat: uuid::Uuid) -> ChatDetail {
        let path = format!("/api/v1/chats/{chat}/pickup");
        self.ok(Method::POST, &path, None::<&()>).await
    }

    /// Ends a chat (expects success); customers get a CustomerChat, agents an AgentChat.
    pub async fn end<T: DeserializeOwned>(&self, chat: uuid::Uuid) -> T {
        let path = format!("/api/v1/chats/{chat}/end");
        self.ok(Method::POST, &path, None::<&()>).await
    }

    /// Sets presence to available (expects success).
    pub async fn go_available(&self) {
        assert_eq!(self.presence(Presence::Available).await, StatusCode::OK);
    }

    /// The agent's own event stream, from now.
    pub async fn agent_events(&self) -> Events {
        self.events("/api/v1/me/events", None).await
    }

    /// Sends a message expected to be refused; returns the status.
    pub async fn send_refused(&self, chat: uuid::Uuid, body: &str) -> StatusCode {
        let (status, _) = self
            .problem(
                Method::POST,
                &format!("/api/v1/chats/{chat}/messages"),
                Some(&NewMessage {
                    body: body.to_string(),
                    client_msg_id: uuid::Uuid::now_v7().to_string(),
                }),
            )
            .await;
        status
    }

    /// Opens an event stream, resuming after `last_event_id` when given.
    pub async fn events(&self, path: &str, last_event_id: Option<i64>) -> Events {
        let mut request = self.request(Method::GET, path);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request.send().await.expect("stream opened");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/event-stream")
        );
        Events {
            inner: Box::pin(eventsource_stream::EventStream::new(
                response.bytes_stream(),
            )),
        }
    }
}

type Raw = Pin<
    Box<
        dyn Stream<
                Item = Result<
                    eventsource_stream::Event,
                    eventsource_stream::EventStreamError<reqwest::Error>,
                >,
            > + Send,
    >,
>;

pub struct Events {
    inner: Raw,
}

impl Events {
    /// The next event, checking that the SSE id and name agree with the JSON.
    pub async fn next(&mut self) -> Option<Event> {
        let raw = tokio::time::timeout(PATIENCE, self.inner.next())
            .await
            .ok()??;
        let raw = raw.expect("a well-formed event");
        let event: Event = serde_json::from_str(&raw.data).expect("event JSON");
        assert_eq!(raw.id, event.id.to_string());
        assert_eq!(raw.event, event.body.kind());
        Some(event)
    }

    /// The next event within `wait`, or `None`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<Event> {
        let raw = tokio::time::timeout(wait, self.inner.next()).await.ok()??;
        Some(serde_json::from_str(&raw.ok()?.data).expect("event JSON"))
    }

    /// Skips events until one matches.
    pub async fn until(&mut self, what: &str, matches: impl Fn(&EventBody) -> bool) -> Event {
        loop {
            let event = self
                .next()
                .await
                .unwrap_or_else(|| panic!("the stream ended before {what}"));
            if matches(&event.body) {
                return event;
            }
        }
    }

    /// Waits for the next offer and returns its id.
    pub async fn offer(&mut self) -> chatdesk::protocol::Offer {
        match self
            .until("an offer", |b| matches!(b, EventBody::OfferCreated { .. }))
            .await
            .body
        {
            EventBody::OfferCreated { offer } => *offer,
            _ => unreachable!(),
        }
    }
}
