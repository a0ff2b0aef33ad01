//! The support procedure's routes: the policy the backend enforces, hold, the verification
//! checklist, and the agent's follow-ups.

use axum::Json;
use axum::extract::State;
use uuid::Uuid;

use crate::protocol::{
    AgentChat, CheckChange, Commitment, FollowUps, HoldChange, NewTicket, Problem, ProcedureInfo,
    Ticket,
};
use crate::server::AppState;
use crate::server::auth::AgentAuthed;
use crate::server::engine::{follow_ups, procedure};
use crate::server::problem::{ApiError, Body, PathId};
use crate::server::routes::chats::chat_id;

#[utoipa::path(get, path = "/api/v1/policy", operation_id = "getPolicy", tag = "agent", security(("bearer" = [])),
    responses((status = 200, description = "The procedure's timing and verification checklist, as this backend enforces them", body = ProcedureInfo)))]
pub async fn policy(State(state): State<AppState>, _agent: AgentAuthed) -> Json<ProcedureInfo> {
    Json(state.catalog.procedure())
}

#[utoipa::path(put, path = "/api/v1/chats/{id}/hold", operation_id = "setHold", tag = "agent", request_body = HoldChange,
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The chat as it is now (`on_hold_since` set or cleared); the customer is not sent an event", body = AgentChat),
        (status = 404, description = "Not your chat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The chat is not active, or the customer has not said yes to holding since the last hold (and `customer_agreed` is not set)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_hold(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
    Body(change): Body<HoldChange>,
) -> Result<Json<AgentChat>, ApiError> {
    let id = chat_id(&id)?;
    let chat = state
        .write(move |cx| procedure::set_hold(cx, &agent.caller, id, change))
        .await?;
    state.read(|cx| Ok(Json(cx.agent_chat(&chat)?)))
}

#[utoipa::path(put, path = "/api/v1/chats/{id}/verification", operation_id = "setVerificationCheck", tag = "agent", request_body = CheckChange,
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The chat with its checklist; `verified_at` is set once every check is done", body = AgentChat),
        (status = 404, description = "Not your chat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The chat is not active", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a check of the checklist (the answer names them)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_check(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
    Body(change): Body<CheckChange>,
) -> Result<Json<AgentChat>, ApiError> {
    let id = chat_id(&id)?;
    let chat = state
        .write(move |cx| procedure::set_check(cx, &agent.caller, id, change))
        .await?;
    state.read(|cx| Ok(Json(cx.agent_chat(&chat)?)))
}

#[utoipa::path(put, path = "/api/v1/chats/{id}/ticket", operation_id = "openTicket", tag = "agent", request_body = NewTicket,
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The chat's ticket, opened now or edited (its id, and so its reference, stays the same); the agent is sent chat.updated with it", body = Ticket),
        (status = 404, description = "Not your chat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The chat is still waiting in its queue", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No subject, or a subject or note too long", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn open_ticket(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
    Body(new): Body<NewTicket>,
) -> Result<Json<Ticket>, ApiError> {
    let id = chat_id(&id)?;
    let ticket = state
        .write(move |cx| procedure::open_ticket(cx, &agent.caller, id, new))
        .await?;
    Ok(Json(ticket))
}

#[utoipa::path(get, path = "/api/v1/follow-ups", operation_id = "listFollowUps", tag = "agent", security(("bearer" = [])),
    responses((status = 200, description = "Your open commitments, soonest due first, and your 100 newest tickets, newest first", body = FollowUps)))]
pub async fn list(
    State(state): State<AppState>,
    agent: AgentAuthed,
) -> Result<Json<FollowUps>, ApiError> {
    state.read(|cx| Ok(Json(follow_ups::follow_ups(cx, &agent.caller)?)))
}

#[utoipa::path(post, path = "/api/v1/commitments/{id}/done", operation_id = "markCommitmentDone", tag = "agent",
    params(("id" = Uuid, Path, description = "Commitment id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Done; `done_at` says when (marking it again keeps the first time)", body = Commitment),
        (status = 404, description = "You have no commitment with this id", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn commitment_done(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
) -> Result<Json<Commitment>, ApiError> {
    let id = Uuid::parse_str(&id)
        .map_err(|_| ApiError::not_found("You have no commitment with this id."))?;
    let done = state
        .write(move |cx| follow_ups::commitment_done(cx, &agent.caller, id))
        .await?;
    Ok(Json(done))
}
