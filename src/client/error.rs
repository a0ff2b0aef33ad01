//! What can go wrong talking to the backend, each told as one sentence a person can act on.

use std::error::Error as _;
use std::fmt;

use reqwest::header::CONTENT_TYPE;
use reqwest::{Response, StatusCode};

use crate::protocol::Problem;

/// Why [`super::connect`] could not sign in.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectError {
    /// The text given is not an `http://` or `https://` address with a host.
    BadAddress { given: String },
    /// The token is empty or holds spaces or characters that cannot travel in a header.
    BadToken,
    /// Nothing answered, or the server failed (network error, time-out, 5xx).
    Unreachable { server: String, reason: String },
    /// The backend answered but would not sign this token in (401/403).
    TokenRefused { server: String, detail: String },
    /// Something answered, but not the way a chatdesk backend does.
    NotChatdesk { server: String },
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnectError::BadAddress { given } => write!(
                f,
                "{given:?} is not a server address (expected e.g. http://127.0.0.1:7878)."
            ),
            ConnectError::BadToken => write!(
                f,
                "the token is empty or holds spaces or control characters; paste it again exactly as printed."
            ),
            ConnectError::Unreachable { server, reason } => write!(
                f,
                "cannot reach {server} ({reason}); is chatdesk serve running there?"
            ),
            ConnectError::TokenRefused { server, detail } => {
                write!(f, "the server at {server} refused this token: {detail}")?;
                end_sentence(f, detail)
            }
            ConnectError::NotChatdesk { server } => {
                write!(f, "{server} does not answer like a chatdesk backend.")
            }
        }
    }
}

impl std::error::Error for ConnectError {}

/// Why one call to the backend failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// The backend could not be reached or failed (network, time-out, 5xx, 408, 429):
    /// worth trying again later.
    Unreachable(String),
    /// The backend refused the request (4xx `application/problem+json`): show `detail` to the
    /// agent; the same request will be refused again.
    Refused(Problem),
    /// The answer was not what this route gives (e.g. a proxy's page, a body of another shape).
    Unexpected(String),
}

impl ClientError {
    /// Whether the same request may succeed later.
    pub fn is_retryable(&self) -> bool {
        matches!(self, ClientError::Unreachable(_))
    }

    /// Whether the backend no longer accepts the token (401): sign in again.
    pub fn is_signed_out(&self) -> bool {
        matches!(self, ClientError::Refused(p) if p.status == 401)
    }

    /// The problem the backend answered, when it refused.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Refused(problem) => Some(problem),
            _ => None,
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Unreachable(reason) => {
                write!(f, "the backend is unreachable ({reason}).")
            }
            ClientError::Refused(problem) => {
                write!(f, "{}", problem.detail)?;
                end_sentence(f, &problem.detail)
            }
            ClientError::Unexpected(what) => {
                write!(f, "the backend gave an unexpected answer: {what}.")
            }
        }
    }
}

impl std::error::Error for ClientError {}

fn end_sentence(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    if text.ends_with(['.', '!', '?']) {
        Ok(())
    } else {
        f.write_str(".")
    }
}

/// A short lower-case reason for a failed request, e.g. `connection refused`.
pub(crate) fn network_reason(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return if error.is_connect() {
            "no connection within 5 s".to_string()
        } else {
            "no answer in time".to_string()
        };
    }
    let mut source = error.source();
    let mut innermost = None;
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return io_reason(io);
        }
        innermost = Some(cause);
        source = cause.source();
    }
    match innermost {
        Some(cause) => plain(&cause.to_string()),
        None => plain(&error.to_string()),
    }
}

fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::ConnectionRefused => "connection refused".to_string(),
        ErrorKind::ConnectionReset => "connection reset".to_string(),
        ErrorKind::ConnectionAborted => "connection aborted".to_string(),
        ErrorKind::TimedOut => "timed out".to_string(),
        ErrorKind::HostUnreachable => "host unreachable".to_string(),
        ErrorKind::NetworkUnreachable => "network unreachable".to_string(),
        ErrorKind::UnexpectedEof => "the connection closed early".to_string(),
        _ => plain(&error.to_string()),
    }
}

/// Lower-cases the first letter and drops an `(os error N)` suffix.
fn plain(text: &str) -> String {
    let text = match text.find(" (os error") {
        Some(at) => &text[..at],
        None => text,
    };
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown network error".to_string(),
    }
}

/// Passes a successful answer through; otherwise reads the problem it carries.
pub(crate) async fn refusal(response: Response) -> Result<Response, ClientError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let is_problem = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    let problem = if is_problem {
        response.json::<Problem>().await.ok()
    } else {
        None
    };
    let retry_later = status.is_server_error()
        || status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS;
    Err(match problem {
        Some(problem) if retry_later => ClientError::Unreachable(format!(
            "server error {}: {}",
            status.as_u16(),
            problem.detail
        )),
        None if retry_later => ClientError::Unreachable(format!("server error {status}")),
        Some(problem) if status.is_client_error() => ClientError::Refused(problem),
        _ => ClientError::Unexpected(format!("status {status} without a problem description")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_once() {
        let refused = ConnectError::TokenRefused {
            server: "http://h:1".into(),
            detail: "This token is not a chatdesk token.".into(),
        };
        assert_eq!(
            refused.to_string(),
            "the server at http://h:1 refused this token: This token is not a chatdesk token."
        );
        let problem = Problem {
            kind: "/problems/conflict".into(),
            title: "Conflict".into(),
            status: 409,
            detail: "The chat has ended".into(),
        };
        assert_eq!(
            ClientError::Refused(problem).to_string(),
            "The chat has ended."
        );
    }

    #[test]
    fn reasons_are_plain() {
        assert_eq!(
            plain("Connection refused (os error 111)"),
            "connection refused"
        );
        assert_eq!(plain(""), "unknown network error");
    }
}
