//! The `[server]` table of `server.toml`: where the backend listens and how it logs. A flag or
//! a `CHATDESK_*` variable given at start wins over the file, and the file over the defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use crate::assets::AssetError;

/// How the log on standard error is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// For people.
    Text,
    /// One JSON object per line, for journald or a log shipper.
    Json,
}

/// What `[server]` sets; `None` leaves the default (or what the command line says).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServeSettings {
    pub listen: Option<SocketAddr>,
    /// As written; only a file given with `--config` may say where the data directory is
    /// (relative to the file's own directory).
    pub data_dir: Option<PathBuf>,
    pub log_format: Option<LogFormat>,
    /// A `tracing` filter, e.g. `info` or `chatdesk=debug,warn`.
    pub log_level: Option<String>,
    /// A PostgreSQL database (`postgres://user@host:port/name`) instead of SQLite in the data
    /// directory: what lets several nodes serve one team.
    pub database: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ServeSection {
    listen: Option<Spanned<String>>,
    data_dir: Option<Spanned<String>>,
    log_format: Option<Spanned<String>>,
    log_level: Option<Spanned<String>>,
    database: Option<Spanned<String>>,
}

pub(super) fn parse_serve(
    section: ServeSection,
    error_at: &dyn Fn(Option<usize>, String) -> AssetError,
) -> Result<ServeSettings, AssetError> {
    let mut settings = ServeSettings::default();
    if let Some(listen) = section.listen {
        let text = listen.get_ref();
        settings.listen = Some(text.parse().map_err(|_| {
            error_at(
                Some(listen.span().start),
                format!("listen = {text:?} is not an address and port, e.g. \"127.0.0.1:7878\""),
            )
        })?);
    }
    if let Some(dir) = section.data_dir {
        if dir.get_ref().trim().is_empty() {
            return Err(error_at(
                Some(dir.span().start),
                "data_dir is empty; name a directory, e.g. \"/var/lib/chatdesk\"".to_string(),
            ));
        }
        settings.data_dir = Some(PathBuf::from(dir.get_ref()));
    }
    if let Some(format) = section.log_format {
        settings.log_format = Some(match format.get_ref().as_str() {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => {
                return Err(error_at(
                    Some(format.span().start),
                    format!("log_format = {other:?}: choose \"text\" or \"json\""),
                ));
            }
        });
    }
    if let Some(level) = section.log_level {
        let text = level.get_ref();
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(text) {
            return Err(error_at(
                Some(level.span().start),
                format!(
                    "log_level = {text:?} is not a log filter (e.g. \"info\" or \"chatdesk=debug,warn\"): {e}"
                ),
            ));
        }
        settings.log_level = Some(text.clone());
    }
    if let Some(url) = section.database {
        if let Some(problem) = database_problem(url.get_ref()) {
            return Err(error_at(
                Some(url.span().start),
                format!("database: {problem}"),
            ));
        }
        settings.database = Some(url.get_ref().trim().to_string());
    }
    Ok(settings)
}

/// What is wrong with a database address, if anything: only PostgreSQL's URLs are taken
/// (SQLite needs none: it lives in the data directory).
pub fn database_problem(url: &str) -> Option<String> {
    let url = url.trim();
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Some(format!(
            "{url:?} is not a PostgreSQL address; write postgres://user@host:5432/chatdesk \
             (leave it out to keep SQLite in the data directory)"
        ));
    }
    url.parse::<postgres::Config>()
        .err()
        .map(|e| format!("{url:?} is not a PostgreSQL address: {e}"))
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn the_server_table_sets_address_and_log_and_names_a_wrong_value() {
        let text = "[server]\nlisten = \"0.0.0.0:8080\"\nlog_format = \"json\"\nlog_level = \"chatdesk=debug,warn\"\n";
        let serve = parse("server.toml", text).unwrap().serve;
        assert_eq!(serve.listen, Some("0.0.0.0:8080".parse().unwrap()));
        assert_eq!(serve.log_format, Some(LogFormat::Json));
        assert_eq!(serve.log_level.as_deref(), Some("chatdesk=debug,warn"));
        assert_eq!(
            serve.database, None,
            "SQLite in the data directory by default"
        );
        let text = "[server]\ndatabase = \"postgres://chatdesk@db.example.com:5432/chatdesk\"\n";
        let serve = parse("server.toml", text).unwrap().serve;
        assert_eq!(
            serve.database.as_deref(),
            Some("postgres://chatdesk@db.example.com:5432/chatdesk")
        );
        let wrong = [
            (
                "[server]\nlisten = \"localhost\"\n",
                "server.toml:2:10: listen",
            ),
            (
                "[server]\nlog_format = \"xml\"\n",
                "server.toml:2:14: log_format",
            ),
            (
                "[server]\nlog_level = \"=[\"\n",
                "server.toml:2:13: log_level",
            ),
            (
                "[server]\ndatabase = \"/var/lib/chatdesk/team.sqlite3\"\n",
                "server.toml:2:12: database",
            ),
            (
                "[server]\nport = 80\n",
                "server.toml:2:1: unknown field `port`",
            ),
        ];
        for (text, expected) in wrong {
            let error = parse("server.toml", text).unwrap_err().to_string();
            assert!(error.starts_with(expected), "{error}");
        }
    }
}
