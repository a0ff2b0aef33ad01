use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use chatdesk::assets::default_data_dir;
use chatdesk::cli::exit::{self, usage};
use chatdesk::cli::{agents, report};
use chatdesk::console::theme::ColorChoice;
use chatdesk::protocol::Role;
use chatdesk::server::settings::LogFormat;

#[derive(Parser)]
#[command(
    name = "chatdesk",
    version,
    about = "Live-chat support for terminal people: the agent console (without a subcommand), \
             the backend, its operator tools and its load test"
)]
struct Cli {
    /// The backend to sign in to (else `server` in config.toml).
    #[arg(long, env = "CHATDESK_SERVER")]
    server: Option<String>,
    /// The sign-in token from `chatdesk agents add` (else `token` in config.toml).
    #[arg(long, env = "CHATDESK_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Draw in colour: `auto` when standard output is a terminal and NO_COLOR is unset or
    /// empty; `never` draws with the monochrome theme; `always` even with NO_COLOR set.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    color: ColorChoice,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the backend: HTTP/JSON API, event streams, routing, SQLite storage.
    Serve(chatdesk::cli::serve::ServeArgs),
    /// Manage the agents and leads who sign in.
    Agents {
        /// The backend's data directory.
        #[arg(long, env = "CHATDESK_DATA_DIR", global = true)]
        data_dir: Option<PathBuf>,
        /// Start a new, empty database when the data directory has none (else that is refused,
        /// so a mistyped --data-dir does not quietly begin a second team).
        #[arg(long, global = true)]
        create: bool,
        #[command(subcommand)]
        action: AgentsAction,
    },
    /// Per-agent figures for the chats that ended between two dates (local time, inclusive),
    /// read from the database without writing to it.
    Report {
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        to: String,
        /// Only this agent (sign-in name).
        #[arg(long)]
        agent: Option<String>,
        #[arg(long, value_enum, default_value = "csv")]
        format: report::Format,
        /// The backend's data directory.
        #[arg(long, env = "CHATDESK_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Try chatdesk: a backend in this process, a demo agent and simulated customers.
    Demo {
        /// How many simulated customers arrive (0 for a quiet demo) [default: 12, or 60 with
        /// --lead].
        #[arg(long)]
        customers: Option<usize>,
        /// Seconds between arrivals [default: 25, or 3 with --lead].
        #[arg(long)]
        every: Option<f64>,
        /// Run without the console: print the address and token, stop with Ctrl-C.
        #[arg(long)]
        no_console: bool,
        /// Sign in as a lead, on a floor of a dozen simulated agents working the customers.
        #[arg(long)]
        lead: bool,
        /// Draw in colour: `auto` when standard output is a terminal and NO_COLOR is unset or
        /// empty; `never` draws with the monochrome theme; `always` even with NO_COLOR set.
        #[arg(long, value_enum, value_name = "WHEN")]
        color: Option<ColorChoice>,
    },
    /// Print the keys of a keymap as Markdown (docs/keys.md is the default one).
    Keys {
        /// `default`, or `vim` (laid over default).
        #[arg(long, default_value = "default")]
        keymap: String,
    },
    /// Drive many simulated customers against a running backend and report throughput and
    /// delivery latency.
    Loadtest(chatdesk::loadtest::Options),
    /// Check every data file of a data directory (and keymap and theme files) before a restart: exits 0,
    /// or 1 naming each problem by file, line and column.
    Check {
        /// The backend's data directory.
        #[arg(long, env = "CHATDESK_DATA_DIR")]
        data_dir: Option<PathBuf>,
        /// The backend's configuration file, as given to `serve --config` (else server.toml in
        /// the data directory).
        #[arg(long, env = "CHATDESK_CONFIG")]
        config: Option<PathBuf>,
        /// A keymap file to check as well (repeatable).
        #[arg(long)]
        keymap: Vec<PathBuf>,
        /// A console theme file to check as well (repeatable).
        #[arg(long)]
        theme: Vec<PathBuf>,
    },
    /// Copy the database to the new file DEST while the backend runs (a consistent snapshot,
    /// checked before it is named).
    Backup {
        dest: PathBuf,
        /// The backend's data directory.
        #[arg(long, env = "CHATDESK_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Check the backup SRC and put it back as the database (the backend must be stopped; the
    /// database it replaces is kept beside it).
    Restore {
        src: PathBuf,
        /// The backend's data directory.
        #[arg(long, env = "CHATDESK_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Print a shell's completion script, e.g. `chatdesk completions bash > ~/.local/share/bash-completion/completions/chatdesk`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `chatdesk man > ~/.local/share/man/man1/chatdesk.1`.
    Man,
}

#[derive(Subcommand)]
enum AgentsAction {
    /// Add someone and print their sign-in token (shown once).
    Add {
        /// Sign-in name, e.g. dana.reyes.
        name: String,
        #[arg(long, value_parser = parse_role, default_value = "agent")]
        role: Role,
        /// Queues they serve, comma-separated (e.g. billing,device).
        #[arg(long, value_delimiter = ',')]
        queues: Vec<String>,
        /// The name customers and colleagues see (defaults to the sign-in name).
        #[arg(long)]
        display_name: Option<String>,
        /// Print only the token (for scripts).
        #[arg(long, short)]
        quiet: bool,
    },
    /// List everyone who can sign in.
    List,
    /// Withdraw someone's sign-in (refused while they hold active chats).
    Remove { name: String },
    /// Issue a new token for someone; the old one stops working.
    Token {
        name: String,
        /// Print only the token.
        #[arg(long, short)]
        quiet: bool,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| format!("{text:?} is not a role; use agent or lead"))
}

fn data_dir(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match given {
        Some(dir) => Ok(dir),
        None => default_data_dir(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chatdesk: {e:#}");
            ExitCode::from(exit::code(&e))
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let Some(command) = cli.command else {
        return console(cli.server, cli.token, cli.color);
    };
    match command {
        Command::Serve(args) => {
            use chatdesk::cli::serve::{METRICS_TOKEN_VAR, resolve};
            let serving = resolve(args, std::env::var(METRICS_TOKEN_VAR).ok())?;
            init_logging(serving.log_format, serving.log_level.as_deref());
            let _running = chatdesk::cli::backup::lock(&serving.data_dir)?;
            tokio::runtime::Runtime::new()?.block_on(chatdesk::server::serve(
                serving.addr,
                &serving.data_dir,
                serving.settings,
            ))
        }
        Command::Agents {
            data_dir: dir,
            create,
            action,
        } => {
            let dir = data_dir(dir)?;
            let database = dir.join(chatdesk::server::store::sqlite::DATABASE_FILE);
            if !create && !database.exists() {
                return Err(exit::config(format!(
                    "there is no chatdesk database in {} (no {}); check --data-dir, or add --create to start a new one there",
                    dir.display(),
                    chatdesk::server::store::sqlite::DATABASE_FILE
                )));
            }
            run_agents(&dir, action)
        }
        Command::Report {
            from,
            to,
            agent,
            format,
            data_dir: dir,
        } => {
            let from = report::parse_date("--from", &from).map_err(|e| usage(format!("{e:#}")))?;
            let to = report::parse_date("--to", &to).map_err(|e| usage(format!("{e:#}")))?;
            let rows = report::run(&data_dir(dir)?, from, to, agent.as_deref())?;
            match format {
                report::Format::Csv => print!("{}", report::csv(&rows)),
                report::Format::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
            }
            Ok(())
        }
        Command::Demo {
            customers,
            every,
            no_console,
            lead,
            color,
        } => {
            let seat = if lead {
                chatdesk::demo::Seat::Lead
            } else {
                chatdesk::demo::Seat::Agent
            };
            let (many, often) = if lead { (60, 3.0) } else { (12, 25.0) };
            demo(
                customers.unwrap_or(many),
                every.unwrap_or(often),
                no_console,
                seat,
                color.unwrap_or(cli.color),
            )
        }
        Command::Keys { keymap } => {
            let map = chatdesk::console::keymap::Keymap::builtin(&keymap)
                .map_err(|e| usage(format!("--keymap {keymap:?}: {}", e.problem)))?;
            print!("{}", map.markdown(&keymap));
            Ok(())
        }
        Command::Loadtest(options) => {
            tokio::runtime::Runtime::new()?.block_on(chatdesk::loadtest::run(options))
        }
        Command::Check {
            data_dir: dir,
            config,
            keymap,
            theme,
        } => {
            let dir = chatdesk::cli::check::data_dir(dir, config.as_deref())?;
            let extra = chatdesk::cli::check::Extra {
                config: config.as_deref(),
                keymaps: &keymap,
                themes: &theme,
            };
            let checked = chatdesk::cli::check::run(&dir, &extra);
            if checked.problems.is_empty() {
                let files = match checked.present.is_empty() {
                    true => "only built-in data files".to_string(),
                    false => checked.present.join(", "),
                };
                println!("{}: every file is valid ({files}).", dir.display());
                return Ok(());
            }
            for problem in &checked.problems {
                println!("{problem}");
            }
            let count = checked.problems.len();
            let plural = if count == 1 { "" } else { "s" };
            Err(anyhow::anyhow!(
                "{count} problem{plural} found in {}",
                dir.display()
            ))
        }
        Command::Backup {
            dest,
            data_dir: dir,
        } => {
            let summary = chatdesk::cli::backup::take(&data_dir(dir)?, &dest)?;
            println!(
                "Backed up to {}: {}.",
                dest.display(),
                chatdesk::cli::backup::describe(&summary)
            );
            Ok(())
        }
        Command::Restore { src, data_dir: dir } => {
            let dir = data_dir(dir)?;
            let (summary, kept) = chatdesk::cli::backup::put_back(&src, &dir)?;
            println!(
                "Restored {} into {}: {}.",
                src.display(),
                dir.display(),
                chatdesk::cli::backup::describe(&summary)
            );
            if let Some(kept) = kept {
                println!("The database it replaced is kept as {}.", kept.display());
            }
            Ok(())
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "chatdesk", &mut script);
            print_all(&script)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(manual()).render(&mut page)?;
            print_all(&page)
        }
    }
}

fn run_agents(dir: &std::path::Path, action: AgentsAction) -> anyhow::Result<()> {
    match action {
        AgentsAction::Add {
            name,
            role,
            queues,
            display_name,
            quiet,
        } => {
            let (agent, token) = agents::add(dir, &name, display_name.as_deref(), role, &queues)?;
            if quiet {
                println!("{token}");
            } else {
                let serves = if agent.queues.is_empty() {
                    "no queues".to_string()
                } else {
                    agent.queues.join(", ")
                };
                println!(
                    "Added {} {} ({}), serving {serves}.",
                    agent.role.as_str(),
                    agent.name,
                    agent.display_name
                );
                println!("Sign-in token (shown only now; hand it over safely):");
                println!("{token}");
            }
        }
        AgentsAction::List => {
            let everyone = agents::list(dir)?;
            if everyone.is_empty() {
                println!("Nobody can sign in yet: chatdesk agents add NAME --queues billing");
                return Ok(());
            }
            println!(
                "{:<20} {:<24} {:<6} {:<10} {:<6} QUEUES",
                "NAME", "DISPLAY NAME", "ROLE", "PRESENCE", "CHATS"
            );
            for (agent, active) in everyone {
                println!(
                    "{:<20} {:<24} {:<6} {:<10} {:<6} {}",
                    agent.name,
                    agent.display_name,
                    agent.role.as_str(),
                    agent.presence.as_str(),
                    active,
                    agent.queues.join(",")
                );
            }
        }
        AgentsAction::Remove { name } => {
            agents::remove(dir, &name)?;
            println!("Removed {name}; their token no longer signs in.");
        }
        AgentsAction::Token { name, quiet } => {
            let token = agents::reissue(dir, &name)?;
            if !quiet {
                println!("New sign-in token for {name} (the old one no longer works):");
            }
            println!("{token}");
        }
    }
    Ok(())
}

/// `chatdesk`: signs in and opens the console.
fn console(
    server: Option<String>,
    token: Option<String>,
    color: ColorChoice,
) -> anyhow::Result<()> {
    use chatdesk::console::{app::Settings, config, run, theme};
    let config_path = config::config_path();
    let file = match &config_path {
        Some(path) => config::load(path)?,
        None => config::ConsoleConfig::default(),
    };
    let shown_path = config_path
        .as_ref()
        .map_or_else(|| "config.toml".to_string(), |p| p.display().to_string());
    let Some(server) = server.or(file.server.clone()) else {
        // Nothing configured: show what chatdesk is, on a demo backend.
        return demo(12, 25.0, false, chatdesk::demo::Seat::Agent, color);
    };
    let Some(token) = token.or(file.token.clone()) else {
        return Err(usage(format!(
            "no sign-in token: pass --token, set CHATDESK_TOKEN, or put token = \"…\" in {shown_path}"
        )));
    };
    let keymap =
        chatdesk::console::keymap::Keymap::load(&file.keymap, config::keymap_path().as_deref())?;
    let theme = theme::for_console(
        config::theme(&file, config_path.as_deref())?,
        color.colour_here(),
    );
    let dir = config::console_dir().ok_or_else(|| anyhow::anyhow!("no home directory found"))?;
    std::fs::create_dir_all(&dir)?;
    let log_dir = config::log_dir().unwrap_or_else(|| dir.clone());
    let _log = log_to_file(&log_dir);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let (backend, _me) = chatdesk::client::connect(&server, &token)
            .await
            .map_err(sign_in_error)?;
        let catalog = chatdesk::assets::Catalog::builtin();
        run::run(run::Start {
            backend,
            dir,
            settings: Settings {
                procedure: catalog.procedure(),
                spell_check: file.spell_check,
                bell: file.bell,
                demo: false,
                time_zone: jiff::tz::TimeZone::system(),
                keymap,
                theme,
            },
        })
        .await
    })
}

/// `chatdesk demo`: everything in this process, the console signed in as the demo agent (or,
/// with `--lead`, as a demo lead on a floor of simulated agents).
fn demo(
    customers: usize,
    every: f64,
    no_console: bool,
    seat: chatdesk::demo::Seat,
    color: ColorChoice,
) -> anyhow::Result<()> {
    use chatdesk::console::{app::Settings, config, run, theme};
    let every = std::time::Duration::from_secs_f64(every.max(0.05));
    let runtime = tokio::runtime::Runtime::new()?;
    if no_console {
        init_logging(LogFormat::Text, None);
        return runtime.block_on(async move {
            let demo = chatdesk::demo::start(customers, every, seat).await?;
            println!("chatdesk demo backend listening on {}", demo.server);
            let who = match seat {
                chatdesk::demo::Seat::Agent => "agent",
                chatdesk::demo::Seat::Lead => "lead",
            };
            println!("demo {who} token: {}", demo.token);
            println!("press Ctrl-C to stop");
            let _ = tokio::signal::ctrl_c().await;
            demo.finish().await
        });
    }
    // Before the demo backend starts: without a terminal there is nothing to show it on.
    run::require_terminal()?;
    let config_path = config::config_path();
    let file = match &config_path {
        Some(path) => config::load(path)?,
        None => config::ConsoleConfig::default(),
    };
    let keymap =
        chatdesk::console::keymap::Keymap::load(&file.keymap, config::keymap_path().as_deref())?;
    let theme = theme::for_console(
        config::theme(&file, config_path.as_deref())?,
        color.colour_here(),
    );
    runtime.block_on(async move {
        let demo = chatdesk::demo::start(customers, every, seat).await?;
        let console_dir = demo.dir.join("console");
        std::fs::create_dir_all(&console_dir)?;
        let _log = log_to_file(&demo.dir);
        let (backend, _me) = chatdesk::client::connect(&demo.server, &demo.token)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let catalog = chatdesk::assets::Catalog::builtin();
        let outcome = run::run(run::Start {
            backend,
            dir: console_dir,
            settings: Settings {
                procedure: catalog.procedure(),
                spell_check: file.spell_check,
                bell: file.bell,
                demo: true,
                time_zone: jiff::tz::TimeZone::system(),
                keymap,
                theme,
            },
        })
        .await;
        let finished = demo.finish().await;
        outcome.and(finished)
    })
}

/// The console owns the screen: its log goes to `console.DATE.log` in `dir`, a file a day,
/// the last week of them kept.
fn log_to_file(dir: &std::path::Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_appender::rolling::{Builder, Rotation};
    std::fs::create_dir_all(dir).ok()?;
    let files = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("console")
        .filename_suffix("log")
        .max_log_files(7)
        .build(dir)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(files);
    let filter = tracing_subscriber::EnvFilter::try_from_env("CHATDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .init();
    Some(guard)
}

/// Logging to standard error; `CHATDESK_LOG` wins over `level` (from server.toml).
fn init_logging(format: LogFormat, level: Option<&str>) {
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

/// A sign-in that failed: a malformed address or token is wrong usage, the rest (nothing
/// answers, the token is refused) a failure at run time.
fn sign_in_error(e: chatdesk::client::ConnectError) -> anyhow::Error {
    use chatdesk::client::ConnectError;
    match e {
        ConnectError::BadAddress { .. } | ConnectError::BadToken => usage(e.to_string()),
        other => anyhow::anyhow!("{other}"),
    }
}

/// The command line as the manual page shows it, with the exit codes after the options.
fn manual() -> clap::Command {
    Cli::command().after_long_help(
        "Exit status: 0 done; 1 failed while running (a backend out of reach, a refused token); \
         2 used wrongly (an unknown flag, a date that is not one, no terminal for the console); \
         78 configured wrongly (a data file, config.toml, a keymap, a data directory without a \
         database).",
    )
}

/// Writes `bytes` to standard output; a reader that stops early (`| head`) is not an error.
fn print_all(bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(bytes) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
