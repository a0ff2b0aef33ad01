//! The transcript as a file: formats, headers, hostile text, and who may have it.

use chatdesk::protocol::ChatDetail;
use chatdesk::transcript::Format;
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::common::Backend;
use crate::smtp::SmtpServer;
use crate::{HOSTILE, ana_chats_with_dana, download};

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
    assert!(
        text.contains("Customer:      Ana Lima <ana.lima@example.com>\n"),
        "{text}"
    );
    assert!(text.contains("Agent:         dana\n"), "{text}");
    assert!(
        text.contains("] Ana Lima: My invoice shows the wrong plan.\n"),
        "{text}"
    );
    assert!(
        text.contains("] dana: Hello Ana, let me look at that invoice.\n"),
        "{text}"
    );
    assert!(
        text.contains("␛]0;pwned␇"),
        "escapes shown, not obeyed: {text}"
    );
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
    let (_, _, default) = download(&dana, chat, "").await;
    assert_eq!(default, text, "text is the default");

    let (media, disposition, markdown) = download(&dana, chat, "?format=md").await;
    assert_eq!(media, "text/markdown; charset=utf-8");
    assert!(disposition.ends_with("-ana-lima.md\""), "{disposition}");
    assert!(markdown.starts_with("# Chat transcript\n"));
    assert!(markdown.contains("\n\\# heading\\\n"), "{markdown}");
    assert!(
        markdown.contains("\\[link\\](http\\://x) \\<img src=x"),
        "{markdown}"
    );
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
    assert_eq!(
        detail.messages[1].body, HOSTILE,
        "JSON keeps the text, escaped as JSON"
    );
    assert!(!json.contains('\u{1b}'));

    // Times in the agent's zone when asked.
    let (_, _, lisbon) = download(&dana, chat, "?zone=Europe/Lisbon").await;
    assert!(
        lisbon.contains("Time zone:     Europe/Lisbon\n"),
        "{lisbon}"
    );

    // The console's client asks for the same files.
    let client = chatdesk::client::Backend::new(&backend.base, &dana.token).unwrap();
    assert_eq!(client.transcript(chat, Format::Text).await.unwrap(), text);
    assert_eq!(
        client.transcript(chat, Format::Markdown).await.unwrap(),
        markdown
    );

    for (query, word) in [
        ("?format=pdf", "pdf"),
        ("?zone=Mars/Olympus", "Mars/Olympus"),
    ] {
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
        .problem(
            Method::GET,
            &format!("/api/v1/chats/{}/transcript", Uuid::now_v7()),
            None::<&()>,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(smtp.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn the_transcript_routes_are_described() {
    let backend = Backend::start(None);
    let doc: serde_json::Value = backend
        .anonymous()
        .ok(Method::GET, "/api/v1/openapi.json", None::<&()>)
        .await;
    let download = &doc["paths"]["/api/v1/chats/{id}/transcript"]["get"];
    let content = &download["responses"]["200"]["content"];
    for media in ["text/plain", "text/markdown", "application/json"] {
        assert!(content.get(media).is_some(), "{media}: {content}");
    }
    let email = &doc["paths"]["/api/v1/chats/{id}/transcript/email"]["post"];
    for status in ["202", "404", "409", "422", "502"] {
        assert!(email["responses"].get(status).is_some(), "{status}");
    }
    let schemas = &doc["components"]["schemas"];
    for schema in ["EmailTranscript", "TranscriptEmailed", "TranscriptFormat"] {
        assert!(schemas.get(schema).is_some(), "{schema} is described");
    }
    assert_eq!(
        schemas["TranscriptFormat"]["enum"],
        json!(["text", "markdown", "json"])
    );
}
