//! The console's hands: carries out the commands `update` returns, as tasks whose results
//! come back as actions.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::mpsc;
use uuid::Uuid;

use crate::client::{Backend, Outgoing};
use crate::console::action::{Action, Command};
use crate::console::draft_spelling::suggestions_for;
use crate::console::drafts::Drafts;
use crate::console::log;
use crate::transcript::Format;

/// What commands are carried out with.
pub struct Shell {
    pub backend: Backend,
    pub drafts: Drafts,
    pub outgoing: mpsc::UnboundedSender<Outgoing>,
    pub results: mpsc::UnboundedSender<Action>,
    /// Where exported transcripts are saved.
    pub transcripts: PathBuf,
    pub floor: FloorRefresh,
}

/// Fetches of the floor, one at a time: a request while one runs makes exactly one more.
#[derive(Clone, Default)]
pub struct FloorRefresh {
    running: Arc<AtomicBool>,
    again: Arc<AtomicBool>,
}

impl FloorRefresh {
    fn request(&self, backend: Backend, results: mpsc::UnboundedSender<Action>) {
        self.again.store(true, Ordering::SeqCst);
        if self.running.swap(true, Ordering::SeqCst) {
            return;
        }
        let (running, again) = (Arc::clone(&self.running), Arc::clone(&self.again));
        tokio::spawn(async move {
            loop {
                while again.swap(false, Ordering::SeqCst) {
                    let action = match backend.floor().await {
                        Ok(floor) => Action::Floor(Box::new(floor)),
                        Err(e) => {
                            log::not_done("refresh the monitor", &e);
                            Action::Failed(format!("The monitor could not be refreshed: {e}"))
                        }
                    };
                    let _ = results.send(action);
                }
                running.store(false, Ordering::SeqCst);
                // A request between the last fetch and now found us running: go round again,
                // unless another task already has.
                if !again.load(Ordering::SeqCst) || running.swap(true, Ordering::SeqCst) {
                    break;
                }
            }
        });
    }
}

/// Writes a transcript as `chat-<id>.<ext>` in `dir`; returns the file's path.
fn save_transcript(dir: &Path, chat: Uuid, format: Format, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("chat-{chat}.{}", format.extension()));
    std::fs::write(&path, text)?;
    Ok(path)
}

