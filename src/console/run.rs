//! The console's loop: terminal input, the backend's events, deliveries and the clock become
//! actions; `update` turns them into state and commands; commands run as tasks whose results
//! come back as actions. The screen is drawn only after something happened.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use futures::StreamExt;
use jiff::Timestamp;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream, KeyEventKind, MouseEventKind,
};
use ratatui::crossterm::execute;
use tokio::sync::mpsc;

use crate::client::{Backend, Delivery, Feed, Outbox, Outgoing, deliver, follow};
use crate::console::action::Action;
use crate::console::app::{Settings, State, update};
use crate::console::chat::Pending;
use crate::console::drafts::Drafts;
use crate::console::log::ConnectionLog;
use crate::console::perform::Shell;
use crate::console::ui;

/// What the console needs to start.
pub struct Start {
    pub backend: Backend,
    /// Where drafts, the outbox and the log go.
    pub dir: PathBuf,
    pub settings: Settings,
}

/// The console draws on a terminal and reads keys from it: without one (input or output
/// redirected) it says so instead of starting.
pub fn require_terminal() -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return Ok(());
    }
    Err(crate::cli::exit::usage(
        "the console needs a terminal, and its input or output is not one (use `chatdesk demo --no-console` to run without it)",
    ))
}

/// Runs the console until the agent quits. The terminal is restored on every way out.
pub async fn run(start: Start) -> anyhow::Result<()> {
    require_terminal()?;
    let Start {
        backend,
        dir,
        settings,
    } = start;
    let snapshot = backend
        .snapshot()
        .await
        .context("cannot read the agent's state from the backend")?;
    let dispositions = backend.dispositions().await.unwrap_or_default();
    let procedure = backend.policy().await.ok();
    let follow_ups = backend.follow_ups().await.ok();
    let team = backend
        .team_canned()
        .await
        .ok()
        .filter(|t| !t.text.is_empty());
    let team_name = team
        .as_ref()
        .and_then(|t| t.source.clone())
        .map(|s| format!("{} (on the backend)", s))
        .unwrap_or_default();
    let (canned, canned_problems) = crate::canned::load_for_console(
        team.as_ref().map(|t| (team_name.as_str(), t.text.as_str())),
        crate::console::config::config_path()
            .as_deref()
            .and_then(std::path::Path::parent),
    );
    let drafts = Drafts::new(dir.join("drafts"))?;
    let outbox = Outbox::open(dir.join("outbox.jsonl"))?;
    let waiting: Vec<Outgoing> = outbox.pending().cloned().collect();
    let after = snapshot.last_event_id;
    let mut state = State::new(
        snapshot,
        &|chat| drafts.load(chat),
        dispositions,
        settings,
        Timestamp::now(),
    );
    crate::console::rooms::wrap_up::restore(&mut state, &|chat| drafts.load_wrap_up(chat));
    state.canned = std::sync::Arc::new(canned);
    if let Some(procedure) = procedure {
        update(&mut state, Action::Procedure(procedure));
    }
    if let Some(list) = follow_ups {
        update(&mut state, Action::FollowUps(list));
    }
    if let Some(problem) = canned_problems.first() {
        let more = canned_problems.len() - 1;
        let text = if more > 0 {
            format!("Canned responses: {problem} (and {more} more problems)")
        } else {
            format!("Canned responses: {problem}")
        };
        crate::console::log::failed(&text);
        crate::console::app::update(&mut state, Action::Failed(text));
    }
    for item in waiting {
        if let Some(chat) = state.chats.iter_mut().find(|c| c.id == item.chat_id) {
            chat.pending.push(Pending {
                client_msg_id: item.client_msg_id.clone(),
                body: crate::policy::sanitize::sanitize(&item.body),
                typed_at: state.now,
            });
        }
    }

    if state.settings.spell_check {
        // Reading the dictionary takes a moment: do it now, not at the agent's first keystroke.
        std::thread::spawn(|| {
            crate::spelling::Speller::english();
            give_back_freed_memory();
        });
    } else {
        give_back_freed_memory();
    }
    let mut terminal = ratatui::init();
    // ratatui's panic hook restores the screen; also hand the mouse and paste back.
    let restore_screen = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            std::io::stdout(),
            DisableBracketedPaste,
            DisableMouseCapture
        );
        restore_screen(info);
    }));
    execute!(std::io::stdout(), EnableBracketedPaste, EnableMouseCapture)?;
    let transcripts = dir.join("transcripts");
    let result = event_loop(
        &mut terminal,
        &mut state,
        &backend,
        &drafts,
        outbox,
        after,
        &transcripts,
    )
    .await;
    let _ = execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture
    );
    ratatui::restore();
    result
}

