//! The `[limits]` table of `server.toml`: how much one client may ask of the backend. Every
//! key is optional; `0` turns a limit off.

use std::time::Duration;

use ipnet::IpNet;
use serde::Deserialize;
use toml::Spanned;

use crate::assets::AssetError;

/// A rate: so many per minute on average, after a burst of `burst` at once. `None`: no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_minute: u32,
    pub burst: u32,
}

/// The limits in force.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitSettings {
    pub new_chats: Option<Rate>,
    pub customer_messages: Option<Rate>,
    pub agent_requests: Option<Rate>,
    /// Event streams one token may hold open at once (`None`: any number).
    pub streams_per_token: Option<usize>,
    pub streams_per_address: Option<usize>,
    /// Open connections at once; past it new connections are closed as they arrive.
    pub connections: Option<usize>,
    /// How long a client has to send a request's head, counted from when the connection opens
    /// or the previous answer was sent: a kept-alive connection idle this long is closed.
    pub header_read_timeout: Option<Duration>,
    pub body_read_timeout: Option<Duration>,
    /// Longest a request may take, from its head until the answer starts (event streams
    /// start their answer at once and are not cut).
    pub request_timeout: Option<Duration>,
    /// Peers whose `X-Forwarded-For` names the client (a reverse proxy in front).
    pub trusted_proxies: Vec<IpNet>,
}

impl Default for LimitSettings {
    fn default() -> Self {
        LimitSettings {
            new_chats: Some(Rate {
                per_minute: 6,
                burst: 10,
            }),
            customer_messages: Some(Rate {
                per_minute: 60,
                burst: 20,
            }),
            agent_requests: Some(Rate {
                per_minute: 3000,
                burst: 300,
            }),
            streams_per_token: Some(4),
            streams_per_address: Some(64),
            connections: Some(4096),
            header_read_timeout: Some(Duration::from_secs(10)),
            body_read_timeout: Some(Duration::from_secs(15)),
            request_timeout: Some(Duration::from_secs(30)),
            trusted_proxies: ["127.0.0.1/32", "::1/128"]
                .iter()
                .filter_map(|net| net.parse().ok())
                .collect(),
        }
    }
}

