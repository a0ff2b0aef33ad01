//! Transcripts against a real backend: the file in three formats, and e-mail through a real
//! SMTP server (aiosmtpd from PyPI, in a virtual environment under `target/` that this test
//! creates when it is missing; `.ci/run` creates it too).

#[path = "../common/mod.rs"]
mod common;
mod email;
mod files;
mod recipients;
mod smtp;

use chatdesk::protocol::ChatDetail;
use common::{Backend, Client};
use reqwest::{Method, StatusCode};
use uuid::Uuid;

/// What a customer might send to attack whoever reads the transcript.
pub const HOSTILE: &str =
    "# heading\n[link](http://x) <img src=x onerror=alert(1)>\n\u{1b}]0;pwned\u{7}";

/// Ana's chat with Dana: a hostile line from Ana, an answer from Dana. Returns Dana's client,
/// the chat's id and its day (UTC).
pub async fn ana_chats_with_dana(backend: &Backend) -> (Client, Uuid, String) {
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
    let day = detail
        .chat
        .created_at
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    (dana, chat.id, day.to_string())
}

/// GETs the transcript; returns the content type, the content disposition and the body.
pub async fn download(agent: &Client, chat: Uuid, query: &str) -> (String, String, String) {
    let path = format!("/api/v1/chats/{chat}/transcript{query}");
    let response = agent.request(Method::GET, &path).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    let (media, disposition) = (header("content-type"), header("content-disposition"));
    (media, disposition, response.text().await.unwrap())
}
