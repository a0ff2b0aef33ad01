//! An event stream from the backend, read one checked event at a time.

use std::pin::Pin;
use std::time::Duration;

use chatdesk::protocol::{Event, EventBody};
use futures::{Stream, StreamExt};

use super::PATIENCE;

type Raw = Pin<
    Box<
        dyn Stream<
                Item = Result<
                    eventsource_stream::Event,
                    eventsource_stream::EventStreamError<reqwest::Error>,
                >,
            > + Send,
    >,
>;

pub struct Events {
    inner: Raw,
}

impl Events {
    /// Reads the server-sent events of an opened stream.
    pub(super) fn new(response: reqwest::Response) -> Events {
        Events {
            inner: Box::pin(eventsource_stream::EventStream::new(
                response.bytes_stream(),
            )),
        }
    }

    /// The next event, checking that the SSE id and name agree with the JSON.
    pub async fn next(&mut self) -> Option<Event> {
        let raw = tokio::time::timeout(PATIENCE, self.inner.next())
            .await
            .ok()??;
        let raw = raw.expect("a well-formed event");
        let event: Event = serde_json::from_str(&raw.data).expect("event JSON");
        if event.id == 0 {
            // A place in line is a hint, not stored: it has no SSE id and leaves the resume
            // point where it was.
            assert_eq!(
                event.body.kind(),
                "queue.position",
                "only hints come without an id"
            );
            assert_ne!(raw.id, "0");
        } else {
            assert_eq!(raw.id, event.id.to_string());
        }
        assert_eq!(raw.event, event.body.kind());
        Some(event)
    }

    /// The next event within `wait`, or `None`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<Event> {
        let raw = tokio::time::timeout(wait, self.inner.next()).await.ok()??;
        Some(serde_json::from_str(&raw.ok()?.data).expect("event JSON"))
    }

    /// The data of every event that arrives until the stream is quiet for half a second.
    pub async fn drain_text(&mut self) -> String {
        let mut text = String::new();
        while let Ok(Some(raw)) =
            tokio::time::timeout(Duration::from_millis(500), self.inner.next()).await
        {
            text.push_str(&raw.expect("a well-formed event").data);
            text.push('\n');
        }
        text
    }

    /// Skips events until one matches.
    pub async fn until(&mut self, what: &str, matches: impl Fn(&EventBody) -> bool) -> Event {
        loop {
            let event = self
                .next()
                .await
                .unwrap_or_else(|| panic!("the stream ended before {what}"));
            if matches(&event.body) {
                return event;
            }
        }
    }

    /// Waits for the next offer and returns its id.
    pub async fn offer(&mut self) -> chatdesk::protocol::Offer {
        match self
            .until("an offer", |b| matches!(b, EventBody::OfferCreated { .. }))
            .await
            .body
        {
            EventBody::OfferCreated { offer } => *offer,
            _ => unreachable!(),
        }
    }
}
