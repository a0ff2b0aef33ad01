//! `chatdesk serve`: which setting wins. The command line and `CHATDESK_*` variables win over
//! the configuration file, which wins over the defaults. The file is the one given with
//! `--config`, else `server.toml` in the data directory.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::exit;
use crate::assets::default_data_dir;
use crate::server::settings::{self, LogFormat, ServerSettings, database_problem, token_problem};

/// Where `serve` listens when neither the command line nor the configuration says.
pub const DEFAULT_ADDR: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 7878);

/// The variable that carries the operator's metrics token (never a flag: flags show in `ps`).
pub const METRICS_TOKEN_VAR: &str = "CHATDESK_METRICS_TOKEN";

#[derive(clap::Args, Debug, Default)]
pub struct ServeArgs {
    /// Address to listen on (else `listen` in the configuration, else 127.0.0.1:7878).
    #[arg(long, env = "CHATDESK_ADDR")]
    pub addr: Option<SocketAddr>,
    /// Where the database and the data-file overrides live (else `data_dir` in the file given
    /// with --config, else the default data directory).
    #[arg(long, env = "CHATDESK_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// The backend's configuration file (else server.toml in the data directory).
    #[arg(long, env = "CHATDESK_CONFIG")]
    pub config: Option<PathBuf>,
    /// How the log on standard error is written: `text` for people, `json` (one object per
    /// line) for journald or a log shipper (else `log_format` in the configuration, else text).
    #[arg(long, value_enum, env = "CHATDESK_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
    /// Serve GET /metrics, without a token, on this address of its own (else `listen` under
    /// [metrics] in the configuration). With a token (CHATDESK_METRICS_TOKEN or `token` under
    /// [metrics]) it is also served on the API's address.
    #[arg(long, env = "CHATDESK_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// Keep the team in this PostgreSQL database (postgres://user@host:5432/name), so that
    /// several nodes can serve it, instead of SQLite in the data directory (else `database` in
    /// the configuration). Put a password in CHATDESK_DATABASE_URL or the file, not here: flags
    /// show in `ps`.
    #[arg(long, env = "CHATDESK_DATABASE_URL", value_name = "URL")]
    pub database: Option<String>,
}

/// Everything `serve` starts with, once every source has had its say.
#[derive(Debug)]
pub struct Serving {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub settings: ServerSettings,
    pub log_format: LogFormat,
    pub log_level: Option<String>,
}

/// Settles every setting; `metrics_token` is the value of [`METRICS_TOKEN_VAR`], if set.
pub fn resolve(args: ServeArgs, metrics_token: Option<String>) -> anyhow::Result<Serving> {
    let (data_dir, mut settings) = match &args.config {
        Some(file) => {
            let settings = settings::load_file(file)?;
            let dir = match (args.data_dir, &settings.serve.data_dir) {
                (Some(dir), _) => dir,
                (None, Some(dir)) => dir.clone(),
                (None, None) => default_data_dir()?,
            };
            (dir, settings)
        }
        None => {
            let dir = match args.data_dir {
                Some(dir) => dir,
                None => default_data_dir()?,
            };
            let settings = settings::load(&dir)?;
            (dir, settings)
        }
    };
    if let Some(at) = args.metrics_addr {
        settings.metrics.listen = Some(at);
    }
    if let Some(url) = args.database.filter(|u| !u.trim().is_empty()) {
        if let Some(problem) = database_problem(&url) {
            return Err(exit::config(format!(
                "--database (or CHATDESK_DATABASE_URL): {problem}"
            )));
        }
        settings.serve.database = Some(url.trim().to_string());
    }
    if let Some(token) = metrics_token.filter(|t| !t.is_empty()) {
        if let Some(problem) = token_problem(&token) {
            return Err(exit::config(format!("{METRICS_TOKEN_VAR}: {problem}")));
        }
        settings.metrics.token = Some(token.trim().to_string());
    }
    Ok(Serving {
        addr: args.addr.or(settings.serve.listen).unwrap_or(DEFAULT_ADDR),
        log_format: args
            .log_format
            .or(settings.serve.log_format)
            .unwrap_or(LogFormat::Text),
        log_level: settings.serve.log_level.clone(),
        data_dir,
        settings,
    })
}

