//! `/api/v1/chats/{id}/transcript`: the chat as a file for its agent, and by e-mail.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::tz::TimeZone;
use uuid::Uuid;

use crate::policy::email::may_receive_transcript;
use crate::protocol::{ChatDetail, EmailTranscript, Problem, TranscriptEmailed};
use crate::server::AppState;
use crate::server::auth::AgentAuthed;
use crate::server::mail::{Email, FileAttachment, MAIL_FILE, MailError, recipient};
use crate::server::problem::{ApiError, Body, PathId};
use crate::server::routes::chats::chat_id;
use crate::transcript::{self, Format};

/// The format asked for; plain text when none is.
fn format_from(name: Option<&str>) -> Result<Format, ApiError> {
    match name {
        None => Ok(Format::Text),
        Some(name) => Format::parse(name).ok_or_else(|| {
            ApiError::invalid(format!(
                "{name:?} is not a transcript format; ask for text, markdown or json."
            ))
        }),
    }
}

/// The time zone asked for; UTC when none is.
fn zone_from(name: Option<&str>) -> Result<TimeZone, ApiError> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(TimeZone::UTC),
        Some(name) => TimeZone::get(name).map_err(|_| {
            ApiError::invalid(format!(
                "{name:?} is not a time zone this backend knows; use an IANA name such as \
                 Europe/Lisbon, or leave it out for UTC."
            ))
        }),
    }
}

/// The chat with its messages, when the agent handles or handled it.
fn detail_for(state: &AppState, agent: &AgentAuthed, id: Uuid) -> Result<ChatDetail, ApiError> {
    state.read(|cx| {
        let chat = cx.chat_for(&agent.caller, id)?;
        Ok(cx.chat_detail(&chat)?)
    })
}

#[utoipa::path(get, path = "/api/v1/chats/{id}/transcript", operation_id = "downloadTranscript", tag = "agent",
    params(("id" = Uuid, Path, description = "Chat id"),
           ("format" = Option<crate::protocol::TranscriptFormat>, Query, description = "text (the default), markdown or json"),
           ("zone" = Option<String>, Query, description = "IANA time zone for the times shown, e.g. Europe/Lisbon; UTC by default")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The transcript as a file to keep (Content-Disposition: attachment)",
            content((String = "text/plain"), (String = "text/markdown"), (ChatDetail = "application/json"))),
        (status = 404, description = "No such chat among those you handle or handled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown format or time zone", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn download(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let id = chat_id(&id)?;
    let format = format_from(query.get("format").map(String::as_str))?;
    let zone = zone_from(query.get("zone").map(String::as_str))?;
    let detail = detail_for(&state, &agent, id)?;
    let body = transcript::render(&detail, format, &zone);
    let file_name = transcript::file_name(&detail, format, &zone);
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.media_type()),
    );
    // The name holds only ASCII letters, digits, '-' and '.', so it needs no quoting rules.
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

#[utoipa::path(post, path = "/api/v1/chats/{id}/transcript/email", operation_id = "emailTranscript", tag = "agent", request_body = EmailTranscript,
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 202, description = "The mail relay accepted the e-mail for delivery", body = TranscriptEmailed),
        (status = 404, description = "No such chat among those you handle or handled", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "E-mail is not set up on this backend (no mail.toml)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not one e-mail address, or an unknown format or time zone", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "The mail relay refused the e-mail or could not be reached; `detail` gives its answer", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn email(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
    Body(request): Body<EmailTranscript>,
) -> Result<Response, ApiError> {
    let id = chat_id(&id)?;
    // What leaves the team by e-mail is the conversation only, never internal notes.
    let detail = transcript::customer_copy(detail_for(&state, &agent, id)?);
    let Some(mailer) = state.mail.clone() else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "mail-not-set-up",
            format!(
                "E-mail is not set up on this backend: add {MAIL_FILE} to {} (see the README) \
                 and restart it.",
                state.data_dir.display()
            ),
        ));
    };
    let to = recipient(&request.to).map_err(ApiError::invalid)?;
    let customer = &detail.chat.customer.email;
    if let Err(why) = may_receive_transcript(to.as_ref(), customer, mailer.allowed_domains()) {
        tracing::info!(chat = %id, to = %to, "transcript not e-mailed: recipient not allowed");
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "recipient-not-allowed",
            why,
        ));
    }
    let format = request.format.unwrap_or_default();
    let zone = zone_from(request.zone.as_deref())?;
    let subject = format!(
        "Your chat transcript from {}",
        transcript::chat_date(&detail, &zone)
    );
    let attachment = (format != Format::Text).then(|| FileAttachment {
        file_name: transcript::file_name(&detail, format, &zone),
        media_type: format.media_type().to_string(),
        content: transcript::render(&detail, format, &zone),
    });
    let sent = TranscriptEmailed {
        to: to.to_string(),
        subject: subject.clone(),
        format,
        attachment: attachment.as_ref().map(|a| a.file_name.clone()),
    };
    let email = Email {
        to,
        subject,
        text: transcript::render(&detail, Format::Text, &zone),
        attachment,
    };
    match mailer.send(email).await {
        Ok(()) => {
            tracing::info!(chat = %id, to = %sent.to, relay = mailer.relay(), "transcript e-mailed");
            Ok((StatusCode::ACCEPTED, Json(sent)).into_response())
        }
        Err(MailError::Unsendable(why)) => Err(anyhow::anyhow!("e-mail not built: {why}").into()),
        Err(error) => {
            tracing::warn!(chat = %id, to = %sent.to, "transcript not e-mailed: {error}");
            Err(ApiError::new(
                StatusCode::BAD_GATEWAY,
                "mail-relay",
                error.to_string(),
            ))
        }
    }
}
