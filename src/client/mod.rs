//! The console's only way to talk to the backend: typed calls ([`Backend`]), the agent's event
//! feed with reconnect and resume ([`follow`]), and the outbox that sends messages typed while
//! the backend was unreachable ([`Outbox`], [`deliver`]).

mod backoff;
mod delivery;
mod error;
mod escalations;
mod events;
mod lead;
mod missed;
mod outbox;
mod procedure;
mod review;
mod transcript;

use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::{Method, RequestBuilder, Response, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::protocol::{
    AgentChat, ChatDetail, Disposition, DispositionCodeInfo, Me, Message, NewMessage, Presence,
    PresenceChange, QueueListing, Snapshot, Transfer,
};

use error::refusal;

pub use delivery::{Delivery, deliver};
pub use error::{ClientError, ConnectError};
pub use events::{Feed, FollowTiming, follow, follow_with};
pub use outbox::{Outbox, Outgoing};

/// Longest wait for a TCP (and TLS) connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest wait for a whole request and its answer (not the event stream).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// A signed-in connection to one backend. Cheap to clone; clones share connections.
#[derive(Clone, Debug)]
pub struct Backend {
    base: String,
    token: HeaderValue,
    /// For ordinary requests: connect and overall time-outs.
    http: reqwest::Client,
    /// For the event stream: a connect time-out only; silence is watched by the feed.
    streaming: reqwest::Client,
}

/// Checks the address and the token and signs in with `GET /api/v1/me`.
pub async fn connect(server: &str, token: &str) -> Result<(Backend, Me), ConnectError> {
    let backend = Backend::new(server, token)?;
    match backend.me().await {
        Ok(me) => Ok((backend, me)),
        Err(error) => Err(backend.connect_error(error)),
    }
}

impl Backend {
    /// A backend at `server` for `token`, without asking it anything yet (so a console can
    /// start, and queue messages, while the backend is down).
    pub fn new(server: &str, token: &str) -> Result<Backend, ConnectError> {
        let base = parse_server(server)?;
        let mut token = HeaderValue::from_str(&format!("Bearer {}", token.trim()))
            .map_err(|_| ConnectError::BadToken)?;
        let word = &token.as_bytes()[7..];
        if word.is_empty() || word.iter().any(|b| !b.is_ascii_graphic()) {
            return Err(ConnectError::BadToken);
        }
        token.set_sensitive(true);
        let agent = concat!("chatdesk/", env!("CARGO_PKG_VERSION"));
        let http = reqwest::Client::builder()
            .user_agent(agent)
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build();
        let streaming = reqwest::Client::builder()
            .user_agent(agent)
            .connect_timeout(CONNECT_TIMEOUT)
            .build();
        match (http, streaming) {
            (Ok(http), Ok(streaming)) => Ok(Backend {
                base,
                token,
                http,
                streaming,
            }),
            (Err(e), _) | (_, Err(e)) => Err(ConnectError::Unreachable {
                server: server.trim().to_string(),
                reason: format!("no HTTP client could be set up: {e}"),
            }),
        }
    }

    /// The server address, without a trailing slash, e.g. `http://127.0.0.1:7878`.
    pub fn server(&self) -> &str {
        &self.base
    }

    pub async fn me(&self) -> Result<Me, ClientError> {
        self.call(Method::GET, "/api/v1/me", None::<&()>).await
    }

    pub async fn snapshot(&self) -> Result<Snapshot, ClientError> {
        self.call(Method::GET, "/api/v1/me/snapshot", None::<&()>)
            .await
    }

    pub async fn set_presence(&self, presence: Presence) -> Result<Me, ClientError> {
        let change = PresenceChange { presence };
        self.call(Method::PUT, "/api/v1/me/presence", Some(&change))
            .await
    }

    pub async fn accept(&self, offer_id: Uuid) -> Result<ChatDetail, ClientError> {
        let path = format!("/api/v1/offers/{offer_id}/accept");
        self.call(Method::POST, &path, None::<&()>).await
    }

    pub async fn decline(&self, offer_id: Uuid) -> Result<(), ClientError> {
        let path = format!("/api/v1/offers/{offer_id}/decline");
        self.exchange(self.request(Method::POST, &path)).await?;
        Ok(())
    }

    pub async fn pick_up(&self, chat_id: Uuid) -> Result<ChatDetail, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/pickup");
        self.call(Method::POST, &path, None::<&()>).await
    }

    /// Sends a message; sending the same `client_msg_id` again returns the stored message.
    pub async fn send(&self, chat_id: Uuid, message: &NewMessage) -> Result<Message, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/messages");
        self.call(Method::POST, &path, Some(message)).await
    }

    pub async fn end(&self, chat_id: Uuid) -> Result<AgentChat, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/end");
        self.call(Method::POST, &path, None::<&()>).await
    }

    pub async fn queues(&self) -> Result<Vec<QueueListing>, ClientError> {
        self.call(Method::GET, "/api/v1/queues", None::<&()>).await
    }

    /// Records a disposition without commitment or ticket (see [`Backend::wrap_up`]).
    pub async fn set_disposition(
        &self,
        chat_id: Uuid,
        disposition: &Disposition,
    ) -> Result<AgentChat, ClientError> {
        let wrap_up = crate::protocol::WrapUp {
            code: disposition.code.clone(),
            notes: disposition.notes.clone(),
            tags: disposition.tags.clone(),
            commitment: None,
            ticket: None,
        };
        self.wrap_up(chat_id, &wrap_up).await
    }

    pub async fn transfer(
        &self,
        chat_id: Uuid,
        transfer: &Transfer,
    ) -> Result<AgentChat, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/transfer");
        self.call(Method::POST, &path, Some(transfer)).await
    }

    /// The team's canned responses as TOML text.
    pub async fn team_canned(&self) -> Result<crate::protocol::TeamCanned, ClientError> {
        self.call(Method::GET, "/api/v1/canned", None::<&()>).await
    }

    /// The disposition codes this backend accepts at wrap-up.
    pub async fn dispositions(&self) -> Result<Vec<DispositionCodeInfo>, ClientError> {
        self.call(Method::GET, "/api/v1/dispositions", None::<&()>)
            .await
    }

    /// Everyone who can sign in, with presence and load (for transfers).
    pub async fn agents(&self) -> Result<Vec<crate::protocol::AgentSummary>, ClientError> {
        self.call(Method::GET, "/api/v1/agents", None::<&()>).await
    }

    /// The queues customers can choose.
    pub async fn reasons(&self) -> Result<Vec<crate::protocol::QueueInfo>, ClientError> {
        self.call(Method::GET, "/api/v1/reasons", None::<&()>).await
    }

    /// The chat's transcript, oldest first.
    pub async fn messages(&self, chat_id: Uuid) -> Result<Vec<Message>, ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/messages");
        self.call(Method::GET, &path, None::<&()>).await
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header(reqwest::header::AUTHORIZATION, self.token.clone())
    }

    /// The event stream request, resuming after `after`.
    pub(crate) fn events_request(&self, after: i64) -> RequestBuilder {
        self.streaming
            .get(format!("{}/api/v1/me/events", self.base))
            .header(reqwest::header::AUTHORIZATION, self.token.clone())
            .header(reqwest::header::ACCEPT, "text/event-stream")
            .header("Last-Event-ID", after.to_string())
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Result<T, ClientError> {
        let mut request = self.request(method, path);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = self.exchange(request).await?;
        let bytes = response
            .bytes()
            .await
            .map_err(|e| ClientError::Unreachable(error::network_reason(&e)))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            ClientError::Unexpected(format!(
                "{path} answered a body this console cannot read ({e})"
            ))
        })
    }

    /// Sends the request and sorts a failed answer into the right [`ClientError`].
    async fn exchange(&self, request: RequestBuilder) -> Result<Response, ClientError> {
        let response = request
            .send()
            .await
            .map_err(|e| ClientError::Unreachable(error::network_reason(&e)))?;
        refusal(response).await
    }

    /// Turns a failed `/me` into the sentence shown before signing in.
    fn connect_error(&self, error: ClientError) -> ConnectError {
        let server = self.base.clone();
        match error {
            ClientError::Unreachable(reason) => ConnectError::Unreachable { server, reason },
            ClientError::Refused(problem) if matches!(problem.status, 401 | 403) => {
                ConnectError::TokenRefused {
                    server,
                    detail: problem.detail,
                }
            }
            ClientError::Refused(_) | ClientError::Unexpected(_) => {
                ConnectError::NotChatdesk { server }
            }
        }
    }
}

