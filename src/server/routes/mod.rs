//! The HTTP routes.

pub mod agent;
pub mod chats;
pub mod deadline;
pub mod escalations;
pub mod headers;
pub mod lead;
pub mod missed;
pub mod page;
pub mod procedure;
pub mod review;
pub mod transcript;

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{Method, Uri};
use axum::routing::{get, post, put};

use crate::protocol::Health;
use crate::server::AppState;
use crate::server::problem::{ApiError, MAX_BODY_BYTES};

pub fn router(state: AppState) -> Router {
    let limits = state.limits.clone();
    let metrics = state.metrics.clone();
    let body_pause = limits
        .settings
        .body_read_timeout
        .unwrap_or(std::time::Duration::from_secs(24 * 3600));
    Router::new()
        .route("/", get(page::index))
        .route("/chat.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/favicon.ico", get(page::icon))
        .route("/healthz", get(health))
        .route("/readyz", get(ready))
        .route("/metrics", get(crate::server::metrics::page::with_token))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/reasons", get(agent::reasons))
        .route("/api/v1/chats", post(chats::create))
        .route("/api/v1/chats/{id}", get(chats::get))
        .route(
            "/api/v1/chats/{id}/messages",
            post(chats::post_message).get(chats::list_messages),
        )
        .route("/api/v1/chats/{id}/events", get(chats::events))
        .route("/api/v1/chats/{id}/end", post(chats::end))
        .route("/api/v1/chats/{id}/pickup", post(chats::pick_up))
        .route("/api/v1/chats/{id}/transfer", post(chats::transfer))
        .route("/api/v1/chats/{id}/detail", get(lead::detail))
        .route("/api/v1/chats/{id}/whispers", post(lead::whisper))
        .route("/api/v1/chats/{id}/takeover", post(lead::take_over))
        .route("/api/v1/floor", get(lead::floor))
        .route("/api/v1/reviews", get(review::list))
        .route("/api/v1/reviews/{id}", get(review::get))
        .route("/api/v1/reviews/{id}/score", put(review::score))
        .route(
            "/api/v1/chats/{id}/disposition",
            put(chats::set_disposition),
        )
        .route("/api/v1/chats/{id}/transcript", get(transcript::download))
        .route(
            "/api/v1/chats/{id}/transcript/email",
            post(transcript::email),
        )
        .route("/api/v1/chats/{id}/hold", put(procedure::set_hold))
        .route("/api/v1/chats/{id}/verification", put(procedure::set_check))
        .route("/api/v1/chats/{id}/ticket", put(procedure::open_ticket))
        .route(
            "/api/v1/chats/{id}/escalations",
            post(escalations::escalate),
        )
        .route("/api/v1/escalation-templates", get(escalations::templates))
        .route("/api/v1/escalations", get(escalations::list))
        .route("/api/v1/escalations/{id}", get(escalations::get))
        .route("/api/v1/escalations/{id}/claim", post(escalations::claim))
        .route("/api/v1/escalations/{id}/close", post(escalations::close))
        .route("/api/v1/escalations/{id}/replies", post(escalations::reply))
        .route("/api/v1/missed", get(missed::list))
        .route("/api/v1/missed/{id}/claim", post(missed::claim))
        .route("/api/v1/missed/{id}/follow-up", post(missed::follow_up))
        .route("/api/v1/policy", get(procedure::policy))
        .route("/api/v1/follow-ups", get(procedure::list))
        .route(
            "/api/v1/commitments/{id}/done",
            post(procedure::commitment_done),
        )
        .route("/api/v1/me", get(agent::me))
        .route("/api/v1/me/presence", put(agent::set_presence))
        .route("/api/v1/me/snapshot", get(agent::snapshot))
        .route("/api/v1/me/events", get(agent::events))
        .route("/api/v1/queues", get(agent::queues))
        .route("/api/v1/agents", get(agent::agents))
        .route("/api/v1/dispositions", get(agent::dispositions))
        .route("/api/v1/canned", get(agent::canned))
        .route("/api/v1/offers/{id}/accept", post(agent::accept))
        .route("/api/v1/offers/{id}/decline", post(agent::decline))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            limits,
            deadline::within_deadline,
        ))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            body_pause,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(axum::middleware::map_response(headers::every_answer))
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            crate::server::metrics::page::count,
        ))
        .with_state(state)
}

#[utoipa::path(get, path = "/healthz", operation_id = "health", tag = "operations",
    responses((status = 200, description = "The backend is up", body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

/// Whether this node can serve requests now: a load balancer sends traffic only to ready
/// nodes. A node on PostgreSQL that cannot reach the database is up (`/healthz`) but not ready.
#[utoipa::path(get, path = "/readyz", operation_id = "ready", tag = "operations",
    responses(
        (status = 200, description = "The backend reaches its database and takes requests", body = Health),
        (status = 503, description = "The backend cannot reach its database now", body = crate::protocol::Problem, content_type = "application/problem+json"),
    ))]
pub async fn ready(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    match state.store.answers() {
        true => Ok(Json(Health {
            status: "ready".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        })),
        false => Err(ApiError::database_unreachable()),
    }
}

async fn openapi(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(crate::server::openapi::document(&state.catalog))
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!(
        "There is nothing at {}; the API is described at /api/v1/openapi.json.",
        uri.path()
    ))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        format!(
            "{} does not answer {method}; see /api/v1/openapi.json.",
            uri.path()
        ),
    )
}
