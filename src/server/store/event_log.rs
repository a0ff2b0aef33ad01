//! What the event log stores of an event, in either dialect, and how a stored event is put
//! back together for a stream.
//!
//! A `message.created` event does not copy its message: the row keeps the message's key
//! (`message_sender`, `message_client_id`) and the message is read back from its own row when
//! the event is replayed. Live delivery still gets the whole event, built before it is stored.

use anyhow::Context;
use serde_json::Value;
use uuid::Uuid;

use crate::policy::cards::{mask, mask_json};
use crate::protocol::{Event, EventBody, Message};
use crate::server::store::columns::Column;
use crate::server::store::{Audience, EventRecord, StoreResult, timestamp};

/// What is stored of a `message.created` event: the message itself is read back from its row.
#[derive(serde::Serialize)]
struct MessageRef {
    id: i64,
    at: jiff::Timestamp,
    chat_id: Option<Uuid>,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// The message inserted last in a transaction: its id, sender and client id.
pub type LastMessage = Option<(Uuid, String, String)>;

/// The key (sender, client id) of the message a `message.created` event announces, when that
/// message was stored in this transaction (it always is).
pub fn message_key(last_message: &LastMessage, body: &EventBody) -> Option<(String, String)> {
    let EventBody::MessageCreated { message } = body else {
        return None;
    };
    last_message
        .as_ref()
        .filter(|(id, _, _)| *id == message.id)
        .map(|(_, sender, client)| (sender.clone(), client.clone()))
}

/// An event given id `seq`: the values of its row (in the order of
/// [`super::sql::events::APPEND`]) and the record live streams get.
pub fn appended(
    seq: i64,
    audience: Audience,
    chat_id: Option<Uuid>,
    at_ms: i64,
    body: &EventBody,
    message_key: Option<(String, String)>,
) -> StoreResult<([Column<'static>; 10], EventRecord)> {
    let event = Event {
        id: seq,
        at: timestamp(at_ms),
        chat_id,
        body: body.clone(),
    };
    let json = mask_json(&event).context("an event serialises")?;
    let stored = match message_key {
        Some(_) => mask_json(&MessageRef {
            id: seq,
            at: event.at,
            chat_id,
            kind: body.kind(),
        })
        .context("an event serialises")?,
        None => json.clone(),
    };
    let (sender, client) = message_key.unzip();
    let values = [
        seq.into(),
        chat_id.into(),
        audience.customer.into(),
        audience.agent.into(),
        audience.queue.as_deref().map(mask).into(),
        body.kind().into(),
        stored.into(),
        audience.leads.into(),
        sender.as_deref().map(mask).into(),
        client.as_deref().map(mask).into(),
    ];
    let record = EventRecord {
        seq,
        chat_id,
        audience,
        kind: body.kind().to_string(),
        json: json.into_string(),
    };
    Ok((values, record))
}

/// A stored event's JSON with the message it refers to put back in.
pub fn with_message(json: &str, message: &Message) -> anyhow::Result<String> {
    let mut event: serde_json::Map<String, Value> =
        serde_json::from_str(json).context("a stored event is a JSON object")?;
    event.insert("message".to_string(), serde_json::to_value(message)?);
    Ok(Value::Object(event).to_string())
}
