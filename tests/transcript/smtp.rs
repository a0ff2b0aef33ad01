//! A real SMTP server for the e-mail tests: aiosmtpd, run by Python.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::PATIENCE;

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
            crate::common::python_venv(&venv, "aiosmtpd");
        }
        python
    })
}

/// A real SMTP server on a free loopback port, stopped when dropped.
pub struct SmtpServer {
    child: Child,
    port: u16,
    inbox: tempfile::TempDir,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
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
    pub fn mail_toml(&self) -> String {
        mail_toml(self.port)
    }

    /// The same, allowing transcripts to any address at `domains` too.
    pub fn mail_toml_allowing(&self, domains: &[&str]) -> String {
        let listed: Vec<String> = domains.iter().map(|d| format!("{d:?}")).collect();
        format!(
            "{}\n[transcripts]\nallowed_domains = [{}]\n",
            self.mail_toml(),
            listed.join(", ")
        )
    }

    /// The e-mails received so far, oldest first.
    pub fn received(&self) -> Vec<Value> {
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
    pub async fn mail(&self, n: usize) -> Value {
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

pub fn mail_toml(port: u16) -> String {
    format!(
        "[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\n\
         from = \"Acme Devices Support <support@example.com>\"\n"
    )
}

/// A port on which nothing listens.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}
