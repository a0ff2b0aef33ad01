//! Transcripts against a real backend: the file in three formats, and e-mail through a real
//! SMTP server (aiosmtpd from PyPI, in a virtual environment under `target/` that this test
//! creates when it is missing; `.ci/run` creates it too).

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chatdesk::client::ClientError;
use chatdesk::protocol::{ChatDetail, TranscriptEmailed};
use chatdesk::transcript::Format;
use common::{Backend, Client, PATIENCE};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

/// What a customer might send to attack whoever reads the transcript.
const HOSTILE: &str = "# heading\n[link](http://x) <img src=x onerror=alert(1)>\n\u{1b}]0;pwned\u{7}";

/// A small SMTP server that accepts everything except mail to `@refused.example.com` and
/// writes what arrives, decoded, as one JSON file per e-mail.
const INBOX_SERVER: &str = r#"
import asyncio, email, email.policy, json, pathlib, sys
from aiosmtpd.smtp import SMTP

inbox = pathlib.Path(sys.argv[1])

class Inbox:
    count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().endswith("@refused.example.com"):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        parts = []
        for part in message.walk():
            if part.is_multipart():
                continue
            content = part.get_content()
            if isinstance(content, bytes):
                content = content.decode("utf-8")
            parts.append({"type": part.get_content_type(), "filename": part.get_filename(),
                          "text": content})
        record = {"rcpt_tos": envelope.rcpt_tos, "from": str(message["From"]),
                  "to": str(message["To"]), "subject": str(message["Subject"]), "parts": parts}
        Inbox.count += 1
        path = inbox / f"{Inbox.count:03}.json"
        path.with_suffix(".part").write_text(json.dumps(record))
        path.with_suffix(".part").rename(path)
        return "250 Message accepted for delivery"

async def main():
    handler = Inbox()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()

asyncio.run(main())
"#;

/// A Python that can import aiosmtpd: the system's, else a virtual environment under
/// `target/tmp`, created and filled from PyPI the first time.
fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let has_aiosmtpd = |python: &Path| {
            Command::new(python)
                .args(["-c", "import aiosmtpd"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        let system = PathBuf::from("python3");
        if has_aiosmtpd(&system) {
            return system;
        }
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("aiosmtpd");
        let python = venv.join("bin/python");
        if !has_aiosmtpd(&python) {
            let status = Command::new("python3")
                .args(["-m", "venv"])
                .arg(&venv)
                .status()
                .expect("python3 is installed");
            assert!(status.success(), "python3 -m venv {} failed", venv.display());
            let status = Command::new(&python)
                .args(["-m", "pip", "install", "--quiet", "aiosmtpd"])
                .status()
                .expect("pip runs");
            assert!(status.success(), "pip install aiosmtpd failed");
        }
        python
    })
}

/// A real SMTP server on a free loopback port, stopped when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    inbox: tempfile::TempDir,
}

impl SmtpServer {
    fn start() -> SmtpServer {
        let inbox = tempfile::tempdir().expect("temp dir");
        let script = inbox.path().join("inbox_server.py");
        std::fs::write(&script, INBOX_SERVER).expect("script written");
        let mut child = Command::new(python())
            .arg(&script)
            .arg(inbox.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the SMTP server starts");
        let mut stderr = child.stderr.take().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .expect("readable output");
        let Ok(port) = first.trim().parse() else {
            let mut why = String::new();
            let _ = child.kill();
            let _ = stderr.read_to_string(&mut why);
            panic!("the SMTP server did not start: {first:?} {why}");
        };
        // Keep draining its log so it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        SmtpServer { child, port, inbox }
    }

    /// `mail.toml` for a backend that sends through this server.
    fn mail_toml(&self) -> String {
        mail_toml(self.port)
    }

    /// The e-mails received so far, oldest first.
    fn received(&self) -> Vec<Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.inbox.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        let read = |p: &PathBuf| serde_json::from_str(&std::fs::read_to_string(p).unwrap());
        files.iter().map(|p| read(p).unwrap()).collect()
    }

