//! The one error type of the API, answered as `application/problem+json` with a sentence a
//! person can act on, and the JSON body extractor that turns bad input into such answers.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::policy::cards;
use crate::protocol::{FieldProblem, Problem};

/// An error answered to the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    /// A short slug naming the kind of problem (`type` becomes `/problems/{slug}`).
    pub slug: &'static str,
    pub detail: String,
    /// Per-field problems of an invalid request, answered as the extension member
    /// `errors: [{field, problem}]` next to the problem's own members.
    pub errors: Vec<FieldProblem>,
    /// For `429`: whole seconds until a retry can succeed, answered as `Retry-After`.
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, slug: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            slug,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after_secs: None,
        }
    }

    /// A `429`: over a limit; nothing was changed, and a retry after `retry_after_secs` can
    /// succeed.
    pub fn too_many_requests(detail: impl Into<String>, retry_after_secs: u64) -> Self {
        ApiError {
            retry_after_secs: Some(retry_after_secs),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, "too-many-requests", detail)
        }
    }

    /// A 422 naming each field's problem, in `detail` as one sentence and in `errors`.
    pub fn invalid_fields(detail: impl Into<String>, errors: Vec<FieldProblem>) -> Self {
        ApiError {
            errors,
            ..Self::invalid(detail)
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad-request", detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", detail)
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", detail)
    }

    pub fn invalid(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", detail)
    }

    /// A `503`: the database cannot be reached now; nothing was changed, and a retry can
    /// succeed once it is back (on this node or another).
    pub fn database_unreachable() -> Self {
        ApiError {
            retry_after_secs: Some(1),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "database-unreachable",
                "The backend cannot reach its database just now and saved nothing from this \
                 request; please try again in a moment.",
            )
        }
    }

    /// The answer for a chat that does not exist or is not the caller's to see.
    pub fn no_such_chat() -> Self {
        Self::not_found("There is no chat with this id that you can open.")
    }

    pub fn problem(&self) -> Problem {
        Problem {
            kind: format!("/problems/{}", self.slug),
            title: self
                .status
                .canonical_reason()
                .unwrap_or("Error")
                .to_string(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        if e.downcast_ref::<crate::server::store::DatabaseUnreachable>()
            .is_some()
        {
            tracing::warn!("request refused: {e:#}");
            return ApiError::database_unreachable();
        }
        tracing::error!("request failed: {e:#}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "The server could not complete this request and saved nothing from it; please try again.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = if self.errors.is_empty() {
            serde_json::to_vec(&self.problem())
        } else {
            serde_json::to_value(self.problem()).and_then(|mut value| {
                value["errors"] = serde_json::to_value(&self.errors)?;
                serde_json::to_vec(&value)
            })
        }
        .unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"chatdesk\""),
            );
        }
        response
    }
}

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A JSON request body whose rejections are problems with plain sentences. Every string in it
/// has its card numbers masked before the route sees it (see [`cards::mask_strings`]): no field
/// of any request, today's or a later one, carries a whole card number into the backend.
pub struct Body<T>(pub T);

impl<S, T> FromRequest<S> for Body<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(raw) =
            axum::Json::<Box<serde_json::value::RawValue>>::from_request(req, state)
                .await
                .map_err(explain)?;
        // Most bodies hold no run of digits long enough for a card: read them straight.
        let parsed = if cards::json_may_hold_card(raw.get()) {
            let mut value: serde_json::Value = serde_json::from_str(raw.get()).map_err(|e| {
                ApiError::bad_request(format!("The request body is not valid JSON: {e}."))
            })?;
            cards::mask_strings(&mut value);
            serde_path_to_error::deserialize(value)
        } else {
            serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(raw.get()))
        };
        parsed.map(Body).map_err(|e| {
            ApiError::invalid(format!(
                "The request body is JSON but not what this route expects: {e}."
            ))
        })
    }
}

fn explain(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => ApiError::invalid(format!(
            "The request body is JSON but not what this route expects: {}.",
            e.body_text()
                .trim_start_matches("Failed to deserialize the JSON body into the target type: ")
        )),
        JsonRejection::JsonSyntaxError(e) => ApiError::bad_request(format!(
            "The request body is not valid JSON: {}.",
            e.body_text()
                .trim_start_matches("Failed to parse the request body as JSON: ")
        )),
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Send the request body as JSON with the header Content-Type: application/json.",
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large(),
        JsonRejection::BytesRejection(e)
            if std::error::Error::source(&e)
                .is_some_and(crate::server::routes::deadline::timed_out) =>
        {
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "body-timeout",
                "The request body stopped arriving part-way; nothing was saved. Send it again.",
            )
        }
        other => ApiError::bad_request(format!(
            "The request body could not be read: {}.",
            other.body_text()
        )),
    }
}

pub fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large",
        format!(
            "The request body is larger than {} KiB; nothing was saved.",
            MAX_BODY_BYTES / 1024
        ),
    )
}

/// The `{id}` of a route's path, as text. A path whose id is not even text (percent-encoded
/// bytes that are not UTF-8) names nothing: it comes through empty, so the route answers its own
/// 404 problem rather than a plain-text 400.
pub struct PathId(pub String);

impl<S> FromRequestParts<S> for PathId
where
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<String>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(id)) => Ok(PathId(id)),
            Err(_) => Ok(PathId(String::new())),
        }
    }
}
