//! The `[metrics]` table of `server.toml`: where `GET /metrics` is served. On an address of its
//! own (`listen`), for a private network, without a token; on the API's address only with
//! `token` (which `CHATDESK_METRICS_TOKEN` overrides). Neither: the page is not served.

use std::net::SocketAddr;

use serde::Deserialize;
use toml::Spanned;

use crate::assets::AssetError;

/// The shortest metrics token taken: a guessable one would open the page to anyone.
pub const MIN_TOKEN_CHARS: usize = 16;

#[derive(Clone, Default, PartialEq)]
pub struct MetricsSettings {
    pub listen: Option<SocketAddr>,
    pub token: Option<String>,
}

impl std::fmt::Debug for MetricsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricsSettings")
            .field("listen", &self.listen)
            .field("token", &self.token.as_ref().map(|_| "…"))
            .finish()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MetricsSection {
    listen: Option<Spanned<String>>,
    token: Option<Spanned<String>>,
}

/// Why a metrics token is refused, if it is.
pub fn token_problem(token: &str) -> Option<String> {
    (token.trim().chars().count() < MIN_TOKEN_CHARS).then(|| {
        format!(
            "the metrics token must be at least {MIN_TOKEN_CHARS} characters (e.g. from \
             `openssl rand -hex 24`)"
        )
    })
}

pub(super) fn parse_metrics(
    section: MetricsSection,
    error_at: &dyn Fn(Option<usize>, String) -> AssetError,
) -> Result<MetricsSettings, AssetError> {
    let mut settings = MetricsSettings::default();
    if let Some(listen) = section.listen {
        let text = listen.get_ref();
        settings.listen = Some(text.parse().map_err(|_| {
            error_at(
                Some(listen.span().start),
                format!("listen = {text:?} is not an address and port, e.g. \"127.0.0.1:9464\""),
            )
        })?);
    }
    if let Some(token) = section.token {
        if let Some(problem) = token_problem(token.get_ref()) {
            return Err(error_at(
                Some(token.span().start),
                format!("token: {problem}"),
            ));
        }
        settings.token = Some(token.get_ref().trim().to_string());
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    #[test]
    fn the_metrics_table_sets_an_address_and_a_token_and_refuses_a_short_one() {
        let text = "[metrics]\nlisten = \"127.0.0.1:9464\"\ntoken = \"0123456789abcdef0123\"\n";
        let metrics = parse("server.toml", text).unwrap().metrics;
        assert_eq!(metrics.listen, Some("127.0.0.1:9464".parse().unwrap()));
        assert_eq!(metrics.token.as_deref(), Some("0123456789abcdef0123"));
        assert!(!format!("{metrics:?}").contains("0123456789"));
        let error = parse("server.toml", "[metrics]\ntoken = \"secret\"\n").unwrap_err();
        assert!(
            error.to_string().starts_with("server.toml:2:9: token"),
            "{error}"
        );
        let error = parse("server.toml", "[metrics]\nlisten = \"9464\"\n").unwrap_err();
        assert!(error.to_string().contains("listen"), "{error}");
    }
}
