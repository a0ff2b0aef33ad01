//! The leads' routes: the floor, a chat's detail, whispers and take-over. Who may do what is
//! decided in the engine ([`crate::server::engine::lead`]); agents get a 403 that says why.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::protocol::{ChatDetail, Floor, NewWhisper, Problem, Whisper};
use crate::server::AppState;
use crate::server::auth::AgentAuthed;
use crate::server::engine::{floor, lead};
use crate::server::problem::{ApiError, Body, PathId};
use crate::server::routes::chats::chat_id;

#[utoipa::path(get, path = "/api/v1/floor", operation_id = "getFloor", tag = "lead", security(("bearer" = [])),
    responses(
        (status = 200, description = "Everyone working (not offline, or holding chats) with load, longest customer wait and today's replies after the reply SLA (today in the backend's time zone); every queue; every active chat with since when its customer waits for an answer; escalations. Agents and chats are sorted by the longest wait first, unanswered chats before answered ones", body = Floor),
        (status = 403, description = "Only leads see the floor", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn floor(
    State(state): State<AppState>,
    agent: AgentAuthed,
) -> Result<Json<Floor>, ApiError> {
    state.read(|cx| Ok(Json(floor::floor(cx, &agent.caller)?)))
}

#[utoipa::path(get, path = "/api/v1/chats/{id}/detail", operation_id = "getChatDetail", tag = "lead",
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The chat with its transcript, the leads' whispers and its escalations; for its agent and for leads (read-only)", body = ChatDetail),
        (status = 404, description = "No such chat, or not yours (agents)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn detail(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
) -> Result<Json<ChatDetail>, ApiError> {
    let id = chat_id(&id)?;
    state.read(|cx| Ok(Json(lead::detail(cx, &agent.caller, id)?)))
}

#[utoipa::path(post, path = "/api/v1/chats/{id}/whispers", operation_id = "whisperToAgent", tag = "lead", request_body = NewWhisper,
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Stored and sent to the chat's agent as whisper.created; never to the customer", body = Whisper),
        (status = 403, description = "Only leads whisper", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such chat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The chat is not active", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty, or longer than 2,000 characters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn whisper(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
    Body(new): Body<NewWhisper>,
) -> Result<(StatusCode, Json<Whisper>), ApiError> {
    let id = chat_id(&id)?;
    let whisper = state
        .write(move |cx| lead::whisper(cx, &agent.caller, id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(whisper)))
}

#[utoipa::path(post, path = "/api/v1/chats/{id}/takeover", operation_id = "takeOverChat", tag = "lead",
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The chat is the lead's now (whatever the lead's load): its agent got chat.transferred, the customer agent.joined", body = ChatDetail),
        (status = 403, description = "Only leads take chats over", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such chat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The chat is not active, or already yours", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn take_over(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
) -> Result<Json<ChatDetail>, ApiError> {
    let id = chat_id(&id)?;
    let chat = state
        .write(move |cx| lead::take_over(cx, &agent.caller, id))
        .await?;
    state.read(|cx| Ok(Json(cx.chat_detail(&chat)?)))
}