impl LimitSettings {
    /// No limit at all (for load tests and the demo's simulated customers).
    pub fn none() -> LimitSettings {
        LimitSettings {
            new_chats: None,
            customer_messages: None,
            agent_requests: None,
            streams_per_token: None,
            streams_per_address: None,
            connections: None,
            header_read_timeout: None,
            body_read_timeout: None,
            request_timeout: None,
            trusted_proxies: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LimitsSection {
    new_chats_per_minute: Option<Spanned<u32>>,
    new_chats_burst: Option<Spanned<u32>>,
    customer_messages_per_minute: Option<Spanned<u32>>,
    customer_messages_burst: Option<Spanned<u32>>,
    agent_requests_per_minute: Option<Spanned<u32>>,
    agent_requests_burst: Option<Spanned<u32>>,
    streams_per_token: Option<u32>,
    streams_per_address: Option<u32>,
    connections: Option<u32>,
    header_read_timeout_secs: Option<u64>,
    body_read_timeout_secs: Option<u64>,
    request_timeout_secs: Option<u64>,
    trusted_proxies: Option<Vec<Spanned<String>>>,
}

pub(super) fn parse_limits(
    section: LimitsSection,
    error_at: &dyn Fn(Option<usize>, String) -> AssetError,
) -> Result<LimitSettings, AssetError> {
    let mut limits = LimitSettings::default();
    let rate = |default: Option<Rate>,
                per_minute: Option<Spanned<u32>>,
                burst: Option<Spanned<u32>>,
                what: &str|
     -> Result<Option<Rate>, AssetError> {
        let base = default.unwrap_or(Rate {
            per_minute: 0,
            burst: 0,
        });
        let per_minute_value = per_minute
            .as_ref()
            .map_or(base.per_minute, |v| *v.get_ref());
        if per_minute_value == 0 {
            return Ok(None);
        }
        let burst_value = burst.as_ref().map_or(base.burst, |v| *v.get_ref());
        if burst_value == 0 {
            return Err(error_at(
                burst.map(|b| b.span().start),
                format!(
                    "{what}_burst must be at least 1 while {what}_per_minute is set (set \
                     {what}_per_minute = 0 to turn the limit off)"
                ),
            ));
        }
        Ok(Some(Rate {
            per_minute: per_minute_value,
            burst: burst_value,
        }))
    };
    limits.new_chats = rate(
        limits.new_chats,
        section.new_chats_per_minute,
        section.new_chats_burst,
        "new_chats",
    )?;
    limits.customer_messages = rate(
        limits.customer_messages,
        section.customer_messages_per_minute,
        section.customer_messages_burst,
        "customer_messages",
    )?;
    limits.agent_requests = rate(
        limits.agent_requests,
        section.agent_requests_per_minute,
        section.agent_requests_burst,
        "agent_requests",
    )?;
    let count = |value: Option<u32>, default: Option<usize>| match value {
        Some(0) => None,
        Some(n) => usize::try_from(n).ok(),
        None => default,
    };
    limits.streams_per_token = count(section.streams_per_token, limits.streams_per_token);
    limits.streams_per_address = count(section.streams_per_address, limits.streams_per_address);
    limits.connections = count(section.connections, limits.connections);
    let secs = |value: Option<u64>, default: Option<Duration>| match value {
        Some(0) => None,
        Some(n) => Some(Duration::from_secs(n)),
        None => default,
    };
    limits.header_read_timeout = secs(section.header_read_timeout_secs, limits.header_read_timeout);
    limits.body_read_timeout = secs(section.body_read_timeout_secs, limits.body_read_timeout);
    limits.request_timeout = secs(section.request_timeout_secs, limits.request_timeout);
    if let Some(proxies) = section.trusted_proxies {
        limits.trusted_proxies = proxies
            .into_iter()
            .map(|entry| {
                let at = entry.span().start;
                let text = entry.into_inner();
                parse_network(text.trim()).ok_or_else(|| {
                    error_at(
                        Some(at),
                        format!(
                            "trusted_proxies: {text:?} is not an IP address or network \
                             (e.g. \"10.0.0.5\" or \"10.0.0.0/8\")"
                        ),
                    )
                })
            })
            .collect::<Result<_, _>>()?;
    }
    Ok(limits)
}

/// An address (a network of one) or a network in CIDR form.
fn parse_network(text: &str) -> Option<IpNet> {
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<std::net::IpAddr>().ok().map(IpNet::from))
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn keys_override_and_zero_turns_a_limit_off() {
        let text = "[limits]\nnew_chats_per_minute = 0\ncustomer_messages_burst = 5\n\
                    streams_per_token = 0\nrequest_timeout_secs = 5\n\
                    trusted_proxies = [\"10.0.0.0/8\", \"192.0.2.7\"]\n";
        let limits = parse("server.toml", text).unwrap().limits;
        assert_eq!(limits.new_chats, None);
        assert_eq!(
            limits.customer_messages,
            Some(Rate {
                per_minute: 60,
                burst: 5
            })
        );
        assert_eq!(limits.streams_per_token, None);
        assert_eq!(limits.request_timeout, Some(Duration::from_secs(5)));
        assert_eq!(limits.trusted_proxies.len(), 2);
        let storage = parse("server.toml", "[storage]\nwal_ceiling_mib = 16\n").unwrap();
        assert_eq!(storage.wal_ceiling_bytes, 16 * 1024 * 1024);
        assert!(
            limits.trusted_proxies[1].contains(&"192.0.2.7".parse::<std::net::IpAddr>().unwrap())
        );
    }

    #[test]
    fn mistakes_name_the_file_line_and_key() {
        let error = parse(
            "/srv/chatdesk/server.toml",
            "[limits]\ntrusted_proxies = [\"10.0.0.0/33\"]\n",
        )
        .unwrap_err();
        assert_eq!(
            (error.file.as_str(), error.line),
            ("/srv/chatdesk/server.toml", 2)
        );
        assert!(error.problem.contains("10.0.0.0/33"), "{}", error.problem);
        let error = parse("server.toml", "[limits]\nnew_chat_per_minute = 3\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(
            error.problem.contains("new_chat_per_minute"),
            "{}",
            error.problem
        );
        let error = parse("server.toml", "[limits]\nnew_chats_burst = 0\n").unwrap_err();
        assert!(
            error.problem.contains("new_chats_burst"),
            "{}",
            error.problem
        );
        let error = parse("server.toml", "[storage]\nwal_ceiling_mib = 1\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(
            error.problem.contains("wal_ceiling_mib"),
            "{}",
            error.problem
        );
    }
}
