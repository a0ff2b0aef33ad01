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
//! ```
//!
//! There is no built-in default: without the file the backend sends no e-mail. A broken file
//! is reported with its path, line and problem, like the other data files.

use std::fmt;
use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;
use toml::Spanned;

use crate::assets::AssetError;

/// The file in the data directory that turns e-mail on.
pub const MAIL_FILE: &str = "mail.toml";

/// Longest wait for the relay, from connecting to its answer to the message.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on this machine (port 25).
    None,
}

impl Security {
    fn default_port(self) -> u16 {
        match self {
            Security::Starttls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }
    }
}

/// The relay and the sender, as `mail.toml` sets them.
#[derive(Clone, PartialEq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub from: Mailbox,
    pub username: Option<String>,
    password: Option<String>,
}

impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("from", &self.from.to_string())
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "(hidden)"))
            .finish()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MailFile {
    smtp: SmtpSection,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SmtpSection {
    host: Spanned<String>,
    port: Option<Spanned<u16>>,
    security: Option<Spanned<Security>>,
    from: Spanned<String>,
    username: Option<Spanned<String>>,
    password_env: Option<Spanned<String>>,
    /// Never accepted: named only to explain where the password goes instead.
    password: Option<Spanned<toml::Value>>,
}

impl SmtpSettings {
    /// Reads `DATA_DIR/mail.toml`; `None` when there is no such file.
    pub fn load(dir: &Path) -> Result<Option<SmtpSettings>, AssetError> {
        let path = dir.join(MAIL_FILE);
        if !path.exists() {
            return Ok(None);
        }
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| AssetError {
            file: name.clone(),
            line: 1,
            column: 1,
            problem: format!("cannot be read: {e}"),
        })?;
        let env = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
        SmtpSettings::parse(&name, &text, env).map(Some)
    }

    /// Parses the text of a mail file called `name`; `env` looks up environment variables.
    pub fn parse(
        name: &str,
        text: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<SmtpSettings, AssetError> {
        let error_at = |offset: Option<usize>, problem: String| {
            let (line, column) = offset.map_or((1, 1), |at| line_and_column(text, at));
            AssetError {
                file: name.to_string(),
                line,
                column,
                problem,
            }
        };
        let file: MailFile = toml::from_str(text)
            .map_err(|e| error_at(e.span().map(|s| s.start), e.message().trim().to_string()))?;
        let smtp = file.smtp;
        if let Some(password) = &smtp.password {
            return Err(error_at(
                Some(password.span().start),
                "the password is not kept in this file: put it in an environment variable \
                 and name that variable with password_env"
                    .to_string(),
            ));
        }
        let host_at = Some(smtp.host.span().start);
        let host = smtp.host.into_inner().trim().to_string();
        if host.is_empty() || host.contains(char::is_whitespace) || host.contains('/') {
            return Err(error_at(
                host_at,
                format!("host {host:?} must be a host name or an IP address"),
            ));
        }
        let security = smtp.security.map_or(Security::Starttls, Spanned::into_inner);
        if security == Security::None && !is_this_machine(&host) {
            return Err(error_at(
                host_at,
                format!(
                    "security = \"none\" would send e-mail unencrypted to {host}; it is only \
                     allowed for a relay on this machine (localhost, 127.0.0.1 or ::1): use \
                     \"starttls\" or \"tls\""
                ),
            ));
        }
        let port = match smtp.port {
            Some(port) if *port.get_ref() == 0 => {
                return Err(error_at(
                    Some(port.span().start),
                    "port must be between 1 and 65535".to_string(),
                ));
            }
            Some(port) => port.into_inner(),
            None => security.default_port(),
        };
        let from_at = Some(smtp.from.span().start);
        let from: Mailbox = smtp.from.get_ref().trim().parse().map_err(|_| {
            error_at(
                from_at,
                format!(
                    "from {:?} is not an e-mail address (expected e.g. \
                     \"Acme Devices Support <support@example.com>\")",
                    smtp.from.get_ref()
                ),
            )
        })?;
        let (username, password) = match (smtp.username, smtp.password_env) {
            (None, None) => (None, None),
            (Some(user), None) => {
                return Err(error_at(
                    Some(user.span().start),
                    "username needs password_env: the name of the environment variable that \
                     holds the password"
                        .to_string(),
                ));
            }
            (None, Some(var)) => {
                return Err(error_at(
                    Some(var.span().start),
                    "password_env needs a username to sign in to the relay with".to_string(),
                ));
            }
            (Some(user), Some(var)) => {
                let Some(password) = env(var.get_ref()) else {
                    return Err(error_at(
                        Some(var.span().start),
                        format!(
                            "the environment variable {} named by password_env is not set",
                            var.get_ref()
                        ),
                    ));
                };
                (Some(user.into_inner()), Some(password))
            }
        };
        Ok(SmtpSettings {
            host,
            port,
            security,
            from,
            username,
            password,
        })
    }

    /// `host:port`, as shown in messages.
    pub fn relay(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// Whether `host` names this machine.
fn is_this_machine(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

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

/// One recipient address, without a display name: `ana@example.com`.
pub fn recipient(text: &str) -> Result<Address, String> {
    let text = text.trim();
    text.parse::<Address>()
        .map_err(|_| format!("{text:?} is not an e-mail address (expected e.g. ana@example.com)."))
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
}

impl Mailer {
    /// The mailer for `DATA_DIR/mail.toml`, or `None` when e-mail is not set up.
    pub fn load(dir: &Path) -> Result<Option<Mailer>, AssetError> {
        let Some(settings) = SmtpSettings::load(dir)? else {
            return Ok(None);
        };
        let file = dir.join(MAIL_FILE).display().to_string();
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
        let mut builder = builder
            .port(settings.port)
            .timeout(Some(SMTP_TIMEOUT));
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from: settings.from.clone(),
            relay: settings.relay(),
        })
    }

    /// `host:port` of the relay.
    pub fn relay(&self) -> &str {
        &self.relay
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
                    std::io::ErrorKind::UnexpectedEof => {
                        "the connection closed early".to_string()
                    }
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
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SmtpSettings, AssetError> {
        SmtpSettings::parse("DATA/mail.toml", text, |key| {
            (key == "CHATDESK_SMTP_PASSWORD").then(|| "s3cret".to_string())
        })
    }

    fn problem(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn a_full_file_is_read() {
        let settings = parse(
            "[smtp]\nhost = \"smtp.example.com\"\nsecurity = \"tls\"\n\
             from = \"Acme Devices Support <support@example.com>\"\n\
             username = \"support@example.com\"\npassword_env = \"CHATDESK_SMTP_PASSWORD\"\n",
        )
        .unwrap();
        assert_eq!(settings.host, "smtp.example.com");
        assert_eq!(settings.port, 465, "the port of implicit TLS");
        assert_eq!(settings.security, Security::Tls);
        assert_eq!(settings.from.email.to_string(), "support@example.com");
        assert_eq!(settings.from.name.as_deref(), Some("Acme Devices Support"));
        assert_eq!(settings.password.as_deref(), Some("s3cret"));
        assert!(!format!("{settings:?}").contains("s3cret"));
        assert_eq!(settings.relay(), "smtp.example.com:465");
        assert!(Mailer::new(&settings).is_ok());
    }

    #[test]
    fn defaults_are_starttls_on_587() {
        let settings =
            parse("[smtp]\nhost = \"smtp.example.com\"\nfrom = \"support@example.com\"\n").unwrap();
        assert_eq!((settings.security, settings.port), (Security::Starttls, 587));
        assert_eq!(settings.username, None);
        let local = parse(
            "[smtp]\nhost = \"127.0.0.1\"\nport = 2525\nsecurity = \"none\"\n\
             from = \"support@example.com\"\n",
        )
        .unwrap();
        assert_eq!(local.relay(), "127.0.0.1:2525");
    }

    #[test]
    fn mistakes_name_the_line() {
        let cases = [
            ("[smtp]\nhost = \"smtp.example.com\"\nfrom = \"not an address\"\n", "DATA/mail.toml:3:8: from \"not an address\" is not an e-mail address"),
            ("[smtp]\nhost = \"smtp.example.com\"\nsecurity = \"ssl\"\nfrom = \"a@example.com\"\n", "DATA/mail.toml:3:12: unknown variant `ssl`"),
            ("[smtp]\nhost = \"smtp.example.com\"\nport = 70000\nfrom = \"a@example.com\"\n", "DATA/mail.toml:3:8:"),
            ("[smtp]\nhost = \"smtp.example.com\"\nport = 0\nfrom = \"a@example.com\"\n", "DATA/mail.toml:3:8: port must be between 1 and 65535"),
            ("[smtp]\nhost = \"smtp.example.com\"\nsecurity = \"none\"\nfrom = \"a@example.com\"\n", "DATA/mail.toml:2:8: security = \"none\" would send e-mail unencrypted to smtp.example.com"),
            ("[smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\npassword = \"hunter2\"\n", "DATA/mail.toml:4:12: the password is not kept in this file"),
            ("[smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\nusername = \"a\"\n", "DATA/mail.toml:4:12: username needs password_env"),
            ("[smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\nusername = \"a\"\npassword_env = \"NOT_SET\"\n", "DATA/mail.toml:5:16: the environment variable NOT_SET named by password_env is not set"),
            ("[smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\nhots = \"x\"\n", "DATA/mail.toml:4:1: unknown field `hots`"),
            ("[smtp]\nhost = \"smtp.example.com\"\n", "DATA/mail.toml:1:1: missing field `from`"),
            ("[smtp]\nhost = \" \"\nfrom = \"a@example.com\"\n", "DATA/mail.toml:2:8: host \"\" must be a host name"),
        ];
        for (text, expected) in cases {
            let shown = problem(text);
            assert!(shown.starts_with(expected), "{text}\n→ {shown}\nexpected {expected}");
        }
    }

    #[test]
    fn recipients_are_single_addresses() {
        assert_eq!(recipient(" ana@example.com ").unwrap().to_string(), "ana@example.com");
        for bad in ["", "ana", "ana@", "Ana <ana@example.com>", "a@example.com, b@example.com", "ana@example.com\r\nBcc: x@example.com"] {
            assert!(recipient(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn errors_are_sentences() {
        let refused = MailError::Refused {
            relay: "smtp.example.com:587".into(),
            answer: "550 5.1.1 No such mailbox here".into(),
        };
        assert_eq!(
            refused.to_string(),
            "The mail relay smtp.example.com:587 refused the e-mail: 550 5.1.1 No such mailbox here."
        );
        let down = MailError::Unreachable {
            relay: "127.0.0.1:1".into(),
            reason: "connection refused".into(),
        };
        assert_eq!(
            down.to_string(),
            "The mail relay 127.0.0.1:1 could not be reached (connection refused)."
        );
    }
}
