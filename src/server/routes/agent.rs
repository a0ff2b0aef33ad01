//! The agent API: sign-in check, presence, snapshot and event stream, queues, offers.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use uuid::Uuid;

use crate::protocol::{
    AgentSummary, ChatDetail, Me, Offer, PresenceChange, Problem, QueueInfo, QueueListing, Role,
    Snapshot,
};
use crate::server::auth::AgentAuthed;
use crate::server::engine::{Ctx, offers, presence};
use crate::server::problem::{ApiError, Body, PathId};
use crate::server::store::{AgentRow, EventFilter, OfferState, StoreResult};
use crate::server::{AppState, stream};

/// The queues an agent follows: their own, or every queue for a lead.
fn followed_queues(cx: &Ctx, agent: &AgentRow) -> Vec<String> {
    if agent.role == Role::Lead {
        cx.catalog.queues.iter().map(|q| q.id.clone()).collect()
    } else {
        agent.queues.clone()
    }
}

#[utoipa::path(get, path = "/api/v1/me", operation_id = "getMe", tag = "agent", security(("bearer" = [])),
    responses(
        (status = 200, description = "Who this token signs in", body = Me),
        (status = 401, description = "Unknown or withdrawn token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn me(State(state): State<AppState>, agent: AgentAuthed) -> Result<Json<Me>, ApiError> {
    state.read(|cx| {
        let row = cx.agent(agent.id)?;
        Ok(Json(cx.me(&row)?))
    })
}

#[utoipa::path(put, path = "/api/v1/me/presence", operation_id = "setPresence", tag = "agent", request_body = PresenceChange,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The new presence", body = Me),
        (status = 409, description = "A chat still needs its disposition (names the chat)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_presence(
    State(state): State<AppState>,
    agent: AgentAuthed,
    Body(change): Body<PresenceChange>,
) -> Result<Json<Me>, ApiError> {
    let row = state
        .write(move |cx| presence::set_presence(cx, &agent.caller, change.presence))
        .await?;
    state.read(|cx| Ok(Json(cx.me(&row)?)))
}

fn pending_offers_of(cx: &mut Ctx, agent: Uuid) -> StoreResult<Vec<Offer>> {
    let mut offers = Vec::new();
    for offer in cx.tx.pending_offers()? {
        if offer.agent_id != agent || offer.state != OfferState::Pending {
            continue;
        }
        if let Some(chat) = cx.tx.chat(offer.chat_id)? {
            offers.push(cx.offer_view(&offer, &chat));
        }
    }
    Ok(offers)
}

#[utoipa::path(get, path = "/api/v1/me/snapshot", operation_id = "getSnapshot", tag = "agent", security(("bearer" = [])),
    responses((status = 200, description = "State at one event id; follow /api/v1/me/events from last_event_id", body = Snapshot)))]
pub async fn snapshot(
    State(state): State<AppState>,
    agent: AgentAuthed,
) -> Result<Json<Snapshot>, ApiError> {
    state.read(|cx| {
        let last_event_id = cx.tx.last_event_id()?;
        let row = cx.agent(agent.id)?;
        let me = cx.me(&row)?;
        let offers = pending_offers_of(cx, row.id)?;
        let mut chats = Vec::new();
        for chat in cx.tx.agent_chats(row.id)? {
            chats.push(cx.chat_detail(&chat)?);
        }
        let queues = cx.queue_listings(&followed_queues(cx, &row))?;
        Ok(Json(Snapshot {
            last_event_id,
            me,
            offers,
            chats,
            queues,
        }))
    })
}

#[utoipa::path(get, path = "/api/v1/me/events", operation_id = "agentEvents", tag = "agent", security(("bearer" = [])),
    params(("after" = Option<i64>, Query, minimum = 0, description = "Resume after this event id when Last-Event-ID cannot be sent"),
           ("Last-Event-ID" = Option<i64>, Header, minimum = 0, description = "Resume after this event id; without either, the stream starts now")),
    responses(
        (status = 200, description = "text/event-stream of Event: offers, messages, chat changes, presence, queue changes", body = crate::protocol::Event, content_type = "text/event-stream"),
        (status = 400, description = "`after` or `Last-Event-ID` is not a whole number of 0 or more", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn events(
    State(state): State<AppState>,
    agent: AgentAuthed,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let resume = stream::resume_point(&headers, &query)?;
    let (filter, after) = state.read(|cx| {
        let row = cx.agent(agent.id)?;
        let filter = EventFilter::Agent {
            id: row.id,
            queues: followed_queues(cx, &row),
            lead: row.role == Role::Lead,
        };
        let after = match resume {
            Some(after) => after,
            None => cx.tx.last_event_id()?,
        };
        Ok::<_, ApiError>((filter, after))
    })?;
    let slot = state.limits.open_stream(&agent.id.to_string(), None)?;
    Ok(stream::respond(
        state.store.clone(),
        state.hub.clone(),
        state.shutdown.clone(),
        (
            stream::Reader::Agent {
                token_hash: agent.token_hash,
            },
            slot,
        ),
        filter,
        after,
    )
    .into_response())
}

#[utoipa::path(get, path = "/api/v1/queues", operation_id = "listQueues", tag = "agent", security(("bearer" = [])),
    responses((status = 200, description = "Your queues (every queue for a lead) with the chats waiting, longest first", body = [QueueListing])))]
