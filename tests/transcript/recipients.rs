//! Who a transcript may be e-mailed to: the chat's own customer, or an address at a domain the
//! operator allows in `mail.toml`; every attempt is logged with its recipient.

use std::path::Path;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::ana_chats_with_dana;
use crate::common::{Backend, PATIENCE};
use crate::smtp::SmtpServer;

#[tokio::test]
async fn a_transcript_goes_only_to_its_customer_unless_the_operator_allows_a_domain() {
    let smtp = SmtpServer::start();
    let backend = Backend::with_files(&[("mail.toml", &smtp.mail_toml())]);
    let (dana, chat, _) = ana_chats_with_dana(&backend).await;
    let path = format!("/api/v1/chats/{chat}/transcript/email");

    let (status, problem) = dana
        .problem(Method::POST, &path, Some(&json!({"to": "bo@example.com"})))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(problem.kind, "/problems/recipient-not-allowed");
    for part in [
        "(ana.lima@example.com)",
        "bo@example.com is neither",
        "mail.toml",
    ] {
        assert!(problem.detail.contains(part), "{part}: {}", problem.detail);
    }
    let (status, _): (_, Value) = dana
        .call(
            Method::POST,
            &path,
            Some(&json!({"to": "ANA.LIMA@example.com"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::ACCEPTED,
        "the customer's own address, in any case"
    );
    smtp.mail(1).await;

    let allowing = smtp.mail_toml_allowing(&["acme.example"]);
    let backend = Backend::with_files(&[("mail.toml", &allowing)]);
    let (dana, chat, _) = ana_chats_with_dana(&backend).await;
    let path = format!("/api/v1/chats/{chat}/transcript/email");
    let (status, _): (_, Value) = dana
        .call(
            Method::POST,
            &path,
            Some(&json!({"to": "lee@acme.example"})),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(smtp.mail(2).await["rcpt_tos"], json!(["lee@acme.example"]));
    let (status, problem) = dana
        .problem(
            Method::POST,
            &path,
            Some(&json!({"to": "lee@eu.acme.example"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        problem.detail.contains("or to addresses at acme.example"),
        "{}",
        problem.detail
    );
    assert_eq!(
        smtp.received().len(),
        2,
        "nothing refused reached the relay"
    );
}

/// `text` without terminal colour codes (`ESC [ … m`).
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Waits until the log holds a line with every one of `parts`, and returns it.
async fn logged(log: &Path, parts: &[&str]) -> String {
    let start = Instant::now();
    loop {
        let text = plain(&std::fs::read_to_string(log).unwrap_or_default());
        if let Some(line) = text.lines().find(|l| parts.iter().all(|p| l.contains(p))) {
            return line.to_string();
        }
        assert!(
            start.elapsed() < PATIENCE,
            "no log line with {parts:?}:\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_log_names_each_recipient_sent_to_or_refused() {
    let smtp = SmtpServer::start();
    let backend = Backend::logging(&[("mail.toml", &smtp.mail_toml())]);
    let log = backend.data_dir().join(Backend::LOG);
    let (dana, chat, _) = ana_chats_with_dana(&backend).await;
    let path = format!("/api/v1/chats/{chat}/transcript/email");

    let (status, _): (_, Value) = dana
        .call(
            Method::POST,
            &path,
            Some(&json!({"to": "ana.lima@example.com"})),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    logged(&log, &["transcript e-mailed", "to=ana.lima@example.com"]).await;
    let (status, _) = dana
        .problem(Method::POST, &path, Some(&json!({"to": "bo@example.com"})))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    logged(&log, &["transcript not e-mailed", "to=bo@example.com"]).await;
}
