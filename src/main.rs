use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use chatdesk::assets::default_data_dir;
use chatdesk::cli::exit::{self, usage};
use chatdesk::cli::{agents, report};
use chatdesk::console::theme::ColorChoice;
use chatdesk::server::settings::database_problem;

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
enum StoreAction {
    /// Copy a SQLite team (the data directory FROM) into an empty PostgreSQL database, every
    /// id kept so event streams resume after the move. Stop the backend on FROM first.
    Copy {
        /// The data directory whose chatdesk.sqlite3 is copied.
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// The PostgreSQL database, e.g. postgres://chatdesk@db.example.com:5432/chatdesk.
        #[arg(long, env = "CHATDESK_DATABASE_URL", value_name = "URL")]
        to: String,
    },
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
        /// The team's PostgreSQL database, when it runs on one (as `serve --database`).
        #[arg(long, env = "CHATDESK_DATABASE_URL", global = true, value_name = "URL")]
        database: Option<String>,
        #[command(subcommand)]
        action: agents::AgentsAction,
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
        /// The team's PostgreSQL database, when it runs on one (as `serve --database`).
        #[arg(long, env = "CHATDESK_DATABASE_URL", value_name = "URL")]
        database: Option<String>,
    },
    /// Try chatdesk: a backend in this process, a demo agent and simulated customers.
    Demo {
        /// How many simulated customers arrive (0 for a quiet demo) [default: 12, or with
        /// --lead one every few seconds for as long as the demo runs].
        #[arg(long)]
        customers: Option<usize>,
        /// Seconds between arrivals [default: 25, or 6 with --lead].
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
    /// Move a team between databases.
    Store {
        #[command(subcommand)]
        action: StoreAction,
    },
    /// Copy the database to the new file DEST while the backend runs (a consistent snapshot,
    /// checked before it is named). SQLite only: a team on PostgreSQL uses pg_dump.
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
        return chatdesk::cli::console::sign_in(cli.server, cli.token, cli.color);
    };
    match command {
        Command::Serve(args) => {
            use chatdesk::cli::serve::{METRICS_TOKEN_VAR, resolve};
            let serving = resolve(args, std::env::var(METRICS_TOKEN_VAR).ok())?;
            chatdesk::cli::serve::init_logging(serving.log_format, serving.log_level.as_deref());
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
            database: url,
            action,
        } => {
            let dir = data_dir(dir)?;
            let url = url.filter(|u| !u.trim().is_empty());
            if let Some(problem) = url.as_deref().and_then(database_problem) {
                return Err(exit::config(format!("--database: {problem}")));
            }
            let team = agents::Team {
                data_dir: &dir,
                database: url.as_deref(),
            };
            let database = dir.join(chatdesk::server::store::sqlite::DATABASE_FILE);
            if url.is_none() && !create && !database.exists() {
                return Err(exit::config(format!(
                    "there is no chatdesk database in {} (no {}); check --data-dir, or add --create to start a new one there",
                    dir.display(),
                    chatdesk::server::store::sqlite::DATABASE_FILE
                )));
            }
            agents::run(&team, action)
        }
        Command::Report {
            from,
            to,
            agent,
            format,
            data_dir: dir,
            database: url,
        } => {
            let from = report::parse_date("--from", &from).map_err(|e| usage(format!("{e:#}")))?;
            let to = report::parse_date("--to", &to).map_err(|e| usage(format!("{e:#}")))?;
            let url = url.filter(|u| !u.trim().is_empty());
            if let Some(problem) = url.as_deref().and_then(database_problem) {
                return Err(exit::config(format!("--database: {problem}")));
            }
            let dir = data_dir(dir)?;
            let team = agents::Team {
                data_dir: &dir,
                database: url.as_deref(),
            };
            let rows = report::run(&team, from, to, agent.as_deref())?;
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
            // A lead's floor never runs dry: customers keep coming while the demo runs.
            let (many, often) = if lead { (usize::MAX, 6.0) } else { (12, 25.0) };
            chatdesk::cli::console::demo(
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
        Command::Store {
            action: StoreAction::Copy { from, to },
        } => {
            if let Some(problem) = database_problem(&to) {
                return Err(exit::config(format!("--to: {problem}")));
            }
            let database = from.join(chatdesk::server::store::sqlite::DATABASE_FILE);
            if !database.exists() {
                return Err(exit::config(format!(
                    "there is no chatdesk database in {} (no {})",
                    from.display(),
                    chatdesk::server::store::sqlite::DATABASE_FILE
                )));
            }
            let copied = chatdesk::server::store::postgres::copy::copy(&from, &to)?;
            let rows: Vec<String> = copied
                .iter()
                .map(|(table, rows)| format!("{rows} {table}"))
                .collect();
            println!(
                "Copied {} into PostgreSQL: {}.",
                from.display(),
                rows.join(", ")
            );
            Ok(())
        }
        Command::Backup {
            dest,
            data_dir: dir,
        } => {
            chatdesk::cli::backup::sqlite_only("backup")?;
            let summary = chatdesk::cli::backup::take(&data_dir(dir)?, &dest)?;
            println!(
                "Backed up to {}: {}.",
                dest.display(),
                chatdesk::cli::backup::describe(&summary)
            );
            Ok(())
        }
        Command::Restore { src, data_dir: dir } => {
            chatdesk::cli::backup::sqlite_only("restore")?;
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
