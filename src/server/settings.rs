//! `server.toml` in the data directory: the backend's own settings. Every key is optional; a
//! missing one keeps its default. Under `[limits]`, how much one client may ask of the backend
//! (`0` turns a limit off); under `[storage]`, how large the write-ahead log may grow.
//!
//! ```toml
//! [server]
//! listen = "127.0.0.1:7878"           # --addr or CHATDESK_ADDR win over it
//! log_format = "text"                 # or "json"; --log-format or CHATDESK_LOG_FORMAT win
//! log_level = "info"                  # a tracing filter; CHATDESK_LOG wins
//! database = "postgres://chatdesk@db.example.com:5432/chatdesk"
//!                                     # several nodes on PostgreSQL (else SQLite in the data
//!                                     # directory); --database or CHATDESK_DATABASE_URL win
//!
//! [metrics]
//! listen = "127.0.0.1:9464"           # GET /metrics on an address of its own, no token
//! token = "…"                         # or on the API's address with this bearer token
//!
//! [mail.smtp]                         # or mail.toml in the data directory (not both)
//! host = "smtp.example.com"
//! from = "Acme Devices Support <support@example.com>"
//!
//! [storage]
//! wal_ceiling_mib = 64                # the write-ahead log is folded back before this
//!
//! [limits]
//! new_chats_per_minute = 6            # per client address, after a burst of
//! new_chats_burst = 10
//! customer_messages_per_minute = 60   # per chat (the customer's token)
//! customer_messages_burst = 20
//! agent_requests_per_minute = 3000    # per agent or lead token
//! agent_requests_burst = 300
//! streams_per_token = 4               # event streams open at once
//! streams_per_address = 64           # customers' streams, per client address
//! connections = 4096                  # open connections, all clients together
//! header_read_timeout_secs = 10       # also closes a connection idle between requests
//! body_read_timeout_secs = 15
//! request_timeout_secs = 30
//! trusted_proxies = ["127.0.0.1", "::1"]   # whose X-Forwarded-For is believed
//! ```

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::assets::{AssetError, error_in, read_data_file};
use crate::server::mail::SmtpSettings;

mod limits;
mod metrics;
mod serve;
pub use limits::{LimitSettings, Rate};
pub use metrics::{MetricsSettings, token_problem};
pub use serve::{LogFormat, ServeSettings, database_problem};

/// The backend's own settings file in the data directory.
pub const SERVER_FILE: &str = "server.toml";

/// Everything `server.toml` sets.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerSettings {
    pub serve: ServeSettings,
    pub metrics: MetricsSettings,
    /// The relay of `[mail]`, when this file sets one (else `mail.toml` may).
    pub mail: Option<SmtpSettings>,
    pub limits: LimitSettings,
    /// The write-ahead log is checkpointed and truncated well before it reaches this size.
    pub wal_ceiling_bytes: u64,
}

