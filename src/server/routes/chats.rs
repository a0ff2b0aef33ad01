//! `/api/v1/chats/...`: the customer contract, and the same chat routes for its agent.

use axum::Json;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

use uuid::Uuid;

use crate::protocol::{
    AgentChat, ChatCreated, ChatDetail, CustomerChat, EndChat, EndReason, Message, NewChat,
    NewMessage, Problem, Transfer, WrapUp,
};
use crate::server::auth::{
    AgentAuthed, Authed, CHAT_COOKIE, hash_token, new_customer_token, stream_caller,
};
use crate::server::engine::{Caller, Ctx, chats, offers, transfer, wrap_up};
use crate::server::limits::ClientAddr;
use crate::server::pages::PageVisit;
use crate::server::problem::{ApiError, Body, PathId, too_large};
use crate::server::store::{ChatRow, EventFilter, StoreResult};
use crate::server::{AppState, stream};

/// A chat id from the path; anything that is not one is simply not found.
pub fn chat_id(text: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text).map_err(|_| ApiError::no_such_chat())
}

/// The chat as this caller sees it.
fn chat_view(cx: &mut Ctx, caller: &Caller, chat: &ChatRow) -> StoreResult<Response> {
    Ok(match caller {
        Caller::Customer(_) => Json(cx.customer_chat(chat)?).into_response(),
        Caller::Agent { .. } => Json(cx.agent_chat(chat)?).into_response(),
    })
}

#[utoipa::path(post, path = "/api/v1/chats", operation_id = "createChat", tag = "customer", request_body = NewChat,
    responses(
        (status = 201, description = "The chat waits in its queue; keep the token", body = ChatCreated),
        (status = 422, description = "A field is missing or wrong", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    Body(new): Body<NewChat>,
) -> Result<Response, ApiError> {
    state.limits.new_chat(client.0)?;
    let token = new_customer_token();
    let token_hash = hash_token(&token);
    let (chat, position) = state
        .write(move |cx| chats::create(cx, new, token_hash))
        .await?;
    // Behind a TLS-terminating proxy the browser must send the cookie over HTTPS only.
    let secure = headers
        .get("x-forwarded-proto")
        .is_some_and(|p| p.as_bytes().eq_ignore_ascii_case(b"https"));
    let cookie = format!(
        "{CHAT_COOKIE}={token}; Path=/api/v1/chats/{}; HttpOnly; SameSite=Strict{}",
        chat.id,
        if secure { "; Secure" } else { "" }
    );
    let created = ChatCreated {
        id: chat.id,
        token,
        queue: chat.queue,
        position,
    };
    let mut response = (StatusCode::CREATED, Json(created)).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&format!("/api/v1/chats/{}", chat.id)) {
        headers.insert(header::LOCATION, value);
    }
    Ok(response)
}

#[utoipa::path(get, path = "/api/v1/chats/{id}", operation_id = "getChat", tag = "customer",
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The chat; customers get CustomerChat, its agent (and any lead) AgentChat", body = CustomerChat),
        (status = 404, description = "No such chat for this token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Authed(caller): Authed,
    PathId(id): PathId,
) -> Result<Response, ApiError> {
    let id = chat_id(&id)?;
    state.read(|cx| {
        let chat = cx.chat_to_read(&caller, id)?;
        Ok(chat_view(cx, &caller, &chat)?)
    })
}

#[utoipa::path(post, path = "/api/v1/chats/{id}/messages", operation_id = "postMessage", tag = "customer", request_body = NewMessage,
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Stored", body = Message),
        (status = 200, description = "Sent before with this client_msg_id; nothing new stored", body = Message),
        (status = 409, description = "The chat has ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty, longer than 4,000 characters, or (from an agent) with a placeholder still unfilled, e.g. `{ticket.id}`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn post_message(
    State(state): State<AppState>,
    Authed(caller): Authed,
    PathId(id): PathId,
    Body(new): Body<NewMessage>,
) -> Result<Response, ApiError> {
    let id = chat_id(&id)?;
    if let Caller::Customer(chat) = caller {
        state.limits.customer_message(chat)?;
    }
    // Every check of a message comes before its first write: no savepoint needed.
    let (message, created) = state
        .write_checked_first(move |cx| chats::post_message(cx, &caller, id, new))
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(message)).into_response())
}

#[utoipa::path(get, path = "/api/v1/chats/{id}/messages", operation_id = "listMessages", tag = "customer",
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The transcript, oldest first (its customer, its agent, any lead)", body = [Message])))]
pub async fn list_messages(
    State(state): State<AppState>,
    Authed(caller): Authed,
    PathId(id): PathId,
) -> Result<Json<Vec<Message>>, ApiError> {
    let id = chat_id(&id)?;
    state.read(|cx| {
        let chat = cx.chat_to_read(&caller, id)?;
        Ok(Json(cx.tx.messages(chat.id)?))
    })
}