    /// Waits for the `n`th e-mail to arrive and returns it.
    async fn mail(&self, n: usize) -> Value {
        let start = Instant::now();
        loop {
            if let Some(mail) = self.received().into_iter().nth(n - 1) {
                return mail;
            }
            assert!(start.elapsed() < PATIENCE, "e-mail {n} never arrived");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn mail_toml(port: u16) -> String {
    format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\n\
         from = \"Acme Devices Support <support@example.com>\"\n"
    )
}

/// A port on which nothing listens.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Ana's chat with Dana: a hostile line from Ana, an answer from Dana. Returns Dana's client,
/// the chat's id and its day (UTC).
async fn ana_chats_with_dana(backend: &Backend) -> (Client, Uuid, String) {
    let dana = backend.agent("dana", "billing");
    dana.go_available().await;
    let (chat, ana) = backend.customer("Ana Lima", "billing").await;
    let detail: ChatDetail = dana.pick_up(chat.id).await;
    let (status, _) = ana
        .send(chat.id, "My invoice shows the wrong plan.", "c-1")
        .await;
    assert_eq!(status, StatusCode::CREATED);
    ana.send(chat.id, HOSTILE, "c-2").await;
    dana.send(chat.id, "Hello Ana, let me look at that invoice.", "a-1")
        .await;
    let day = detail.chat.created_at.to_zoned(jiff::tz::TimeZone::UTC).date();
    (dana, chat.id, day.to_string())
}

/// GETs the transcript; returns the content type, the content disposition and the body.
async fn download(agent: &Client, chat: Uuid, query: &str) -> (String, String, String) {
    let path = format!("/api/v1/chats/{chat}/transcript{query}");
    let response = agent.request(Method::GET, &path).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    let (media, disposition) = (header("content-type"), header("content-disposition"));
    (media, disposition, response.text().await.unwrap())
}

#[tokio::test]
async fn the_transcript_downloads_as_text_markdown_and_json_with_hostile_text_made_harmless() {
    let backend = Backend::start(None);
    let (dana, chat, day) = ana_chats_with_dana(&backend).await;

    let (media, disposition, text) = download(&dana, chat, "?format=text").await;
    assert_eq!(media, "text/plain; charset=utf-8");
    assert_eq!(
        disposition,
        format!("attachment; filename=\"chat-{day}-ana-lima.txt\"")
    );
    assert!(text.contains("Customer:      Ana Lima <ana.lima@example.com>\n"), "{text}");
    assert!(text.contains("Agent:         dana\n"), "{text}");
    assert!(text.contains("] Ana Lima: My invoice shows the wrong plan.\n"), "{text}");
    assert!(text.contains("] dana: Hello Ana, let me look at that invoice.\n"), "{text}");
    assert!(text.contains("␛]0;pwned␇"), "escapes shown, not obeyed: {text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
    let (_, _, default) = download(&dana, chat, "").await;
    assert_eq!(default, text, "text is the default");

    let (media, disposition, markdown) = download(&dana, chat, "?format=md").await;
    assert_eq!(media, "text/markdown; charset=utf-8");
    assert!(disposition.ends_with("-ana-lima.md\""), "{disposition}");
    assert!(markdown.starts_with("# Chat transcript\n"));
    assert!(markdown.contains("\n\\# heading\\\n"), "{markdown}");
    assert!(markdown.contains("\\[link\\]\\(http\\://x\\) \\<img src\\=x"), "{markdown}");
    assert!(!markdown.contains('\u{1b}'));
    for line in markdown.lines() {
        assert!(!line.starts_with("# h") && !line.starts_with('<'), "{line}");
    }

    let (media, disposition, json) = download(&dana, chat, "?format=json").await;
    assert_eq!(media, "application/json");
    assert!(disposition.ends_with("-ana-lima.json\""), "{disposition}");
    let detail: ChatDetail = serde_json::from_str(&json).unwrap();
    assert_eq!(detail.chat.id, chat);
    assert_eq!(detail.messages.len(), 3);
    assert_eq!(detail.messages[1].body, HOSTILE, "JSON keeps the text, escaped as JSON");
    assert!(!json.contains('\u{1b}'));

    // Times in the agent's zone when asked.
    let (_, _, lisbon) = download(&dana, chat, "?zone=Europe/Lisbon").await;
    assert!(lisbon.contains("Time zone:     Europe/Lisbon\n"), "{lisbon}");

    // The console's client asks for the same files.
    let client = chatdesk::client::Backend::new(&backend.base, &dana.token).unwrap();
    assert_eq!(client.transcript(chat, Format::Text).await.unwrap(), text);
    assert_eq!(client.transcript(chat, Format::Markdown).await.unwrap(), markdown);

    for (query, word) in [("?format=pdf", "pdf"), ("?zone=Mars/Olympus", "Mars/Olympus")] {
        let path = format!("/api/v1/chats/{chat}/transcript{query}");
        let (status, problem) = dana.problem(Method::GET, &path, None::<&()>).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem.detail.contains(word), "{}", problem.detail);
    }
}

#[tokio::test]
async fn only_the_chats_own_agent_gets_its_transcript() {
    let smtp = SmtpServer::start();
    let backend = Backend::with_files(&[("mail.toml", &smtp.mail_toml())]);
    let (_dana, chat, _) = ana_chats_with_dana(&backend).await;
    let erin = backend.agent("erin", "billing");
    let path = format!("/api/v1/chats/{chat}/transcript");
    let (status, _) = erin.problem(Method::GET, &path, None::<&()>).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let request = json!({"to": "erin@example.com"});
    let (status, _) = erin
        .problem(Method::POST, &format!("{path}/email"), Some(&request))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = erin
        .problem(Method::GET, &format!("/api/v1/chats/{}/transcript", Uuid::now_v7()), None::<&()>)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(smtp.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_transcript_arrives_by_email_through_the_relay() {
    let smtp = SmtpServer::start();
    let backend = Backend::with_files(&[("mail.toml", &smtp.mail_toml())]);
    let (dana, chat, day) = ana_chats_with_dana(&backend).await;
    let subject = format!("Your chat transcript from {day}");

    // Plain text, through the console's client.
    let client = chatdesk::client::Backend::new(&backend.base, &dana.token).unwrap();
    client
        .email_transcript(chat, "ana@example.com", Format::Text)
        .await
        .unwrap();
    let mail = smtp.mail(1).await;
    assert_eq!(mail["rcpt_tos"], json!(["ana@example.com"]));
    assert_eq!(mail["to"], "ana@example.com");
    assert_eq!(mail["from"], "Acme Devices Support <support@example.com>");
    assert_eq!(mail["subject"], subject.as_str());
    let parts = mail["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 1, "no attachment for text: {mail}");
    assert_eq!(parts[0]["type"], "text/plain");
    let body = parts[0]["text"].as_str().unwrap();
    assert!(body.contains("] Ana Lima: My invoice shows the wrong plan."), "{body}");
    assert!(body.contains("] dana: Hello Ana, let me look at that invoice."), "{body}");
    assert!(!body.contains('\u{1b}'), "{body}");

    // Markdown: the same text, and the Markdown file attached.
    let path = format!("/api/v1/chats/{chat}/transcript/email");
    let request = json!({"to": "bo@example.com", "format": "markdown"});
    let response = dana
        .request(Method::POST, &path)
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let sent: TranscriptEmailed = response.json().await.unwrap();
    let file_name = format!("chat-{day}-ana-lima.md");
    assert_eq!(sent.to, "bo@example.com");
    assert_eq!(sent.subject, subject);
    assert_eq!(sent.format, Format::Markdown);
    assert_eq!(sent.attachment.as_deref(), Some(file_name.as_str()));
    let mail = smtp.mail(2).await;
    assert_eq!(mail["to"], "bo@example.com");
    let parts = mail["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2, "{mail}");
    assert_eq!(parts[0]["text"].as_str().unwrap(), body, "the same text");
    assert_eq!(parts[1]["type"], "text/markdown");
    assert_eq!(parts[1]["filename"], file_name.as_str());
    let attached = parts[1]["text"].as_str().unwrap();
    assert_eq!(attached, download(&dana, chat, "?format=markdown").await.2);

    // A bad address never reaches the relay.
    for to in ["ana", "Ana <ana@example.com>", "a@example.com, b@example.com", ""] {
        let (status, problem) = dana
            .problem(Method::POST, &path, Some(&json!({ "to": to })))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{to:?}");
        assert!(problem.detail.contains("not an e-mail address"), "{}", problem.detail);
    }
    assert_eq!(smtp.received().len(), 2);
}

#[tokio::test]
async fn e_mail_without_mail_toml_is_refused_with_a_sentence() {
    let backend = Backend::start(None);
    let (dana, chat, _) = ana_chats_with_dana(&backend).await;
    let path = format!("/api/v1/chats/{chat}/transcript/email");
    let (status, problem) = dana
        .problem(Method::POST, &path, Some(&json!({"to": "ana@example.com"})))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        problem.detail.starts_with("E-mail is not set up on this backend: add mail.toml to "),
        "{}",
        problem.detail
    );
    let client = chatdesk::client::Backend::new(&backend.base, &dana.token).unwrap();
    let refused = client
        .email_transcript(chat, "ana@example.com", Format::Json)
        .await
        .unwrap_err();
    assert_eq!(refused.problem().map(|p| p.status), Some(409), "{refused:?}");
}

#[tokio::test]
async fn a_relay_that_is_down_or_says_no_is_a_502_naming_its_answer() {
    let down = Backend::with_files(&[("mail.toml", &mail_toml(closed_port()))]);
    let (dana, chat, _) = ana_chats_with_dana(&down).await;
    let path = format!("/api/v1/chats/{chat}/transcript/email");
    let start = Instant::now();
    let (status, problem) = dana
        .problem(Method::POST, &path, Some(&json!({"to": "ana@example.com"})))
        .await;
    assert!(start.elapsed() < Duration::from_secs(5), "promptly");
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(
        problem.detail.contains("could not be reached (connection refused)"),
        "{}",
        problem.detail
    );

    let smtp = SmtpServer::start();
    let backend = Backend::with_files(&[("mail.toml", &smtp.mail_toml())]);
    let (dana, chat, _) = ana_chats_with_dana(&backend).await;
    let client = chatdesk::client::Backend::new(&backend.base, &dana.token).unwrap();
    let refused = client
        .email_transcript(chat, "nobody@refused.example.com", Format::Text)
        .await
        .unwrap_err();
    let ClientError::Refused(problem) = &refused else {
        panic!("the relay's refusal is shown to the agent: {refused:?}")
    };
    assert_eq!(problem.status, 502);
    assert!(
        problem.detail.contains("refused the e-mail: 550 5.1.1 No such mailbox here"),
        "{}",
        problem.detail
    );
    assert!(smtp.received().is_empty());
}

#[test]
fn a_broken_mail_toml_stops_the_backend_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mail.toml");
    std::fs::write(
        &file,
        "[smtp]\nhost = \"smtp.example.com\"\nsecurity = \"none\"\nfrom = \"support@example.com\"\n",
    )
    .unwrap();
    let out = Command::new(common::BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!("{}:2:8: security = \"none\"", file.display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).is_empty(), "never listened");
}
