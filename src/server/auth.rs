//! Sign-in tokens: agents' tokens are issued by `chatdesk agents add`, customers' by
//! `POST /api/v1/chats`. Only a SHA-256 hash of a token is stored.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use uuid::Uuid;

use crate::server::AppState;
use crate::server::engine::Caller;
use crate::server::problem::ApiError;
use crate::server::store::TokenHash;

const AGENT_PREFIX: &str = "cda_";
const CUSTOMER_PREFIX: &str = "cdc_";
/// The cookie a customer's browser sends to open its chat's event stream.
pub const CHAT_COOKIE: &str = "chatdesk_chat";

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the operating system provides random bytes");
    crate::server::store::hex(&buf)
}

/// A new agent token: 256 random bits.
pub fn new_agent_token() -> String {
    format!("{AGENT_PREFIX}{}", random_hex(32))
}

/// A new customer token: 256 random bits.
pub fn new_customer_token() -> String {
    format!("{CUSTOMER_PREFIX}{}", random_hex(32))
}

pub fn hash_token(token: &str) -> TokenHash {
    TokenHash::of(token)
}

pub(crate) fn bearer(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(value) = headers.get(axum::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| ApiError::unauthorized("The Authorization header is not readable text."))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => Ok(Some(token.trim())),
        _ => Err(ApiError::unauthorized(
            "Send the token as: Authorization: Bearer TOKEN.",
        )),
    }
}

/// The value of `name` in the Cookie headers.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// Customer tokens already seen, by hash. A chat's token never changes, so an entry never goes
/// stale; the map is emptied when it grows past [`ChatTokens::LIMIT`].
#[derive(Default)]
pub struct ChatTokens {
    known: Mutex<HashMap<TokenHash, Uuid>>,
}

impl ChatTokens {
    const LIMIT: usize = 100_000;

    fn get(&self, hash: &TokenHash) -> Option<Uuid> {
        self.known.lock().expect("chat tokens").get(hash).copied()
    }

    fn remember(&self, hash: TokenHash, chat: Uuid) {
        let mut known = self.known.lock().expect("chat tokens");
        if known.len() >= Self::LIMIT {
            known.clear();
        }
        known.insert(hash, chat);
    }
}

/// Who a token belongs to.
pub fn identify(state: &AppState, token: &str) -> Result<Caller, ApiError> {
    let hash = hash_token(token);
    if token.starts_with(AGENT_PREFIX) {
        let agent = state.store.read(|tx| tx.agent_by_token(&hash))?;
        if let Some(agent) = &agent {
            state.limits.agent_request(agent.id)?;
        }
        return agent
            .map(|a| Caller::Agent {
                id: a.id,
                role: a.role,
            })
            .ok_or_else(|| {
                ApiError::unauthorized(
                    "This sign-in token is unknown or was withdrawn; ask your operator for a new one.",
                )
            });
    }
    if token.starts_with(CUSTOMER_PREFIX) {
        if let Some(chat) = state.chat_tokens.get(&hash) {
            return Ok(Caller::Customer(chat));
        }
        let chat = state.store.read(|tx| tx.chat_id_by_token(&hash))?;
        if let Some(chat) = chat {
            state.chat_tokens.remember(hash, chat);
        }
        return chat
            .map(Caller::Customer)
            .ok_or_else(|| ApiError::unauthorized("This chat token is unknown."));
    }
    Err(ApiError::unauthorized(
        "This token is not a chatdesk token.",
    ))
}

/// A request's caller, from `Authorization: Bearer`.
pub struct Authed(pub Caller);

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match bearer(&parts.headers)? {
            Some(token) => identify(state, token).map(Authed),
            None => Err(ApiError::unauthorized(
                "Sign in: send Authorization: Bearer TOKEN with this request.",
            )),
        }
    }
}

/// An agent or lead caller; customers get 403.
pub struct AgentAuthed {
    pub id: Uuid,
    pub caller: Caller,
    /// Hash of the token used, to notice when it is withdrawn.
    pub token_hash: TokenHash,
}

impl FromRequestParts<AppState> for AgentAuthed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Authed(caller) = Authed::from_request_parts(parts, state).await?;
        let token_hash = bearer(&parts.headers)?.map(hash_token).unwrap_or_default();
        match caller {
            Caller::Agent { id, .. } => Ok(AgentAuthed {
                id,
                caller,
                token_hash,
            }),
            Caller::Customer(_) => Err(ApiError::forbidden(
                "This route is for agents; a chat token cannot use it.",
            )),
        }
    }
}

/// The caller of a customer's event stream: the bearer token, else the chat cookie.
pub fn stream_caller(state: &AppState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    if let Some(token) = bearer(headers)? {
        return identify(state, token);
    }
    match cookie(headers, CHAT_COOKIE) {
        Some(token) => identify(state, token),
        None => Err(ApiError::unauthorized(
            "Sign in: send Authorization: Bearer TOKEN, or the cookie set when the chat was created.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_prefixed() {
        let a = new_agent_token();
        let b = new_agent_token();
        assert_ne!(a, b);
        assert!(a.starts_with(AGENT_PREFIX));
        assert_eq!(a.len(), AGENT_PREFIX.len() + 64);
        assert!(new_customer_token().starts_with(CUSTOMER_PREFIX));
    }

    #[test]
    fn only_the_hash_is_kept_and_it_is_stable() {
        let token = new_agent_token();
        assert_eq!(hash_token(&token), hash_token(&token));
        let hash = hash_token(&token);
        assert!(!hash.as_str().contains(&token[AGENT_PREFIX.len()..]));
        assert_eq!(hash.as_str().len(), 64);
        // SHA-256 in lower-case hexadecimal, as stored since the first release: tokens handed
        // out before still sign in.
        assert_eq!(
            hash_token("abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn cookies_are_found_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::COOKIE,
            "theme=dark; chatdesk_chat=cdc_abc; x=1".parse().unwrap(),
        );
        assert_eq!(cookie(&headers, CHAT_COOKIE), Some("cdc_abc"));
        assert_eq!(cookie(&headers, "missing"), None);
    }
}
