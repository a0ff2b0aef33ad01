//! Missed chats: the team's list of customers nobody answered, claiming one and saying how it
//! was followed up. The rules are in [`crate::server::engine::missed`].

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use uuid::Uuid;

use crate::protocol::{MissedChat, MissedInclude, NewFollowUp, Problem};
use crate::server::AppState;
use crate::server::auth::AgentAuthed;
use crate::server::engine::missed;
use crate::server::problem::{ApiError, Body, PathId};

fn missed_id(text: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text).map_err(|_| ApiError::not_found("There is no missed chat with this id."))
}

#[utoipa::path(get, path = "/api/v1/missed", operation_id = "listMissed", tag = "agent", security(("bearer" = [])),
    params(("include" = Option<MissedInclude>, Query, description = "`done` also lists the missed chats already followed up")),
    responses(
        (status = 200, description = "Newest first: every missed chat not yet followed up (everyone on the team sees all of them)", body = [MissedChat]),
        (status = 400, description = "`include` is not `done`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    agent: AgentAuthed,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Vec<MissedChat>>, ApiError> {
    let include_done = match query.get("include").map(|s| s.trim()) {
        None | Some("") => false,
        Some("done") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "include {other:?} is not known; use include=done to list followed-up chats too."
            )));
        }
    };
    state.read(|cx| Ok(Json(missed::list(cx, &agent.caller, include_done)?)))
}

#[utoipa::path(post, path = "/api/v1/missed/{id}/claim", operation_id = "claimMissed", tag = "agent",
    params(("id" = Uuid, Path, description = "Missed chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Yours to follow up (claiming your own claim again changes nothing); `missed.updated` goes to the queue's agents and the leads", body = MissedChat),
        (status = 404, description = "No such missed chat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A colleague claimed it, or it was followed up; `detail` names them", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn claim(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
) -> Result<Json<MissedChat>, ApiError> {
    let id = missed_id(&id)?;
    let claimed = state
        .write(move |cx| missed::claim(cx, &agent.caller, id))
        .await?;
    Ok(Json(claimed))
}

#[utoipa::path(post, path = "/api/v1/missed/{id}/follow-up", operation_id = "followUpMissed", tag = "agent", request_body = NewFollowUp,
    params(("id" = Uuid, Path, description = "Missed chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Followed up: it leaves the open list", body = MissedChat),
        (status = 404, description = "No such missed chat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not claimed yet, claimed by a colleague (named in `detail`), or already followed up", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown action, or an empty or too long note", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn follow_up(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
    Body(new): Body<NewFollowUp>,
) -> Result<Json<MissedChat>, ApiError> {
    let id = missed_id(&id)?;
    let done = state
        .write(move |cx| missed::follow_up(cx, &agent.caller, id, new))
        .await?;
    Ok(Json(done))
}
