//! The transcript by e-mail through a real SMTP server.

use std::process::Command;
use std::time::{Duration, Instant};

use chatdesk::client::ClientError;
use chatdesk::protocol::{ChatDetail, TranscriptEmailed};
use chatdesk::transcript::Format;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{self, Backend};
use crate::smtp::{SmtpServer, closed_port, mail_toml};
use crate::{ana_chats_with_dana, download};

#[tokio::test]
async fn a_transcript_arrives_by_email_through_the_relay() {
    let smtp = SmtpServer::start();
    let backend = Backend::with_files(&[("mail.toml", &smtp.mail_toml())]);
    let (dana, chat, day) = ana_chats_with_dana(&backend).await;
    let subject = format!("Your chat transcript from {day}");

    // Plain text, through the console's client.
    let client = chatdesk::client::Backend::new(&backend.base, &dana.token).unwrap();
    client
        .email_transcript(chat, "ana.lima@example.com", Format::Text)
        .await
        .unwrap();
    let mail = smtp.mail(1).await;
    assert_eq!(mail["rcpt_tos"], json!(["ana.lima@example.com"]));
    assert_eq!(mail["to"], "ana.lima@example.com");
    assert_eq!(mail["from"], "Acme Devices Support <support@example.com>");
    assert_eq!(mail["subject"], subject.as_str());
    let parts = mail["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 1, "no attachment for text: {mail}");
    assert_eq!(parts[0]["type"], "text/plain");
    let body = parts[0]["text"].as_str().unwrap();
    assert!(
        body.contains("] Ana Lima: My invoice shows the wrong plan."),
        "{body}"
    );
    assert!(
        body.contains("] dana: Hello Ana, let me look at that invoice."),
        "{body}"
    );
    assert!(!body.contains('\u{1b}'), "{body}");

    // Markdown: the same text, and the Markdown file attached.
    let path = format!("/api/v1/chats/{chat}/transcript/email");
    let request = json!({"to": "Ana.Lima@example.com", "format": "markdown"});
    let response = dana
        .request(Method::POST, &path)
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let sent: TranscriptEmailed = response.json().await.unwrap();
    let file_name = format!("chat-{day}-ana-lima.md");
    assert_eq!(sent.to, "Ana.Lima@example.com");
    assert_eq!(sent.subject, subject);
    assert_eq!(sent.format, Format::Markdown);
    assert_eq!(sent.attachment.as_deref(), Some(file_name.as_str()));
    let mail = smtp.mail(2).await;
    assert_eq!(mail["to"], "Ana.Lima@example.com");
    let parts = mail["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2, "{mail}");
    assert_eq!(
        parts[0]["text"].as_str().unwrap().trim_end(),
        body.trim_end(),
        "the same text"
    );
    assert_eq!(parts[1]["type"], "text/markdown");
    assert_eq!(parts[1]["filename"], file_name.as_str());
    // Text travels by e-mail with CRLF line endings.
    let attached = parts[1]["text"].as_str().unwrap().replace("\r\n", "\n");
    assert_eq!(attached, download(&dana, chat, "?format=markdown").await.2);

    // JSON: the chat itself, attached.
    let request = json!({"to": "ana.lima@example.com", "format": "json", "zone": "Europe/Lisbon"});
    let response = dana
        .request(Method::POST, &path)
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let mail = smtp.mail(3).await;
    let parts = mail["parts"].as_array().unwrap();
    assert!(parts[0]["text"].as_str().unwrap().contains("Europe/Lisbon"));
    assert_eq!(parts[1]["type"], "application/json");
    let attached: ChatDetail = serde_json::from_str(parts[1]["text"].as_str().unwrap()).unwrap();
    assert_eq!(attached.chat.id, chat);
    assert_eq!(attached.messages.len(), 3);

    // A bad address, or one that parses but nobody can write to, never reaches the relay.
    for (to, why) in [
        ("ana", "not an e-mail address"),
        ("Ana <ana.lima@example.com>", "not an e-mail address"),
        ("a@example.com, b@example.com", "not an e-mail address"),
        ("", "not an e-mail address"),
        ("x@[127.0.0.1]", "names a server by its IP address"),
        ("\"a b\"@example.com", "has a quoted name before the @"),
        ("ana@localhost", "has no dot"),
    ] {
        let (status, problem) = dana
            .problem(Method::POST, &path, Some(&json!({ "to": to })))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{to:?}");
        assert!(problem.detail.contains(why), "{to:?}: {}", problem.detail);
    }
    assert_eq!(smtp.received().len(), 3);
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
        problem
            .detail
            .starts_with("E-mail is not set up on this backend: add mail.toml to "),
        "{}",
        problem.detail
    );
    let client = chatdesk::client::Backend::new(&backend.base, &dana.token).unwrap();
    let refused = client
        .email_transcript(chat, "ana@example.com", Format::Json)
        .await
        .unwrap_err();
    assert_eq!(
        refused.problem().map(|p| p.status),
        Some(409),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_relay_that_is_down_or_says_no_is_a_502_naming_its_answer() {
    let down = Backend::with_files(&[("mail.toml", &mail_toml(closed_port()))]);
    let (dana, chat, _) = ana_chats_with_dana(&down).await;
    let path = format!("/api/v1/chats/{chat}/transcript/email");
    let start = Instant::now();
    let (status, problem) = dana
        .problem(
            Method::POST,
            &path,
            Some(&json!({"to": "ana.lima@example.com"})),
        )
        .await;
    assert!(start.elapsed() < Duration::from_secs(5), "promptly");
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(
        problem
            .detail
            .contains("could not be reached (connection refused)"),
        "{}",
        problem.detail
    );

    let smtp = SmtpServer::start();
    let allowing = smtp.mail_toml_allowing(&["refused.example.com"]);
    let backend = Backend::with_files(&[("mail.toml", &allowing)]);
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
        problem
            .detail
            .contains("refused the e-mail: 550 5.1.1 No such mailbox here"),
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
    // 78: configured wrongly.
    assert_eq!(out.status.code(), Some(78));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!("{}:2:8: security = \"none\"", file.display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        String::from_utf8_lossy(&out.stdout).is_empty(),
        "never listened"
    );
}

#[tokio::test]
async fn the_e_mail_leaves_out_the_teams_notes_that_the_download_keeps() {
    let smtp = SmtpServer::start();
    let backend = Backend::with_files(&[("mail.toml", &smtp.mail_toml())]);
    let (dana, chat, _) = ana_chats_with_dana(&backend).await;
    let _: serde_json::Value = dana.end(chat).await;
    let wrap_up = chatdesk::protocol::WrapUp {
        code: "resolved".into(),
        notes: "Internal: refund approved as a courtesy".into(),
        tags: Vec::new(),
        commitment: None,
        ticket: None,
    };
    let _: serde_json::Value = dana
        .ok(
            reqwest::Method::PUT,
            &format!("/api/v1/chats/{chat}/disposition"),
            Some(&wrap_up),
        )
        .await;
    let (_, _, downloaded) = crate::download(&dana, chat, "?format=text").await;
    assert!(
        downloaded.contains("refund approved as a courtesy"),
        "{downloaded}"
    );
    let client = chatdesk::client::Backend::new(&backend.base, &dana.token).unwrap();
    client
        .email_transcript(chat, "ana.lima@example.com", Format::Json)
        .await
        .unwrap();
    let mail = smtp.mail(1).await;
    let everything = mail.to_string();
    assert!(
        everything.contains("My invoice shows the wrong plan."),
        "{everything}"
    );
    assert!(!everything.contains("courtesy"), "{everything}");
}
