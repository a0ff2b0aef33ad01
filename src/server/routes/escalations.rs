//! Escalations to leads: the templates, sending one about a chat, and the leads' claim and
//! answer. The rules are in [`crate::server::engine::escalations`].

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::protocol::{
    Escalation, EscalationState, EscalationTemplate, FieldProblem, NewEscalation, NewReply, Problem,
};
use crate::server::AppState;
use crate::server::auth::AgentAuthed;
use crate::server::engine::escalations;
use crate::server::problem::{ApiError, Body, PathId};
use crate::server::routes::chats::chat_id;

/// A `422`: a problem with the extension member `errors`, one entry per problem, named by
/// field, when fields fail their template's rules. A body that is not the JSON the route
/// expects at all is a plain problem, without `errors`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ValidationProblem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// Every problem in one sentence.
    pub detail: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

fn escalation_id(text: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text)
        .map_err(|_| ApiError::not_found("There is no escalation with this id that you can open."))
}

#[utoipa::path(get, path = "/api/v1/escalation-templates", operation_id = "listEscalationTemplates", tag = "agent", security(("bearer" = [])),
    responses((status = 200, description = "The templates an agent escalates with, each with its fields, their rules and the channel it goes to now (the weekend channel on weekend days and holidays)", body = [EscalationTemplate])))]
pub async fn templates(
    State(state): State<AppState>,
    _agent: AgentAuthed,
) -> Json<Vec<EscalationTemplate>> {
    let escalations = &state.catalog.escalations;
    let now = jiff::Timestamp::now();
    Json(
        escalations
            .templates
            .iter()
            .map(|template| {
                let routed = escalations.route(template, now);
                EscalationTemplate {
                    channel: routed.id,
                    channel_name: routed.name,
                    ..template.clone()
                }
            })
            .collect(),
    )
}

#[utoipa::path(post, path = "/api/v1/chats/{id}/escalations", operation_id = "escalateChat", tag = "agent", request_body = NewEscalation,
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Sent: open, in the template's channel (the weekend channel on weekends and holidays), with any warnings the fields gave; `escalation.updated` goes to you and to the leads", body = Escalation),
        (status = 404, description = "Not your chat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The chat is queued, or ended with its disposition recorded", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields that fail their template's rules, each named in `errors`", body = ValidationProblem, content_type = "application/problem+json"),
    ))]
pub async fn escalate(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
    Body(new): Body<NewEscalation>,
) -> Result<(StatusCode, Json<Escalation>), ApiError> {
    let id = chat_id(&id)?;
    let escalation = state
        .write(move |cx| escalations::escalate(cx, &agent.caller, id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(escalation)))
}

#[utoipa::path(get, path = "/api/v1/escalations", operation_id = "listEscalations", tag = "agent", security(("bearer" = [])),
    params(("state" = Option<EscalationState>, Query, description = "Only escalations in this state")),
    responses(
        (status = 200, description = "Oldest first: every escalation for a lead, your own for an agent", body = [Escalation]),
        (status = 400, description = "`state` is not open, claimed or answered", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    agent: AgentAuthed,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Vec<Escalation>>, ApiError> {
    let wanted = match query.get("state").map(|s| s.trim()) {
        None | Some("") => None,
        Some("open") => Some(EscalationState::Open),
        Some("claimed") => Some(EscalationState::Claimed),
        Some("answered") => Some(EscalationState::Answered),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "state {other:?} is not one of open, claimed or answered."
            )));
        }
    };
    state.read(|cx| Ok(Json(escalations::list(cx, &agent.caller, wanted)?)))
}

#[utoipa::path(get, path = "/api/v1/escalations/{id}", operation_id = "getEscalation", tag = "agent",
    params(("id" = Uuid, Path, description = "Escalation id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The escalation with its thread", body = Escalation),
        (status = 404, description = "No such escalation, or another agent's", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
) -> Result<Json<Escalation>, ApiError> {
    let id = escalation_id(&id)?;
    state.read(|cx| Ok(Json(escalations::get(cx, &agent.caller, id)?)))
}

#[utoipa::path(post, path = "/api/v1/escalations/{id}/close", operation_id = "closeEscalation", tag = "lead",
    params(("id" = Uuid, Path, description = "Escalation id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Closed: it leaves the floor (closing a closed one changes nothing)", body = Escalation),
        (status = 403, description = "Only leads close escalations", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such escalation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Its chat is still going", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn close(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
) -> Result<Json<Escalation>, ApiError> {
    let id = escalation_id(&id)?;
    let escalation = state
        .write(move |cx| escalations::close(cx, &agent.caller, id))
        .await?;
    Ok(Json(escalation))
}

#[utoipa::path(post, path = "/api/v1/escalations/{id}/claim", operation_id = "claimEscalation", tag = "agent",
    params(("id" = Uuid, Path, description = "Escalation id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Yours now (claiming your own claim again changes nothing)", body = Escalation),
        (status = 403, description = "Only leads claim", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such escalation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another lead claimed it; `detail` names them", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn claim(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
) -> Result<Json<Escalation>, ApiError> {
    let id = escalation_id(&id)?;
    let escalation = state
        .write(move |cx| escalations::claim(cx, &agent.caller, id))
        .await?;
    Ok(Json(escalation))
}

#[utoipa::path(post, path = "/api/v1/escalations/{id}/replies", operation_id = "replyToEscalation", tag = "agent", request_body = NewReply,
    params(("id" = Uuid, Path, description = "Escalation id")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Added to the thread. A lead's reply answers the escalation (claiming it if nobody had); the escalating agent's reply leaves its state as it was", body = Escalation),
        (status = 404, description = "No such escalation, or another agent's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another lead claimed it; `detail` names them", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty, too long, or in capitals; named in `errors` (field `body`)", body = ValidationProblem, content_type = "application/problem+json"),
    ))]
pub async fn reply(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
    Body(new): Body<NewReply>,
) -> Result<(StatusCode, Json<Escalation>), ApiError> {
    let id = escalation_id(&id)?;
    let escalation = state
        .write(move |cx| escalations::reply(cx, &agent.caller, id, new))
        .await?;
    Ok((StatusCode::CREATED, Json(escalation)))
}