pub const DEFAULT_WAL_CEILING_MIB: u64 = 64;

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            serve: ServeSettings::default(),
            metrics: MetricsSettings::default(),
            mail: None,
            limits: LimitSettings::default(),
            wal_ceiling_bytes: DEFAULT_WAL_CEILING_MIB * 1024 * 1024,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerFile {
    #[serde(default)]
    server: Option<serve::ServeSection>,
    #[serde(default)]
    limits: Option<limits::LimitsSection>,
    #[serde(default)]
    storage: Option<StorageSection>,
    #[serde(default)]
    metrics: Option<metrics::MetricsSection>,
    /// Read by the mail settings' own parser ([`SmtpSettings::parse_in_server`]).
    #[serde(default)]
    mail: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StorageSection {
    wal_ceiling_mib: Option<Spanned<u64>>,
}

/// Reads `DATA_DIR/server.toml`; the defaults when there is no such file. A `data_dir` in it
/// is refused: the file is already in the data directory.
pub fn load(dir: &Path) -> Result<ServerSettings, AssetError> {
    let Some((name, text)) = read_data_file(&dir.join(SERVER_FILE))? else {
        return Ok(ServerSettings::default());
    };
    let settings = parse(&name, &text)?;
    if settings.serve.data_dir.is_some() {
        let at = text.find("data_dir");
        return Err(error_in(
            &name,
            &text,
            at,
            "data_dir applies only to a configuration file given with --config; this one is \
             in the data directory already"
                .to_string(),
        ));
    }
    Ok(settings)
}

/// Reads the configuration file given with `--config`, which must exist. A relative
/// `data_dir` in it is taken from the file's own directory.
pub fn load_file(path: &Path) -> Result<ServerSettings, AssetError> {
    let Some((name, text)) = read_data_file(path)? else {
        return Err(AssetError {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            problem: "there is no such configuration file (given with --config)".to_string(),
        });
    };
    let mut settings = parse(&name, &text)?;
    if let Some(dir) = settings.serve.data_dir.take() {
        let base = path.parent().unwrap_or(Path::new(""));
        settings.serve.data_dir = Some(base.join(dir));
    }
    Ok(settings)
}

/// Parses the text of a server file called `name`.
pub fn parse(name: &str, text: &str) -> Result<ServerSettings, AssetError> {
    let error_at = |offset: Option<usize>, problem: String| error_in(name, text, offset, problem);
    let file: ServerFile = toml::from_str(text)
        .map_err(|e| error_at(e.span().map(|s| s.start), e.message().trim().to_string()))?;
    let mut settings = ServerSettings::default();
    if let Some(ceiling) = file.storage.and_then(|s| s.wal_ceiling_mib) {
        let mib = *ceiling.get_ref();
        if !(4..=65_536).contains(&mib) {
            return Err(error_at(
                Some(ceiling.span().start),
                format!("wal_ceiling_mib must be between 4 and 65536, not {mib}"),
            ));
        }
        settings.wal_ceiling_bytes = mib * 1024 * 1024;
    }
    if let Some(section) = file.limits {
        settings.limits = limits::parse_limits(section, &error_at)?;
    }
    if let Some(section) = file.server {
        settings.serve = serve::parse_serve(section, &error_at)?;
    }
    if let Some(section) = file.metrics {
        settings.metrics = metrics::parse_metrics(section, &error_at)?;
    }
    if file.mail.is_some() {
        let env = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
        settings.mail = SmtpSettings::parse_in_server(name, text, env)?;
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_section_keeps_the_defaults() {
        assert_eq!(parse("server.toml", "").unwrap(), ServerSettings::default());
    }

    #[test]
    fn mail_may_be_set_here_with_the_rules_of_mail_toml_but_not_in_both_places() {
        let text = "[server]\nlisten = \"127.0.0.1:7878\"\n\n[mail.smtp]\nhost = \"smtp.example.com\"\n\
                    from = \"Acme Devices Support <support@example.com>\"\n\
                    [mail.transcripts]\nallowed_domains = [\"example.com\"]\n";
        let mail = parse("chatdesk.toml", text).unwrap().mail.unwrap();
        assert_eq!((mail.host.as_str(), mail.port), ("smtp.example.com", 587));
        assert_eq!(mail.allowed_domains, ["example.com"]);

        let kept_here = "[mail.smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\npassword = \"x\"\n";
        let error = parse("chatdesk.toml", kept_here).unwrap_err();
        assert_eq!(error.line, 4, "{error}");
        assert!(error.problem.contains("password_env"), "{error}");
        let unknown = parse("chatdesk.toml", "[mail.smtp]\nhots = \"x\"\n").unwrap_err();
        assert_eq!(unknown.line, 2, "{unknown}");

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mail.toml"),
            "[smtp]\nhost = \"localhost\"\nfrom = \"a@example.com\"\n",
        )
        .unwrap();
        let Err(both) = crate::server::mail::Mailer::load(dir.path(), Some(&mail)) else {
            panic!("mail set in two places was taken");
        };
        assert!(both.problem.contains("keep one"), "{both}");
        assert!(both.file.ends_with("mail.toml"));
    }
}