/// `http(s)://host[:port][/prefix]`, without a trailing slash.
fn parse_server(server: &str) -> Result<String, ConnectError> {
    let given = server.trim();
    let bad = || ConnectError::BadAddress {
        given: given.to_string(),
    };
    let url = Url::parse(given).map_err(|_| bad())?;
    let usable = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    if !usable {
        return Err(bad());
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_addresses() {
        assert_eq!(
            parse_server(" http://127.0.0.1:7878/ ").unwrap(),
            "http://127.0.0.1:7878"
        );
        assert_eq!(
            parse_server("https://desk.example.com/chat/").unwrap(),
            "https://desk.example.com/chat"
        );
        for bad in [
            "http//x",
            "localhost:7878",
            "ftp://x",
            "",
            "http://",
            "http://h/?q=1",
        ] {
            assert!(parse_server(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tokens_must_be_one_printable_word() {
        assert!(Backend::new("http://h", "cda_abc").is_ok());
        assert_eq!(
            Backend::new("http://h", "cda abc").unwrap_err(),
            ConnectError::BadToken
        );
        assert_eq!(
            Backend::new("http://h", " ").unwrap_err(),
            ConnectError::BadToken
        );
        assert_eq!(
            Backend::new("http://h", "a\nb").unwrap_err(),
            ConnectError::BadToken
        );
    }
}
