//! E-mail through the team's SMTP relay, set in `mail.toml` in the data directory:
//!
//! ```toml
//! [smtp]
//! host = "smtp.example.com"
//! port = 587                  # the default for the security chosen: 587, 465 or 25
//! security = "starttls"       # or "tls", or "none" for a relay on this machine
//! from = "Acme Devices Support <support@example.com>"
//! username = "support@example.com"
//! password_env = "CHATDESK_SMTP_PASSWORD"
//!
//! [transcripts]
//! allowed_domains = ["acme.example"]  # optional; none by default
//! ```
//!
//! There is no built-in default: without the file the backend sends no e-mail. A broken file
//! is reported with its path, line and problem, like the other data files.
//!
//! A chat's transcript is e-mailed only to the chat's own customer address, unless the
//! operator lists domains in `[transcripts] allowed_domains`: then also to any address at
//! exactly one of those domains (a subdomain needs its own entry). Any other recipient is
//! refused with a 403 before anything reaches the relay
//! ([`crate::policy::email::may_receive_transcript`]).

use std::fmt;
use std::path::Path;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::assets::AssetError;
use crate::policy::email::usable_address;

/// The file in the data directory that turns e-mail on.
pub const MAIL_FILE: &str = "mail.toml";

/// Longest wait for the relay, from connecting to its answer to the message.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

mod settings;

pub use settings::{Security, SmtpSettings};

/// One e-mail to send: a plain-text body and perhaps one attached file.
#[derive(Debug, Clone)]
pub struct Email {
    pub to: Address,
    pub subject: String,
    pub text: String,
    pub attachment: Option<FileAttachment>,
}

#[derive(Debug, Clone)]
pub struct FileAttachment {
    pub file_name: String,
    /// e.g. `text/markdown; charset=utf-8`.
    pub media_type: String,
    pub content: String,
}

/// One recipient address, without a display name: `ana@example.com`. Only addresses the
/// team can write to pass ([`crate::policy::email::usable_address`]); `Err` is a sentence.
pub fn recipient(text: &str) -> Result<Address, String> {
    let address = usable_address(text)?;
    address.parse::<Address>().map_err(|_| {
        format!("{address:?} is not an e-mail address (expected e.g. ana@example.com).")
    })
}

/// Why the relay did not take an e-mail; each shown as one sentence naming the relay.
#[derive(Debug, Clone, PartialEq)]
pub enum MailError {
    /// The relay answered with an SMTP error, e.g. `550 5.1.1 No such mailbox`.
    Refused { relay: String, answer: String },
    /// No connection, or it broke (including TLS).
    Unreachable { relay: String, reason: String },
    /// Nothing within [`SMTP_TIMEOUT`].
    TimedOut { relay: String },
    /// The e-mail could not be put together.
    Unsendable(String),
}

impl fmt::Display for MailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MailError::Refused { relay, answer } => {
                write!(f, "The mail relay {relay} refused the e-mail: {answer}")?;
                if !answer.ends_with('.') {
                    f.write_str(".")?;
                }
                Ok(())
            }
            MailError::Unreachable { relay, reason } => {
                write!(f, "The mail relay {relay} could not be reached ({reason}).")
            }
            MailError::TimedOut { relay } => write!(
                f,
                "The mail relay {relay} did not answer within {} s.",
                SMTP_TIMEOUT.as_secs()
            ),
            MailError::Unsendable(why) => write!(f, "The e-mail could not be put together: {why}."),
        }
    }
}

impl std::error::Error for MailError {}

/// Sends e-mail through the relay of `mail.toml`; one connection per e-mail.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    relay: String,
    allowed_domains: Vec<String>,
}

