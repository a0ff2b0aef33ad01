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
    assert_eq!(
        (settings.security, settings.port),
        (Security::Starttls, 587)
    );
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
        (
            "[smtp]\nhost = \"smtp.example.com\"\nfrom = \"not an address\"\n",
            "DATA/mail.toml:3:8: from \"not an address\" is not an e-mail address",
        ),
        (
            "[smtp]\nhost = \"smtp.example.com\"\nsecurity = \"ssl\"\nfrom = \"a@example.com\"\n",
            "DATA/mail.toml:3:12: unknown variant `ssl`",
        ),
        (
            "[smtp]\nhost = \"smtp.example.com\"\nport = 70000\nfrom = \"a@example.com\"\n",
            "DATA/mail.toml:3:8:",
        ),
        (
            "[smtp]\nhost = \"smtp.example.com\"\nport = 0\nfrom = \"a@example.com\"\n",
            "DATA/mail.toml:3:8: port must be between 1 and 65535",
        ),
        (
            "[smtp]\nhost = \"smtp.example.com\"\nsecurity = \"none\"\nfrom = \"a@example.com\"\n",
            "DATA/mail.toml:2:8: security = \"none\" would send e-mail unencrypted to smtp.example.com",
        ),
        (
            "[smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\npassword = \"hunter2\"\n",
            "DATA/mail.toml:4:12: the password is not kept in this file",
        ),
        (
            "[smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\nusername = \"a\"\n",
            "DATA/mail.toml:4:12: username needs password_env",
        ),
        (
            "[smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\nusername = \"a\"\npassword_env = \"NOT_SET\"\n",
            "DATA/mail.toml:5:16: the environment variable NOT_SET named by password_env is not set",
        ),
        (
            "[smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\nhots = \"x\"\n",
            "DATA/mail.toml:4:1: unknown field `hots`",
        ),
        (
            "[smtp]\nhost = \"smtp.example.com\"\n",
            "DATA/mail.toml:1:1: missing field `from`",
        ),
        (
            "[smtp]\nhost = \" \"\nfrom = \"a@example.com\"\n",
            "DATA/mail.toml:2:8: host \"\" must be a host name",
        ),
        (
            "[smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\n\
             [transcripts]\nallowed_domains = [\"example.com\", \"[127.0.0.1]\"]\n",
            "DATA/mail.toml:5:35: allowed_domains: [127.0.0.1] names a server by its IP address",
        ),
        (
            "[smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\n\
             [transcripts]\nallowed = [\"example.com\"]\n",
            "DATA/mail.toml:5:1: unknown field `allowed`",
        ),
    ];
    for (text, expected) in cases {
        let shown = problem(text);
        assert!(
            shown.starts_with(expected),
            "{text}\n→ {shown}\nexpected {expected}"
        );
    }
}

#[test]
fn transcripts_may_go_to_the_domains_listed() {
    let settings = parse(
        "[smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\n\
         [transcripts]\nallowed_domains = [\" Acme.Example \", \"example.com\"]\n",
    )
    .unwrap();
    assert_eq!(settings.allowed_domains, ["acme.example", "example.com"]);
    let mailer = Mailer::new(&settings).unwrap();
    assert_eq!(mailer.allowed_domains(), ["acme.example", "example.com"]);
    let none = parse("[smtp]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\n").unwrap();
    assert!(none.allowed_domains.is_empty());
}

#[test]
fn recipients_are_single_addresses() {
    assert_eq!(
        recipient(" ana@example.com ").unwrap().to_string(),
        "ana@example.com"
    );
    for bad in [
        "",
        "ana",
        "ana@",
        "Ana <ana@example.com>",
        "a@example.com, b@example.com",
        "ana@example.com\r\nBcc: x@example.com",
        "x@[127.0.0.1]",
        "\"a b\"@example.com",
    ] {
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