#[utoipa::path(get, path = "/api/v1/chats/{id}/events", operation_id = "chatEvents", tag = "customer",
    params(("id" = Uuid, Path, description = "Chat id"),
           ("after" = Option<i64>, Query, minimum = 0, description = "Resume after this event id when Last-Event-ID cannot be sent"),
           ("Last-Event-ID" = Option<i64>, Header, minimum = 0, description = "Resume after this event id")),
    security(("bearer" = []), ("chat_cookie" = [])),
    responses(
        (status = 200, description = "text/event-stream of Event, from the chat's first event unless resuming", body = crate::protocol::Event, content_type = "text/event-stream"),
        (status = 400, description = "`after` or `Last-Event-ID` is not a whole number of 0 or more", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An agent's token: agents follow their chats on /api/v1/me/events", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn events(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    PathId(id): PathId,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let id = chat_id(&id)?;
    let caller = stream_caller(&state, &headers)?;
    match caller {
        Caller::Customer(own) if own == id => {}
        Caller::Customer(_) => return Err(ApiError::no_such_chat()),
        Caller::Agent { .. } => {
            return Err(ApiError::forbidden(
                "Agents follow their chats on /api/v1/me/events.",
            ));
        }
    }
    let after = stream::resume_point(&headers, &query)?.unwrap_or(0);
    let slot = state.limits.open_stream(&id.to_string(), Some(client.0))?;
    Ok(stream::respond(
        state.store.clone(),
        state.hub.clone(),
        state.shutdown.clone(),
        (stream::Reader::Customer(PageVisit::begin(&state, id)), slot),
        EventFilter::Customer(id),
        after,
    )
    .into_response())
}

#[utoipa::path(post, path = "/api/v1/chats/{id}/end", operation_id = "endChat", tag = "customer",
    params(("id" = Uuid, Path, description = "Chat id")),
    request_body(content = Option<EndChat>, description = "Optional: `{\"reason\": \"page_closed\"}` when the customer's page ends the chat as it closes (the chat cookie signs such a request in as well as the token)"),
    security(("bearer" = []), ("chat_cookie" = [])),
    responses(
        (status = 200, description = "Ended (ending twice changes nothing). A chat no agent wrote in is recorded as missed", body = CustomerChat),
        (status = 400, description = "The body is not an EndChat", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn end(
    State(state): State<AppState>,
    headers: HeaderMap,
    PathId(id): PathId,
    body: Result<axum::body::Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = chat_id(&id)?;
    let caller = stream_caller(&state, &headers)?;
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::bad_request(format!(
                "The request body could not be read: {}.",
                rejection.body_text()
            ))
        }
    })?;
    let request: EndChat = if body.iter().all(u8::is_ascii_whitespace) {
        EndChat::default()
    } else {
        // `null` is the JSON for "no body" too.
        serde_json::from_slice::<Option<EndChat>>(&body)
            .map(Option::unwrap_or_default)
            .map_err(|e| {
            ApiError::bad_request(format!(
                "The request body is not what ending a chat expects ({e}); send nothing, or {{\"reason\": \"page_closed\"}}."
            ))
        })?
    };
    let page_closed = request.reason == Some(EndReason::PageClosed);
    let view_caller = caller.clone();
    let chat = state
        .write(move |cx| chats::end(cx, &caller, id, page_closed))
        .await?;
    state.read(|cx| Ok(chat_view(cx, &view_caller, &chat)?))
}

#[utoipa::path(post, path = "/api/v1/chats/{id}/pickup", operation_id = "pickUpChat", tag = "agent",
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The chat is yours", body = ChatDetail),
        (status = 409, description = "Taken, ended, or you are at capacity", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn pick_up(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
) -> Result<Json<ChatDetail>, ApiError> {
    let id = chat_id(&id)?;
    let chat = state
        .write(move |cx| offers::pick_up(cx, &agent.caller, id))
        .await?;
    state.read(|cx| Ok(Json(cx.chat_detail(&chat)?)))
}

#[utoipa::path(post, path = "/api/v1/chats/{id}/transfer", operation_id = "transferChat", tag = "agent", request_body = Transfer,
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "To a queue: transferred. To a colleague: offered to them with the note (they are sent offer.created with it); the chat stays yours until they accept, and comes back with transfer.returned if they decline or the offer runs out. The notice goes to the customer at once for a queue, and for a colleague only when they accept. The chat as it is now", body = AgentChat),
        (status = 409, description = "The colleague cannot take it now", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn transfer(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
    Body(request): Body<Transfer>,
) -> Result<Json<AgentChat>, ApiError> {
    let id = chat_id(&id)?;
    let chat = state
        .write(move |cx| transfer::transfer(cx, &agent.caller, id, request))
        .await?;
    state.read(|cx| Ok(Json(cx.agent_chat(&chat)?)))
}

#[utoipa::path(put, path = "/api/v1/chats/{id}/disposition", operation_id = "setDisposition", tag = "agent", request_body = WrapUp,
    params(("id" = Uuid, Path, description = "Chat id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Recorded (again: replaces the earlier wrap-up, its commitment and ticket included)", body = AgentChat),
        (status = 409, description = "The chat has not ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown code, empty notes, a bad tag, a commitment due in the past or without a note, a ticket without a subject", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_disposition(
    State(state): State<AppState>,
    agent: AgentAuthed,
    PathId(id): PathId,
    Body(wrap_up): Body<WrapUp>,
) -> Result<Json<AgentChat>, ApiError> {
    let id = chat_id(&id)?;
    let chat = state
        .write(move |cx| wrap_up::set_disposition(cx, &agent.caller, id, wrap_up))
        .await?;
    state.read(|cx| Ok(Json(cx.agent_chat(&chat)?)))
}