impl Shell {
    /// Carries out one command; `false` means quit.
    pub fn perform(&self, command: Command) -> bool {
        let backend = self.backend.clone();
        let direct = self.results.clone();
        let results_for_files = self.results.clone();
        let results = self.results.clone();
        let what = log::named(&command);
        let what_for_files = what.clone();
        let report = move |outcome: Result<Option<Action>, crate::client::ClientError>| {
            let action = match outcome {
                Ok(action) => action,
                Err(e) => {
                    log::not_done(&what, &e);
                    Some(Action::Failed(e.to_string()))
                }
            };
            if let Some(action) = action {
                let _ = results.send(action);
            }
        };
        match command {
            // The event loop carries out going away before it quits (it must not be cut short).
            Command::Quit | Command::QuitAway => return false,
            Command::SearchCanned(search) => {
                tokio::task::spawn_blocking(move || {
                    let results = search.run();
                    let _ = direct.send(Action::CannedFound {
                        generation: search.generation,
                        query: search.query,
                        results,
                    });
                });
            }
            Command::SuggestSpelling(word) => {
                tokio::task::spawn_blocking(move || {
                    let suggestions = suggestions_for(&word);
                    let _ = direct.send(Action::SpellingFound { word, suggestions });
                });
            }
            Command::Bell => {
                let mut out = std::io::stdout();
                let _ = out.write_all(b"\x07");
                let _ = out.flush();
            }
            Command::RecordRefusal { chat, why } => log::refused(chat, why),
            Command::SaveWrapUpDraft { chat, draft } => {
                if let Err(e) = self.drafts.save_wrap_up(chat, draft.as_ref()) {
                    log::failed(&format!("cannot save the wrap-up of chat {chat}: {e}"));
                }
            }
            Command::SaveDraft { chat_id, text } => {
                if let Err(e) = self.drafts.save(chat_id, &text) {
                    log::failed(&format!("cannot save the draft of chat {chat_id}: {e}"));
                }
            }
            Command::Send {
                chat_id,
                body,
                client_msg_id,
            } => {
                let item = Outgoing {
                    chat_id,
                    body,
                    client_msg_id,
                };
                if let Err(refused) = self.outgoing.send(item) {
                    let item = refused.0;
                    let _ = direct.send(Action::Unsent {
                        chat_id: item.chat_id,
                        body: item.body,
                        client_msg_id: item.client_msg_id,
                        why: "sending has stopped (signed out); sign in again".into(),
                    });
                }
            }
            Command::SetPresence(presence) => {
                tokio::spawn(async move {
                    let outcome = backend.set_presence(presence).await;
                    report(outcome.map(|me| Some(Action::PresenceSet(me.presence))));
                });
            }
            Command::Accept(offer) => {
                tokio::spawn(async move { report(backend.accept(offer).await.map(|_| None)) });
            }
            Command::Decline(offer) => {
                tokio::spawn(async move { report(backend.decline(offer).await.map(|()| None)) });
            }
            Command::PickUp(chat) => {
                tokio::spawn(async move { report(backend.pick_up(chat).await.map(|_| None)) });
            }
            Command::End(chat) => {
                tokio::spawn(async move { report(backend.end(chat).await.map(|_| None)) });
            }
            Command::WrapUp { chat, wrap_up } => {
                tokio::spawn(async move {
                    let promised = wrap_up.commitment.is_some() || wrap_up.ticket.is_some();
                    let outcome = backend.wrap_up(chat, &wrap_up).await;
                    let refreshed = match (&outcome, promised) {
                        (Ok(_), true) => backend.follow_ups().await.ok(),
                        _ => None,
                    };
                    report(outcome.map(|_| refreshed.map(Action::FollowUps)));
                });
            }
            Command::SetHold {
                chat,
                on_hold,
                customer_agreed,
            } => {
                tokio::spawn(async move {
                    let outcome = backend.set_hold(chat, on_hold, customer_agreed).await;
                    report(outcome.map(|_| None));
                });
            }
            Command::SetCheck { chat, check, done } => {
                tokio::spawn(async move {
                    report(backend.set_check(chat, &check, done).await.map(|_| None));
                });
            }
            Command::OpenTicket { chat, ticket, then } => {
                tokio::spawn(async move {
                    report(
                        backend
                            .open_ticket(chat, &ticket)
                            .await
                            .map(|ticket| Some(Action::TicketOpened { chat, ticket, then })),
                    );
                });
            }
            Command::FetchColleagues => {
                tokio::spawn(async move {
                    let agents = backend.agents().await;
                    let queues = backend.reasons().await;
                    report(agents.and_then(|agents| {
                        queues.map(|queues| Some(Action::Colleagues { agents, queues }))
                    }));
                });
            }
            Command::Transfer { chat, transfer } => {
                tokio::spawn(async move {
                    report(backend.transfer(chat, &transfer).await.map(|_| None));
                });
            }
            Command::FetchFollowUps => {
                tokio::spawn(async move {
                    report(
                        backend
                            .follow_ups()
                            .await
                            .map(|f| Some(Action::FollowUps(f))),
                    );
                });
            }
            Command::CommitmentDone(id) => {
                tokio::spawn(async move {
                    let outcome = backend.commitment_done(id).await;
                    let refreshed = match outcome {
                        Ok(_) => backend
                            .follow_ups()
                            .await
                            .map(|f| Some(Action::FollowUps(f))),
                        Err(e) => Err(e),
                    };
                    report(refreshed);
                });
            }
            Command::ExportTranscript { chat, format } => {
                let dir = self.transcripts.clone();
                tokio::spawn(async move {
                    let action = match backend.transcript(chat, format).await {
                        Ok(text) => match save_transcript(&dir, chat, format, &text) {
                            Ok(path) => {
                                Action::Done(format!("Transcript saved to {}.", path.display()))
                            }
                            Err(e) => {
                                log::failed(&format!("{what_for_files}: failed, {e}"));
                                Action::Failed(format!("The transcript could not be saved: {e}"))
                            }
                        },
                        Err(e) => {
                            log::not_done(&what_for_files, &e);
                            Action::Failed(e.to_string())
                        }
                    };
                    let _ = results_for_files.send(action);
                });
            }
            Command::EmailTranscript { chat, to } => {
                tokio::spawn(async move {
                    let outcome = backend.email_transcript(chat, &to, Format::Text).await;
                    report(
                        outcome
                            .map(|()| Some(Action::Done(format!("Transcript e-mailed to {to}.")))),
                    );
                });
            }
            Command::FetchTemplates => {
                tokio::spawn(async move {
                    report(
                        backend
                            .escalation_templates()
                            .await
                            .map(|t| Some(Action::Templates(t))),
                    );
                });
            }
            Command::Escalate { chat, escalation } => {
                tokio::spawn(async move {
                    report(backend.escalate(chat, &escalation).await.map(|_| None));
                });
            }
            Command::ReplyToEscalation { escalation, body } => {
                tokio::spawn(async move {
                    report(backend.reply(escalation, &body).await.map(|_| None));
                });
            }
            Command::Claim(escalation) => {
                tokio::spawn(async move {
                    report(backend.claim(escalation).await.map(|_| None));
                });
            }
            Command::CloseEscalation(escalation) => {
                tokio::spawn(async move {
                    report(backend.close_escalation(escalation).await.map(|_| None));
                });
            }
            Command::RefreshFloor => {
                self.floor.request(backend, self.results.clone());
            }
            Command::Watch(chat) => {
                tokio::spawn(async move {
                    report(
                        backend
                            .chat_detail(chat)
                            .await
                            .map(|d| Some(Action::Watching(Box::new(d)))),
                    );
                });
            }
            Command::Whisper { chat, body } => {
                tokio::spawn(async move {
                    report(backend.whisper(chat, &body).await.map(|_| None));
                });
            }
            Command::TakeOver(chat) => {
                tokio::spawn(async move {
                    report(backend.take_over(chat).await.map(|_| None));
                });
            }
            Command::RefreshMissed => {
                tokio::spawn(async move {
                    report(backend.missed(false).await.map(|m| Some(Action::Missed(m))));
                });
            }
            Command::ClaimMissed(id) => {
                tokio::spawn(async move {
                    let outcome = match backend.claim_missed(id).await {
                        Ok(_) => backend.missed(false).await.map(|m| Some(Action::Missed(m))),
                        Err(e) => Err(e),
                    };
                    report(outcome);
                });
            }
            Command::FollowUpMissed { id, follow_up } => {
                tokio::spawn(async move {
                    let outcome = match backend.follow_up_missed(id, &follow_up).await {
                        Ok(_) => backend.missed(false).await.map(|m| Some(Action::Missed(m))),
                        Err(e) => Err(e),
                    };
                    report(outcome);
                });
            }
            Command::FetchReviews(filters) => {
                tokio::spawn(async move {
                    let action = match backend.reviews(&filters).await {
                        Ok(list) => Action::Reviews { filters, list },
                        Err(e) => Action::ReviewsRefused {
                            filters,
                            why: e.to_string(),
                        },
                    };
                    let _ = direct.send(action);
                });
            }
            Command::OpenReview(chat) => {
                tokio::spawn(async move {
                    report(
                        backend
                            .review(chat)
                            .await
                            .map(|d| Some(Action::ReviewOpened(Box::new(d)))),
                    );
                });
            }
            Command::Score { chat, score } => {
                tokio::spawn(async move {
                    let outcome = match backend.score(chat, &score).await {
                        Ok(_) => backend
                            .review(chat)
                            .await
                            .map(|d| Some(Action::ReviewOpened(Box::new(d)))),
                        Err(e) => Err(e),
                    };
                    report(outcome);
                });
            }
            Command::RefreshDispositions => {
                tokio::spawn(async move {
                    report(
                        backend
                            .dispositions()
                            .await
                            .map(|d| Some(Action::Dispositions(d))),
                    );
                });
            }
            Command::RefreshQueues => {
                tokio::spawn(async move {
                    report(backend.queues().await.map(|q| Some(Action::Queues(q))));
                });
            }
        }
        true
    }
}
