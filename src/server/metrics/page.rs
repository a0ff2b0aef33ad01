//! `GET /metrics`, and the count of every request the API answers.
//!
//! On the API's own address the page needs the operator's metrics token (`[metrics] token` in
//! server.toml, or `CHATDESK_METRICS_TOKEN`); an address of its own (`[metrics] listen`) serves
//! it to whoever can reach that address, which is meant to be a private network.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{Metrics, floor};
use crate::server::AppState;
use crate::server::auth::{bearer, hash_token};
use crate::server::problem::ApiError;

/// The media type of the OpenMetrics text format, which Prometheus reads.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Counts one request by its route's pattern, method and status, with its latency.
pub async fn count(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_string();
    let method = known_method(request.method());
    let response = next.run(request).await;
    metrics.request(
        &route,
        method,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// Methods by name; anything else a client invents is counted as `other`, so clients cannot
/// grow the number of series.
fn known_method(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

#[utoipa::path(get, path = "/metrics", operation_id = "metrics", tag = "operations",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The backend's figures in the OpenMetrics text format",
            content_type = "application/openmetrics-text", body = String),
        (status = 404, description = "Metrics are not served on this address (no metrics token \
            is set)", body = crate::protocol::Problem, content_type = "application/problem+json"),
        (status = 500, description = "The figures could not be read",
            body = crate::protocol::Problem, content_type = "application/problem+json"),
    ))]
/// On the API's address: only with the operator's metrics token.
pub async fn with_token(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(expected) = state.metrics_token.as_ref() else {
        return Err(ApiError::not_found(
            "Metrics are not served on this address: set token under [metrics] in server.toml \
             to read them here with it, or listen under [metrics] for an address of their own.",
        ));
    };
    let given = bearer(&headers)?;
    if given.map(hash_token).as_ref() != Some(expected) {
        return Err(ApiError::unauthorized(
            "Reading the metrics needs the operator's metrics token: send Authorization: \
             Bearer TOKEN with the token of [metrics] in server.toml.",
        ));
    }
    page(state).await
}

/// The page itself.
async fn page(state: AppState) -> Result<Response, ApiError> {
    let reading = state.clone();
    let figures = tokio::task::spawn_blocking(move || floor::read(&reading))
        .await
        .map_err(anyhow::Error::from)??;
    let text = state.metrics.render(&figures);
    let mut response = text.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    Ok(response)
}

/// The metrics address's own router: `/metrics` and nothing else, without a token.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(|State(state): State<AppState>| page(state)))
        .with_state(state)
}