/// When the clock next matters: in a second while timers are on screen, else at the minute.
fn next_tick(state: &State) -> Duration {
    if state.has_timers() {
        return Duration::from_millis(
            1000 - u64::try_from(Timestamp::now().subsec_millisecond()).unwrap_or(0),
        );
    }
    let into_minute = Timestamp::now().as_millisecond().rem_euclid(60_000);
    Duration::from_millis(u64::try_from(60_000 - into_minute).unwrap_or(60_000))
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    state: &mut State,
    backend: &Backend,
    drafts: &Drafts,
    outbox: Outbox,
    after: i64,
    transcripts: &std::path::Path,
) -> anyhow::Result<()> {
    let mut input = EventStream::new();
    let mut feed = follow(backend.clone(), Some(after));
    let (outgoing, mut deliveries) = deliver(backend.clone(), outbox);
    let (results, mut finished) = mpsc::unbounded_channel::<Action>();
    let shell = Shell {
        backend: backend.clone(),
        drafts: drafts.clone(),
        outgoing,
        results,
        transcripts: transcripts.to_path_buf(),
        floor: Default::default(),
    };
    shell.perform(crate::console::action::Command::FetchTemplates);
    shell.perform(crate::console::action::Command::RefreshMissed);
    if state.me.role == crate::protocol::Role::Lead {
        shell.perform(crate::console::action::Command::RefreshFloor);
    }
    let mut connection = ConnectionLog::default();
    // The layout starts from the terminal's size; resizes come as actions.
    let size = terminal.size()?;
    update(
        state,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    terminal.draw(|frame| ui::draw(frame, state))?;
    loop {
        let tick = tokio::time::sleep(next_tick(state));
        let action = tokio::select! {
            event = input.next() => match event {
                Some(Ok(event)) => terminal_action(event),
                Some(Err(e)) => return Err(e).context("the terminal stopped answering"),
                None => return Ok(()),
            },
            Some(item) = feed.recv() => Some(feed_action(item)),
            Some(delivery) = deliveries.recv() => delivery_action(delivery),
            Some(action) = finished.recv() => Some(action),
            () = tick => Some(Action::Tick(Timestamp::now())),
        };
        let mut actions: Vec<Action> = action.into_iter().collect();
        // Take whatever else is already waiting, so a burst causes one redraw.
        while let Ok(action) = finished.try_recv() {
            actions.push(action);
        }
        if actions.is_empty() {
            continue;
        }
        for action in actions {
            connection.record(&action);
            for command in update(state, action) {
                if command == crate::console::action::Command::QuitAway {
                    go_away(backend).await;
                    return Ok(());
                }
                if !shell.perform(command) {
                    return Ok(());
                }
            }
        }
        if state.quitting {
            return Ok(());
        }
        terminal.draw(|frame| ui::draw(frame, state))?;
    }
}

/// Shows the agent as away before the console closes (live chats stay theirs); waits for the
/// backend a few seconds at most, and a failure goes to the log.
async fn go_away(backend: &Backend) {
    let asked = backend.set_presence(crate::protocol::Presence::Away);
    match tokio::time::timeout(Duration::from_secs(5), asked).await {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => crate::console::log::not_done("go away before quitting", &e),
        Err(_) => crate::console::log::failed(
            "the backend did not answer in 5 s when asked to show this agent as away on quitting",
        ),
    }
}

fn terminal_action(event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Action::Key(key)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollUp => Some(Action::Scroll(3)),
            MouseEventKind::ScrollDown => Some(Action::Scroll(-3)),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    }
}

fn feed_action(item: Feed) -> Action {
    match item {
        Feed::Connected => Action::Connected,
        Feed::Event(event) => Action::Backend(event),
        Feed::Disconnected { reason, retry_in } => Action::Disconnected {
            reason,
            retry_in_ms: u64::try_from(retry_in.as_millis()).unwrap_or(u64::MAX),
        },
        Feed::SignedOut(why) => Action::SignedOut(why),
    }
}

fn delivery_action(delivery: Delivery) -> Option<Action> {
    match delivery {
        Delivery::Sent { message, .. } => Some(Action::Delivered(message)),
        Delivery::Refused { outgoing, problem } => Some(Action::DeliveryRefused {
            chat_id: outgoing.chat_id,
            body: outgoing.body,
            client_msg_id: outgoing.client_msg_id,
            problem,
        }),
        Delivery::Retrying {
            outgoing,
            error,
            retry_in,
        } => {
            tracing::debug!(
                "a message to chat {} (client id {}) waits in the outbox: {error}; next try in {retry_in:?}",
                outgoing.chat_id,
                outgoing.client_msg_id
            );
            None
        }
        Delivery::SignedOut(why) => Some(Action::SignedOut(why)),
        Delivery::StorageFailed(why) => {
            let text = format!(
                "Messages cannot be saved to disk ({why}); they are still sent while the console runs."
            );
            crate::console::log::failed(&text);
            Some(Action::Failed(text))
        }
    }
}

/// Hands back to the system the memory that starting freed (the snapshot's text and the
/// dictionary's source, read once), which the allocator would otherwise keep for a console that
/// runs all shift: about 2 MB with two 10,000-message chats.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back_freed_memory() {
    // SAFETY: `malloc_trim` only returns free pages of glibc's heaps to the kernel; it takes the
    // allocator's own locks, so it is safe to call while other threads allocate.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back_freed_memory() {}
