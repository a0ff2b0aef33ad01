//! Reviews of ended chats: the flags the backend read from each chat, and the leads' scores.
//! Who may see and score what is decided in [`crate::server::engine::review`].

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};

use crate::protocol::{NewScore, Problem, Review, ReviewDetail, ReviewQuery};
use crate::server::AppState;
use crate::server::auth::AgentAuthed;
use crate::server::engine::review;
use crate::server::problem::{ApiError, Body, PathId};
use crate::server::routes::chats::chat_id;

#[utoipa::path(get, path = "/api/v1/reviews", operation_id = "listReviews", tag = "agent", security(("bearer" = [])),
    params(ReviewQuery),
    responses(
        (status = 200, description = "Reviews of ended chats that had an agent, the latest ended first: every chat's for a lead; only your own chats' for an agent (naming another agent gives an empty list)", body = [Review]),
        (status = 400, description = "`flag` is not one of the flags", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A date is not YYYY-MM-DD, `from` is after `to`, or nobody signs in with `agent` (leads)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    agent: AgentAuthed,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Vec<Review>>, ApiError> {
    let text = |name: &str| params.get(name).cloned();
    let flag = match params.get("flag").map(|f| f.trim()) {
        None | Some("") => None,
        Some(flag) => Some(review::parse_flag(flag)?),
    };
    let query = ReviewQuery {
        agent: text("agent"),
        from: text("from"),
        to: text("to"),
        disposition: text("disposition"),
        flag,
    };
    state.read(|cx| Ok(Json(review::list(cx, &agent.caller, &query)?)))
}

#[utoipa::path(get, path = "/api/v1/reviews/{chat_id}", operation_id = "getReview", tag = "agent",
    params(("chat_id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The review, the transcript, and the messages its flags point to", body = ReviewDetail),
        (status = 404, description = "No review of this chat (it has not ended or never had an agent), or not your chat (agents)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
) -> Result<Json<ReviewDetail>, ApiError> {
    let id = chat_id(&id)?;
    state.read(|cx| Ok(Json(review::detail(cx, &agent.caller, id)?)))
}

#[utoipa::path(put, path = "/api/v1/reviews/{chat_id}/score", operation_id = "scoreReview", tag = "lead", request_body = NewScore,
    params(("chat_id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Scored (scoring again replaces the score and comment)", body = Review),
        (status = 403, description = "Only leads score chats", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No review of this chat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The score is not 1 to 5, or the comment is over 2,000 characters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn score(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
    Body(new): Body<NewScore>,
) -> Result<Json<Review>, ApiError> {
    let id = chat_id(&id)?;
    let review = state
        .write(move |cx| review::score(cx, &agent.caller, id, new))
        .await?;
    Ok(Json(review))
}
