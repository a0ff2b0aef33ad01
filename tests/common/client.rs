//! The HTTP client tests use to call the backend as an agent, a customer or nobody.

use chatdesk::protocol::{ChatDetail, Message, NewMessage, Presence, PresenceChange, Problem};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Events;

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

    /// A chat's transcript (expects success).
    pub async fn transcript(&self, chat: uuid::Uuid) -> Vec<Message> {
        let path = format!("/api/v1/chats/{chat}/messages");
        self.ok(Method::GET, &path, None::<&()>).await
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
        Events::new(response)
    }
}