/// Logging to standard error; `CHATDESK_LOG` wins over `level` (from server.toml).
pub fn init_logging(format: LogFormat, level: Option<&str>) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CHATDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level.unwrap_or("info")));
    // Colour only for a person at a terminal, and not when NO_COLOR asks for none.
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let log = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => log.init(),
        LogFormat::Json => log.json().init(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn flags_win_over_the_file_and_a_config_file_names_the_data_directory() {
        let home = tempfile::tempdir().unwrap();
        let config = write(
            home.path(),
            "chatdesk.toml",
            "[server]\nlisten = \"127.0.0.1:9000\"\ndata_dir = \"team\"\nlog_format = \"json\"\n\
             database = \"postgres://chatdesk@db.example.com/team\"\n\
             [metrics]\nlisten = \"127.0.0.1:9464\"\n",
        );
        let from_file = resolve(
            ServeArgs {
                config: Some(config.clone()),
                ..ServeArgs::default()
            },
            None,
        )
        .unwrap();
        assert_eq!(from_file.addr, "127.0.0.1:9000".parse().unwrap());
        assert_eq!(from_file.data_dir, home.path().join("team"));
        assert_eq!(from_file.log_format, LogFormat::Json);
        assert_eq!(
            from_file.settings.serve.database.as_deref(),
            Some("postgres://chatdesk@db.example.com/team")
        );
        assert_eq!(
            from_file.settings.metrics.listen,
            Some("127.0.0.1:9464".parse().unwrap())
        );
        let flags = resolve(
            ServeArgs {
                config: Some(config),
                addr: Some("127.0.0.1:9100".parse().unwrap()),
                data_dir: Some(home.path().join("elsewhere")),
                log_format: Some(LogFormat::Text),
                metrics_addr: Some("127.0.0.1:9500".parse().unwrap()),
                database: Some("postgres://chatdesk@127.0.0.1:5433/team".to_string()),
            },
            Some("a-token-of-twenty-chars".to_string()),
        )
        .unwrap();
        assert_eq!(flags.addr, "127.0.0.1:9100".parse().unwrap());
        assert_eq!(flags.data_dir, home.path().join("elsewhere"));
        assert_eq!(flags.log_format, LogFormat::Text);
        assert_eq!(
            flags.settings.serve.database.as_deref(),
            Some("postgres://chatdesk@127.0.0.1:5433/team")
        );
        assert_eq!(
            flags.settings.metrics.listen,
            Some("127.0.0.1:9500".parse().unwrap())
        );
        assert_eq!(
            flags.settings.metrics.token.as_deref(),
            Some("a-token-of-twenty-chars")
        );
    }

    #[test]
    fn mistakes_are_configuration_errors_that_name_the_file() {
        let home = tempfile::tempdir().unwrap();
        let missing = resolve(
            ServeArgs {
                config: Some(home.path().join("nope.toml")),
                ..ServeArgs::default()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(exit::code(&missing), 78);
        assert!(missing.to_string().contains("nope.toml"), "{missing}");
        write(home.path(), "server.toml", "[server]\ndata_dir = \"x\"\n");
        let in_dir = resolve(
            ServeArgs {
                data_dir: Some(home.path().to_path_buf()),
                ..ServeArgs::default()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(exit::code(&in_dir), 78);
        assert!(in_dir.to_string().contains("server.toml:2"), "{in_dir}");
        let short = resolve(
            ServeArgs {
                data_dir: Some(home.path().join("fresh")),
                ..ServeArgs::default()
            },
            Some("short".to_string()),
        )
        .unwrap_err();
        assert_eq!(exit::code(&short), 78);
        assert!(short.to_string().contains(METRICS_TOKEN_VAR), "{short}");
        let not_postgres = resolve(
            ServeArgs {
                data_dir: Some(home.path().join("fresh")),
                database: Some("mysql://db.example.com/team".to_string()),
                ..ServeArgs::default()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(exit::code(&not_postgres), 78);
        assert!(
            not_postgres
                .to_string()
                .starts_with("--database (or CHATDESK_DATABASE_URL): "),
            "{not_postgres}"
        );
    }
}
