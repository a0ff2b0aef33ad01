//! Abuse limits: how fast one client address may open chats, one customer may send, one agent
//! may ask; how many event streams a token or an address may hold; how long a request may
//! take. The rates are GCRA buckets from the `governor` crate, keyed per client; the numbers
//! are data (`[limits]` in `server.toml`, see [`crate::server::settings`]). A refused request is answered
//! `429` with `Retry-After` and changes nothing, so what was stored before stays stored.

pub mod address;

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use uuid::Uuid;

pub use crate::server::settings::{LimitSettings, Rate};
pub use address::ClientAddr;

use crate::server::problem::ApiError;

/// One rate per key, with the key's name in the refusal.
struct Keyed<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    rate: Rate,
}

impl<K: Hash + Eq + Clone> Keyed<K> {
    fn new(rate: Rate) -> Option<Keyed<K>> {
        let per_minute = NonZeroU32::new(rate.per_minute)?;
        let burst = NonZeroU32::new(rate.burst)?;
        Some(Keyed {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst)),
            rate,
        })
    }

    /// `Err(wait)` when `key` has used its burst and must wait.
    fn check(&self, key: &K) -> Result<(), Duration> {
        self.limiter
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// The limits in force, with what each client has used.
pub struct Limits {
    pub settings: LimitSettings,
    new_chats: Option<Keyed<IpAddr>>,
    customer_messages: Option<Keyed<Uuid>>,
    agent_requests: Option<Keyed<Uuid>>,
    streams: Mutex<HashMap<String, usize>>,
    /// Requests refused by a limit since the start.
    limited: AtomicU64,
}

/// Whole seconds to wait, at least one.
fn retry_after(wait: Duration) -> u64 {
    u64::try_from(wait.as_millis().div_ceil(1000))
        .unwrap_or(u64::MAX)
        .max(1)
}

impl Limits {
    pub fn new(settings: LimitSettings) -> Limits {
        Limits {
            new_chats: settings.new_chats.and_then(Keyed::new),
            customer_messages: settings.customer_messages.and_then(Keyed::new),
            agent_requests: settings.agent_requests.and_then(Keyed::new),
            settings,
            streams: Mutex::new(HashMap::new()),
            limited: AtomicU64::new(0),
        }
    }

    fn refuse(&self, wait: Duration, detail: String) -> ApiError {
        self.limited.fetch_add(1, Ordering::Relaxed);
        ApiError::too_many_requests(detail, retry_after(wait))
    }

    /// A new chat from `client`.
    pub fn new_chat(&self, client: IpAddr) -> Result<(), ApiError> {
        let Some(keyed) = &self.new_chats else {
            return Ok(());
        };
        keyed.check(&address::limit_key(client)).map_err(|wait| {
            self.refuse(
                wait,
                format!(
                    "Too many new chats from your address ({} a minute at most, after {} at \
                     once); please try again in {} s.",
                    keyed.rate.per_minute,
                    keyed.rate.burst,
                    retry_after(wait)
                ),
            )
        })
    }

    /// A message from the customer of `chat`.
    pub fn customer_message(&self, chat: Uuid) -> Result<(), ApiError> {
        let Some(keyed) = &self.customer_messages else {
            return Ok(());
        };
        keyed.check(&chat).map_err(|wait| {
            self.refuse(
                wait,
                format!(
                    "You are sending messages faster than the team can read them; this one was \
                     not sent. Please send it again in {} s.",
                    retry_after(wait)
                ),
            )
        })
    }

    /// Any request of the agent or lead `agent`.
    pub fn agent_request(&self, agent: Uuid) -> Result<(), ApiError> {
        let Some(keyed) = &self.agent_requests else {
            return Ok(());
        };
        keyed.check(&agent).map_err(|wait| {
            self.refuse(
                wait,
                format!(
                    "Too many requests with this sign-in ({} a minute at most); nothing was \
                     changed. Please try again in {} s.",
                    keyed.rate.per_minute,
                    retry_after(wait)
                ),
            )
        })
    }

    /// Takes a place for one more event stream of `token` (a chat's or an agent's id), held
    /// until the returned slot is dropped. A customer's stream (`client` given) also counts
    /// against its address; agents' do not, since a whole office may share one address.
    pub fn open_stream(
        self: &Arc<Self>,
        token: &str,
        client: Option<IpAddr>,
    ) -> Result<StreamSlot, ApiError> {
        let mut keys = vec![(
            format!("token {token}"),
            self.settings.streams_per_token,
            "this sign-in",
        )];
        if let Some(client) = client {
            keys.push((
                format!("address {}", address::limit_key(client)),
                self.settings.streams_per_address,
                "your address",
            ));
        }
        let mut open = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        for (key, most, whose) in &keys {
            if let Some(most) = most
                && open.get(key).copied().unwrap_or(0) >= *most
            {
                drop(open);
                return Err(self.refuse(
                    Duration::from_secs(5),
                    format!(
                        "{most} event streams are already open for {whose}; close one (another \
                         tab or window) and try again."
                    ),
                ));
            }
        }
        let keys: Vec<String> = keys.into_iter().map(|(key, _, _)| key).collect();
        for key in &keys {
            *open.entry(key.clone()).or_default() += 1;
        }
        Ok(StreamSlot {
            limits: Arc::clone(self),
            keys,
        })
    }

    /// Requests refused by a limit since the start.
    pub fn limited(&self) -> u64 {
        self.limited.load(Ordering::Relaxed)
    }

    /// Forgets clients that have been quiet long enough to have their whole burst back, so
    /// memory follows the clients of the last minutes, not every client ever seen.
    pub fn forget_idle(&self) {
        if let Some(keyed) = &self.new_chats {
            keyed.forget_idle();
        }
        if let Some(keyed) = &self.customer_messages {
            keyed.forget_idle();
        }
        if let Some(keyed) = &self.agent_requests {
            keyed.forget_idle();
        }
    }
}

/// A place held by one open event stream; given back when dropped.
pub struct StreamSlot {
    limits: Arc<Limits>,
    keys: Vec<String>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self
            .limits
            .streams
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for key in &self.keys {
            if let Some(count) = open.get_mut(key) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    open.remove(key);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(settings: LimitSettings) -> Arc<Limits> {
        Arc::new(Limits::new(settings))
    }

    #[test]
    fn a_burst_then_a_refusal_with_the_wait() {
        let limits = limits(LimitSettings {
            new_chats: Some(Rate {
                per_minute: 6,
                burst: 3,
            }),
            ..LimitSettings::none()
        });
        let client: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..3 {
            limits.new_chat(client).unwrap();
        }
        let refused = limits.new_chat(client).unwrap_err();
        assert_eq!(refused.status.as_u16(), 429);
        assert!((1..=10).contains(&refused.retry_after_secs.unwrap()));
        // Another address is not affected.
        limits.new_chat("192.0.2.2".parse().unwrap()).unwrap();
        assert_eq!(limits.limited(), 1);
    }

    #[test]
    fn stream_places_come_back_when_a_stream_closes() {
        let limits = limits(LimitSettings {
            streams_per_token: Some(2),
            streams_per_address: Some(3),
            ..LimitSettings::none()
        });
        let client: IpAddr = "192.0.2.1".parse().unwrap();
        let first = limits.open_stream("a", Some(client)).unwrap();
        let _second = limits.open_stream("a", Some(client)).unwrap();
        assert!(
            limits.open_stream("a", Some(client)).is_err(),
            "a third for one token"
        );
        let _other = limits.open_stream("b", Some(client)).unwrap();
        assert!(
            limits.open_stream("c", Some(client)).is_err(),
            "a fourth for one address"
        );
        drop(first);
        limits.open_stream("a", Some(client)).unwrap();
        // Agents' streams do not count against the address.
        let _agents: Vec<StreamSlot> = (0..5)
            .map(|i| limits.open_stream(&format!("agent {i}"), None).unwrap())
            .collect();
    }

    #[test]
    fn waits_round_up_to_whole_seconds() {
        assert_eq!(retry_after(Duration::from_millis(1)), 1);
        assert_eq!(retry_after(Duration::from_secs(2)), 2);
        assert_eq!(retry_after(Duration::from_millis(2001)), 3);
        assert_eq!(retry_after(Duration::ZERO), 1);
    }
}