pub async fn queues(
    State(state): State<AppState>,
    agent: AgentAuthed,
) -> Result<Json<Vec<QueueListing>>, ApiError> {
    state.read(|cx| {
        let row = cx.agent(agent.id)?;
        let ids = followed_queues(cx, &row);
        Ok(Json(cx.queue_listings(&ids)?))
    })
}

#[utoipa::path(get, path = "/api/v1/agents", operation_id = "listAgents", tag = "agent", security(("bearer" = [])),
    responses((status = 200, description = "Everyone who can sign in, with presence and load (for transfers)", body = [AgentSummary])))]
pub async fn agents(
    State(state): State<AppState>,
    _agent: AgentAuthed,
) -> Result<Json<Vec<AgentSummary>>, ApiError> {
    state.read(|cx| Ok(Json(cx.agent_summaries()?)))
}

#[utoipa::path(post, path = "/api/v1/offers/{id}/accept", operation_id = "acceptOffer", tag = "agent",
    params(("id" = Uuid, Path, description = "Offer id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The chat is yours", body = ChatDetail),
        (status = 409, description = "The offer ended, or you are at capacity", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn accept(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
) -> Result<Json<ChatDetail>, ApiError> {
    let id = offer_id(&id)?;
    let chat = state
        .write(move |cx| offers::accept(cx, &agent.caller, id))
        .await?;
    state.read(|cx| Ok(Json(cx.chat_detail(&chat)?)))
}

#[utoipa::path(post, path = "/api/v1/offers/{id}/decline", operation_id = "declineOffer", tag = "agent",
    params(("id" = Uuid, Path, description = "Offer id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Declined; the chat goes to the next agent"),
        (status = 409, description = "The offer already ended: it expired, was answered, or its chat left the queue", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn decline(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
) -> Result<StatusCode, ApiError> {
    let id = offer_id(&id)?;
    state
        .write(move |cx| offers::decline(cx, &agent.caller, id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn offer_id(text: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text).map_err(|_| ApiError::not_found("You have no offer with this id."))
}

#[utoipa::path(get, path = "/api/v1/reasons", operation_id = "listReasons", tag = "customer",
    responses((status = 200, description = "The reasons (queues) a customer can choose", body = [QueueInfo])))]
pub async fn reasons(State(state): State<AppState>) -> Json<Vec<QueueInfo>> {
    Json(
        state
            .catalog
            .queues
            .iter()
            .map(|q| QueueInfo {
                id: q.id.clone(),
                name: q.name.clone(),
            })
            .collect(),
    )
}

#[utoipa::path(get, path = "/api/v1/canned", operation_id = "getCanned", tag = "agent", security(("bearer" = [])),
    responses((status = 200, description = "The team's canned responses as TOML text (empty when the data directory has none)", body = crate::protocol::TeamCanned)))]
pub async fn canned(
    State(state): State<AppState>,
    _agent: AgentAuthed,
) -> Result<Json<crate::protocol::TeamCanned>, ApiError> {
    let path = state.data_dir.join("canned.toml");
    match tokio::fs::read_to_string(&path).await {
        Ok(text) => Ok(Json(crate::protocol::TeamCanned {
            source: Some(path.display().to_string()),
            text,
        })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(Json(crate::protocol::TeamCanned {
                source: None,
                text: String::new(),
            }))
        }
        Err(e) => Err(ApiError::from(anyhow::anyhow!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

#[utoipa::path(get, path = "/api/v1/dispositions", operation_id = "listDispositions", tag = "agent", security(("bearer" = [])),
    responses((status = 200, description = "Disposition codes for wrap-up", body = [crate::protocol::DispositionCodeInfo])))]
pub async fn dispositions(
    State(state): State<AppState>,
    _agent: AgentAuthed,
) -> Json<Vec<crate::protocol::DispositionCodeInfo>> {
    Json(
        state
            .catalog
            .dispositions
            .iter()
            .map(|d| crate::protocol::DispositionCodeInfo {
                code: d.code.clone(),
                name: d.name.clone(),
                description: d.description.clone(),
            })
            .collect(),
    )
}
