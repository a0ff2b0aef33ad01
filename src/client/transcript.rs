//! A chat's transcript: downloaded as a file, or e-mailed by the backend.

use reqwest::{Method, StatusCode};
use uuid::Uuid;

use super::Backend;
use super::error::{self, ClientError, refusal};
use crate::protocol::{EmailTranscript, Problem, TranscriptEmailed};
use crate::transcript::Format;

impl Backend {
    /// The transcript of a chat this agent handles or handled, in `format`, times in UTC.
    pub async fn transcript(&self, chat_id: Uuid, format: Format) -> Result<String, ClientError> {
        let path = format!(
            "/api/v1/chats/{chat_id}/transcript?format={}",
            format.as_str()
        );
        let request = self.request(Method::GET, &path);
        let response = self.exchange(request).await?;
        response
            .text()
            .await
            .map_err(|e| ClientError::Unreachable(error::network_reason(&e)))
    }

    /// Has the backend e-mail the transcript to `to`: the text in the e-mail, and the
    /// transcript in `format` attached when that is Markdown or JSON. `Ok` once the backend's
    /// mail relay accepted it. A relay that refuses is [`ClientError::Refused`] with its answer.
    pub async fn email_transcript(
        &self,
        chat_id: Uuid,
        to: &str,
        format: Format,
    ) -> Result<(), ClientError> {
        let path = format!("/api/v1/chats/{chat_id}/transcript/email");
        let request = EmailTranscript {
            to: to.to_string(),
            format: Some(format),
            zone: None,
        };
        let response = self
            .request(Method::POST, &path)
            .json(&request)
            .send()
            .await
            .map_err(|e| ClientError::Unreachable(error::network_reason(&e)))?;
        // The backend answers 502 when the relay said no; that is the relay's refusal for the
        // agent to read, not a backend that is down.
        if response.status() == StatusCode::BAD_GATEWAY
            && let Some(problem) = relay_problem(&response)
        {
            let problem = response.json::<Problem>().await.unwrap_or(problem);
            return Err(ClientError::Refused(problem));
        }
        let response = refusal(response).await?;
        let bytes = response
            .bytes()
            .await
            .map_err(|e| ClientError::Unreachable(error::network_reason(&e)))?;
        serde_json::from_slice::<TranscriptEmailed>(&bytes)
            .map(|_| ())
            .map_err(|e| {
                ClientError::Unexpected(format!(
                    "{path} answered a body this console cannot read ({e})"
                ))
            })
    }
}

/// A placeholder problem when a 502 carries `application/problem+json`, else `None`.
fn relay_problem(response: &reqwest::Response) -> Option<Problem> {
    let is_problem = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    is_problem.then(|| Problem {
        kind: "/problems/mail-relay".to_string(),
        title: "Bad Gateway".to_string(),
        status: 502,
        detail: "The backend's mail relay did not take the e-mail.".to_string(),
    })
}
