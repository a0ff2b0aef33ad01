//! `chatdesk` (the console, signed in to a backend) and `chatdesk demo` (a backend with simulated
//! customers in this process, and the console signed in to it).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::exit::usage;
use crate::console::app::Settings;
use crate::console::config::{self, ConsoleConfig};
use crate::console::keymap::Keymap;
use crate::console::run;
use crate::console::theme::{self, ColorChoice};
use crate::demo::Seat;
use crate::server::settings::LogFormat;

/// The console's own configuration (`config.toml`), its path, and the settings it gives.
struct Prepared {
    file: ConsoleConfig,
    shown_path: String,
    settings: Settings,
}

/// Reads `config.toml`, the keymap and the theme; `demo` marks a demo console.
fn prepare(color: ColorChoice, demo: bool) -> anyhow::Result<Prepared> {
    let config_path = config::config_path();
    let file = match &config_path {
        Some(path) => config::load(path)?,
        None => ConsoleConfig::default(),
    };
    let shown_path = config_path
        .as_ref()
        .map_or_else(|| "config.toml".to_string(), |p| p.display().to_string());
    let keymap = Keymap::load(&file.keymap, config::keymap_path().as_deref())?;
    let theme = theme::for_console(
        config::theme(&file, config_path.as_deref())?,
        color.colour_here(),
    );
    let settings = Settings {
        procedure: crate::assets::Catalog::builtin().procedure(),
        spell_check: file.spell_check,
        bell: file.bell,
        demo,
        time_zone: jiff::tz::TimeZone::system(),
        keymap,
        theme,
    };
    Ok(Prepared {
        file,
        shown_path,
        settings,
    })
}

/// `chatdesk`: signs in and opens the console; with no backend configured, the demo.
pub fn sign_in(
    server: Option<String>,
    token: Option<String>,
    color: ColorChoice,
) -> anyhow::Result<()> {
    let config_path = config::config_path();
    let configured_server = match &config_path {
        Some(path) => config::load(path)?.server,
        None => None,
    };
    let Some(server) = server.or(configured_server) else {
        // Nothing configured: show what chatdesk is, on a demo backend.
        return demo(12, 25.0, false, Seat::Agent, color);
    };
    let prepared = prepare(color, false)?;
    let Some(token) = token.or(prepared.file.token.clone()) else {
        return Err(usage(format!(
            "no sign-in token: pass --token, set CHATDESK_TOKEN, or put token = \"…\" in {}",
            prepared.shown_path
        )));
    };
    let dir = config::console_dir().ok_or_else(|| anyhow::anyhow!("no home directory found"))?;
    std::fs::create_dir_all(&dir)?;
    let log_dir = config::log_dir().unwrap_or_else(|| dir.clone());
    let _log = log_to_file(&log_dir);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let (backend, _me) = crate::client::connect(&server, &token)
            .await
            .map_err(sign_in_error)?;
        run::run(run::Start {
            backend,
            dir,
            settings: prepared.settings,
        })
        .await
    })
}

/// `chatdesk demo`: everything in this process, the console signed in as the demo agent (or,
/// with `--lead`, as a demo lead on a floor of simulated agents); `no_console` runs only the
/// backend and prints how to sign in to it.
pub fn demo(
    customers: usize,
    every: f64,
    no_console: bool,
    seat: Seat,
    color: ColorChoice,
) -> anyhow::Result<()> {
    let every = Duration::from_secs_f64(every.max(0.05));
    let runtime = tokio::runtime::Runtime::new()?;
    if no_console {
        super::serve::init_logging(LogFormat::Text, None);
        return runtime.block_on(async move {
            let demo = crate::demo::start(customers, every, seat).await?;
            let who = match seat {
                Seat::Agent => "agent",
                Seat::Lead => "lead",
            };
            // Whoever reads these lines may stop reading (`| head -2`): the demo runs on.
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "chatdesk demo backend listening on {}", demo.server);
            let _ = writeln!(out, "demo {who} token: {}", demo.token);
            let _ = writeln!(out, "press Ctrl-C to stop");
            let _ = out.flush();
            drop(out);
            let _ = tokio::signal::ctrl_c().await;
            demo.finish().await
        });
    }
    // Before the demo backend starts: without a terminal there is nothing to show it on.
    run::require_terminal()?;
    let prepared = prepare(color, true)?;
    runtime.block_on(async move {
        let demo = crate::demo::start(customers, every, seat).await?;
        let console_dir: PathBuf = demo.dir.join("console");
        std::fs::create_dir_all(&console_dir)?;
        let _log = log_to_file(&demo.dir);
        let (backend, _me) = crate::client::connect(&demo.server, &demo.token)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let outcome = run::run(run::Start {
            backend,
            dir: console_dir,
            settings: prepared.settings,
        })
        .await;
        let finished = demo.finish().await;
        outcome.and(finished)
    })
}

/// Log lines the console's log file may have waiting to be written.
const LOG_LINES_WAITING: usize = 1024;

/// The console owns the screen: its log goes to `console.DATE.log` in `dir`, a file a day,
/// the last week of them kept.
fn log_to_file(dir: &Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_appender::rolling::{Builder, Rotation};
    std::fs::create_dir_all(dir).ok()?;
    let files = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("console")
        .filename_suffix("log")
        .max_log_files(7)
        .build(dir)
        .ok()?;
    // The console writes a few lines a minute; the default queue of 128,000 lines would take
    // 4 MB at start whatever is logged. Past this many lines waiting, new ones are dropped
    // rather than stalling the screen.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_LINES_WAITING)
        .lossy(true)
        .finish(files);
    let filter = tracing_subscriber::EnvFilter::try_from_env("CHATDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .init();
    Some(guard)
}

/// A sign-in that failed: a malformed address or token is wrong usage, the rest (nothing
/// answers, the token is refused) a failure at run time.
fn sign_in_error(e: crate::client::ConnectError) -> anyhow::Error {
    use crate::client::ConnectError;
    match e {
        ConnectError::BadAddress { .. } | ConnectError::BadToken => usage(e.to_string()),
        other => anyhow::anyhow!("{other}"),
    }
}
