//! The sender task: takes messages from the console, keeps them in the [`Outbox`] and sends
//! them one at a time, oldest first, until the backend has each one.

use std::time::Duration;

use tokio::sync::mpsc;

use super::backoff::Backoff;
use super::{Backend, ClientError, Outbox, Outgoing};
use crate::protocol::{Message, Problem};

/// Wait before resending after a failure; doubles up to [`MAX_RETRY`].
const FIRST_RETRY: Duration = Duration::from_millis(250);
const MAX_RETRY: Duration = Duration::from_secs(10);

/// What became of a message handed to [`deliver`].
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// The backend stored it (or had stored it already); it left the outbox.
    Sent {
        outgoing: Outgoing,
        message: Message,
    },
    /// The backend refused it (e.g. the chat has ended); it left the outbox unsent.
    Refused {
        outgoing: Outgoing,
        problem: Problem,
    },
    /// It could not be sent now and stays first in line; next attempt in `retry_in`.
    Retrying {
        outgoing: Outgoing,
        error: ClientError,
        retry_in: Duration,
    },
    /// The backend no longer accepts the token (401). Sending stopped; everything pending
    /// stays in the outbox file for the next sign-in.
    SignedOut(String),
    /// The outbox file could not be written; pending messages are still sent while this
    /// process runs, but a crash could lose them.
    StorageFailed(String),
}

/// Starts the sender. What is pending in `outbox` goes first, then what is pushed on the
/// returned sender, strictly in order. A failed attempt is repeated with back-off and the same
/// `client_msg_id`, so the backend stores each message once.
///
/// The task ends when the pushes sender is dropped and nothing is pending, when the delivery
/// receiver is dropped, or after [`Delivery::SignedOut`]; what is unsent stays in the file.
pub fn deliver(
    backend: Backend,
    outbox: Outbox,
) -> (
    mpsc::UnboundedSender<Outgoing>,
    mpsc::UnboundedReceiver<Delivery>,
) {
    let (push, pushes) = mpsc::unbounded_channel();
    let (report, reports) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut sender = Sender {
            outbox,
            pushes,
            open: true,
            report,
        };
        let report = sender.report.clone();
        tokio::select! {
            () = sender.run(&backend) => {}
            () = report.closed() => {}
        }
    });
    (push, reports)
}

struct Sender {
    outbox: Outbox,
    pushes: mpsc::UnboundedReceiver<Outgoing>,
    /// Whether more pushes may come.
    open: bool,
    report: mpsc::UnboundedSender<Delivery>,
}

impl Sender {
    async fn run(&mut self, backend: &Backend) {
        let mut backoff = Backoff::new(FIRST_RETRY, MAX_RETRY);
        loop {
            while let Ok(item) = self.pushes.try_recv() {
                self.store(item);
            }
            let Some(head) = self.outbox.front().cloned() else {
                if !self.open {
                    return;
                }
                match self.pushes.recv().await {
                    Some(item) => self.store(item),
                    None => return,
                }
                continue;
            };
            let message = head.to_message();
            let result = self.meanwhile(backend.send(head.chat_id, &message)).await;
            let report = match result {
                Ok(message) => {
                    backoff.reset();
                    self.remove_head();
                    Delivery::Sent {
                        outgoing: head,
                        message,
                    }
                }
                Err(error) if error.is_signed_out() => {
                    let detail = error.problem().map(|p| p.detail.clone());
                    self.tell(Delivery::SignedOut(detail.unwrap_or_default()));
                    return;
                }
                Err(ClientError::Refused(problem)) => {
                    self.remove_head();
                    Delivery::Refused {
                        outgoing: head,
                        problem,
                    }
                }
                Err(error) => {
                    let retry_in = backoff.next_wait();
                    self.tell(Delivery::Retrying {
                        outgoing: head,
                        error,
                        retry_in,
                    });
                    self.meanwhile(tokio::time::sleep(retry_in)).await;
                    continue;
                }
            };
            self.tell(report);
        }
    }

    /// Awaits `work` while storing whatever is pushed in the meantime.
    async fn meanwhile<T>(&mut self, work: impl Future<Output = T>) -> T {
        tokio::pin!(work);
        loop {
            tokio::select! {
                biased;
                item = self.pushes.recv(), if self.open => match item {
                    Some(item) => self.store(item),
                    None => self.open = false,
                },
                done = &mut work => return done,
            }
        }
    }

    fn store(&mut self, item: Outgoing) {
        if let Err(e) = self.outbox.push(item) {
            let path = self.outbox.path().display().to_string();
            self.tell(Delivery::StorageFailed(format!(
                "cannot write the outbox {path}: {e}"
            )));
        }
    }

    fn remove_head(&mut self) {
        let (_, saved) = self.outbox.pop_front();
        if let Err(e) = saved {
            let path = self.outbox.path().display().to_string();
            self.tell(Delivery::StorageFailed(format!(
                "cannot rewrite the outbox {path}: {e}"
            )));
        }
    }

    fn tell(&self, delivery: Delivery) {
        let _ = self.report.send(delivery);
    }
}