impl Mailer {
    /// The mailer for the configuration's `[mail]` (`configured`), else for
    /// `DATA_DIR/mail.toml`; `None` when e-mail is not set up. Both at once is a mistake.
    pub fn load(
        dir: &Path,
        configured: Option<&SmtpSettings>,
    ) -> Result<Option<Mailer>, AssetError> {
        let file = dir.join(MAIL_FILE).display().to_string();
        let settings = match (configured, SmtpSettings::load(dir)?) {
            (Some(_), Some(_)) => {
                return Err(AssetError {
                    file,
                    line: 1,
                    column: 1,
                    problem: "e-mail is also set under [mail] in the backend's configuration \
                              file; keep one of the two"
                        .to_string(),
                });
            }
            (Some(configured), None) => configured.clone(),
            (None, Some(settings)) => settings,
            (None, None) => return Ok(None),
        };
        let mailer = Mailer::new(&settings).map_err(|e| AssetError {
            file,
            line: 1,
            column: 1,
            problem: format!("no connection to {} can be set up: {e}", settings.relay()),
        })?;
        tracing::info!(relay = %mailer.relay, "e-mail goes through the relay of {MAIL_FILE}");
        Ok(Some(mailer))
    }

    pub fn new(settings: &SmtpSettings) -> Result<Mailer, lettre::transport::smtp::Error> {
        type Smtp = AsyncSmtpTransport<Tokio1Executor>;
        let builder = match settings.security {
            Security::Starttls => Smtp::starttls_relay(&settings.host)?,
            Security::Tls => Smtp::relay(&settings.host)?,
            Security::None => Smtp::builder_dangerous(&settings.host),
        };
        let mut builder = builder.port(settings.port).timeout(Some(SMTP_TIMEOUT));
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from: settings.from.clone(),
            relay: settings.relay(),
            allowed_domains: settings.allowed_domains.clone(),
        })
    }

    /// `host:port` of the relay.
    pub fn relay(&self) -> &str {
        &self.relay
    }

    /// Domains a transcript may go to besides its chat's customer (`[transcripts]`).
    pub fn allowed_domains(&self) -> &[String] {
        &self.allowed_domains
    }

    /// Hands the e-mail to the relay; `Ok` once the relay has accepted it for delivery.
    pub async fn send(&self, email: Email) -> Result<(), MailError> {
        let message = self.message(email)?;
        match tokio::time::timeout(SMTP_TIMEOUT, self.transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(error)) => Err(self.explain(&error)),
            Err(_) => Err(MailError::TimedOut {
                relay: self.relay.clone(),
            }),
        }
    }

    fn message(&self, email: Email) -> Result<Message, MailError> {
        let unsendable = |e: &dyn fmt::Display| MailError::Unsendable(e.to_string());
        let builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, email.to))
            .subject(email.subject)
            .message_id(None);
        let text = SinglePart::plain(email.text);
        let built = match email.attachment {
            None => builder.singlepart(text),
            Some(file) => {
                let media_type =
                    ContentType::parse(&file.media_type).map_err(|e| unsendable(&e))?;
                let attached = Attachment::new(file.file_name).body(file.content, media_type);
                builder.multipart(MultiPart::mixed().singlepart(text).singlepart(attached))
            }
        };
        built.map_err(|e| unsendable(&e))
    }

    fn explain(&self, error: &lettre::transport::smtp::Error) -> MailError {
        use std::error::Error as _;
        let relay = self.relay.clone();
        if let Some(code) = error.status() {
            let said = error.source().map(|s| s.to_string()).unwrap_or_default();
            let answer = format!("{code} {}", said.trim()).trim().to_string();
            return MailError::Refused { relay, answer };
        }
        if error.is_timeout() {
            return MailError::TimedOut { relay };
        }
        let mut reason = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            if let Some(io) = cause.downcast_ref::<std::io::Error>() {
                reason = match io.kind() {
                    std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
                    std::io::ErrorKind::ConnectionReset => "connection reset".to_string(),
                    std::io::ErrorKind::UnexpectedEof => "the connection closed early".to_string(),
                    _ => io.to_string(),
                };
                break;
            }
            source = cause.source();
        }
        if error.is_tls() {
            reason = format!("TLS failed: {reason}");
        }
        MailError::Unreachable { relay, reason }
    }
}

#[cfg(test)]
mod tests;
