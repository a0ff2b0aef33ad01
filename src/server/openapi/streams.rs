//! How the event streams are described: each Server-Sent Event as it is on the wire — its
//! `id`, its `event` (the type) and its `data`, a JSON [`crate::protocol::Event`] — so a client
//! or a checker reads the stream's events, not a single JSON body.

use serde_json::{Value, json};

/// The media type of the event streams.
const EVENT_STREAM: &str = "text/event-stream";

/// The schema of one event on a stream.
fn server_sent_event() -> Value {
    json!({
        "type": "object",
        "description": "One Server-Sent Event. A client that reconnects sends the last `id` it \
            read as `Last-Event-ID` and receives exactly the events after it.",
        "required": ["id", "event", "data"],
        "properties": {
            "id": {
                "type": "string",
                "pattern": "^[0-9]+$",
                "description": "The event's id, the same as `id` in `data`"
            },
            "event": {
                "type": "string",
                "description": "The event's type, the same as `type` in `data`, e.g. `chat.queued`"
            },
            "data": {
                "type": "string",
                "contentMediaType": "application/json",
                "contentSchema": {"$ref": "#/components/schemas/Event"},
                "description": "The event itself, as JSON"
            }
        }
    })
}

/// Describes every `text/event-stream` answer of `doc` (the document as JSON) as a stream of
/// [`server_sent_event`]s.
pub fn describe_streams(doc: &mut Value) {
    doc["components"]["schemas"]["ServerSentEvent"] = server_sent_event();
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    let operations = paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut());
    for operation in operations {
        let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for response in responses.values_mut() {
            let content = response.get_mut("content");
            if let Some(stream) = content.and_then(|c| c.get_mut(EVENT_STREAM)) {
                // Under OpenAPI 3.1 the schema of a stream's media type describes each event.
                *stream = json!({
                    "schema": {"$ref": "#/components/schemas/ServerSentEvent"}
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_is_described_event_by_event() {
        let mut doc = json!({"components": {"schemas": {}}, "paths": {"/api/v1/me/events": {"get": {
            "responses": {
                "200": {"content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/Event"}}}},
                "400": {"content": {"application/problem+json": {}}},
                "429": {"$ref": "#/components/responses/TooManyRequests"}
            }
        }}}});
        describe_streams(&mut doc);
        let responses = &doc["paths"]["/api/v1/me/events"]["get"]["responses"];
        assert_eq!(
            responses["200"]["content"][EVENT_STREAM],
            json!({"schema": {"$ref": "#/components/schemas/ServerSentEvent"}})
        );
        assert_eq!(
            responses["400"]["content"],
            json!({"application/problem+json": {}})
        );
        assert_eq!(
            responses["429"],
            json!({"$ref": "#/components/responses/TooManyRequests"}),
            "answers without content are left alone"
        );
        let event = &doc["components"]["schemas"]["ServerSentEvent"];
        assert_eq!(
            event["properties"]["data"]["contentSchema"]["$ref"],
            "#/components/schemas/Event"
        );
    }
}
