//! E-mail addresses the team can write to, and who may receive a chat's transcript.
//!
//! An address is usable when it is one plain mailbox at a domain name on the internet:
//! `ana.lima@example.com`. Addresses that the standards allow but that a team never wants to
//! send to are refused with a sentence: quoted names (`"a b"@example.com`), servers named by
//! their IP address (`x@[127.0.0.1]`, `x@127.0.0.1`), domains without a dot (`x@localhost`),
//! display names and lists (`Ana <ana@example.com>`, `a@example.com, b@example.com`), and
//! anything longer than a mail relay carries. The backend applies the rule to a new chat's
//! address and to a transcript's recipient; the console applies it before asking to send.

/// Longest address, in characters (RFC 5321's limit on a path, less its angle brackets).
pub const MAX_ADDRESS_CHARS: usize = 254;
/// Longest part before the `@`.
pub const MAX_LOCAL_CHARS: usize = 64;
/// Longest label of a domain name (the parts between dots).
pub const MAX_LABEL_CHARS: usize = 63;

/// Characters allowed unquoted before the `@`, besides ASCII letters, digits and dots.
const LOCAL_SYMBOLS: &str = "!#$%&'*+-/=?^_`{|}~";

/// The address, trimmed, when mail can be sent to it; otherwise a sentence saying why not.
pub fn usable_address(text: &str) -> Result<String, String> {
    let address = text.trim();
    let not_one =
        || format!("{address:?} is not an e-mail address (expected e.g. ana@example.com).");
    let chars = address.chars().count();
    if chars > MAX_ADDRESS_CHARS {
        return Err(format!(
            "The e-mail address is {chars} characters long; at most {MAX_ADDRESS_CHARS} fit in \
             an address."
        ));
    }
    if address.starts_with('"') {
        return Err(format!(
            "{address:?} has a quoted name before the @; write to a plain address such as \
             ana.lima@example.com."
        ));
    }
    if address.is_empty()
        || address
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '(' | ')'))
    {
        return Err(not_one());
    }
    if !address.is_ascii() {
        return Err(format!(
            "{address:?} has letters outside plain ASCII, which not every mail relay carries; \
             write the address in ASCII (an international domain in its xn-- form)."
        ));
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err(not_one());
    };
    if local.is_empty() || domain.is_empty() {
        return Err(not_one());
    }
    if let Some(why) = local_problem(local) {
        return Err(format!(
            "{address:?} is not an e-mail address we can write to: {why}."
        ));
    }
    if let Some(why) = domain_problem(domain) {
        return Err(format!(
            "{address:?} is not an e-mail address we can write to: {why}."
        ));
    }
    Ok(address.to_string())
}

/// Why the part before the `@` cannot be used, if it cannot.
fn local_problem(local: &str) -> Option<String> {
    if local.chars().count() > MAX_LOCAL_CHARS {
        return Some(format!(
            "the part before the @ is longer than {MAX_LOCAL_CHARS} characters"
        ));
    }
    if let Some(c) = local
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '.' || LOCAL_SYMBOLS.contains(*c)))
    {
        return Some(format!("the part before the @ has {c:?} in it"));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Some("the part before the @ starts or ends with a dot, or has two in a row".into());
    }
    None
}

/// Why `domain` is not a domain name mail can be sent to, if it is not: `example.com` is one;
/// `[127.0.0.1]`, `127.0.0.1`, `localhost` and `-x-.example` are not. Also checks the domains
/// an operator lists in a data file.
pub fn domain_problem(domain: &str) -> Option<String> {
    if domain.starts_with('[') || domain.ends_with(']') {
        return Some(format!(
            "{domain} names a server by its IP address; use an address at a domain name, such \
             as ana@example.com"
        ));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Some(format!(
            "the domain {domain:?} has no dot, so it is not a domain on the internet (e.g. \
             example.com)"
        ));
    }
    if labels.iter().any(|l| l.is_empty()) {
        return Some(format!(
            "the domain {domain:?} starts or ends with a dot, or has two in a row"
        ));
    }
    if labels
        .last()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Some(format!(
            "{domain} is an IP address, not a domain name; use an address at a domain name, \
             such as ana@example.com"
        ));
    }
    for label in &labels {
        if label.chars().count() > MAX_LABEL_CHARS {
            return Some(format!(
                "a part of the domain {domain:?} is longer than {MAX_LABEL_CHARS} characters"
            ));
        }
        if !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            || label.starts_with('-')
            || label.ends_with('-')
        {
            return Some(format!(
                "the domain {domain:?} may hold only letters, digits, dots and inner hyphens"
            ));
        }
    }
    None
}

/// Whether a chat's transcript may be e-mailed to `to` (a usable address): to the chat's own
/// customer (`customer`, compared without regard to case), or to any address at one of the
/// domains the operator allows. `Err` is a sentence naming why not.
pub fn may_receive_transcript(
    to: &str,
    customer: &str,
    allowed_domains: &[String],
) -> Result<(), String> {
    if to.eq_ignore_ascii_case(customer.trim()) {
        return Ok(());
    }
    let domain = to.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
    if allowed_domains
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(domain))
    {
        return Ok(());
    }
    let allowed = if allowed_domains.is_empty() {
        "and this backend allows no other recipients (an operator can list allowed domains in \
         mail.toml)"
            .to_string()
    } else {
        format!("or to addresses at {}", allowed_domains.join(", "))
    };
    Err(format!(
        "A transcript goes only to the chat's own customer ({customer}) {allowed}; {to} is \
         neither."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_addresses_at_domain_names_are_usable() {
        for ok in [
            "ana@example.com",
            "  ana.lima@example.com ",
            "o'brien+billing@mail.example.co.uk",
            "x_y-z@a-b.example",
            "1@example.com",
        ] {
            assert_eq!(usable_address(ok), Ok(ok.trim().to_string()), "{ok}");
        }
    }

    #[test]
    fn addresses_that_parse_but_cannot_be_used_say_why() {
        let cases = [
            ("x@[127.0.0.1]", "by its IP address"),
            ("x@[IPv6:::1]", "by its IP address"),
            ("x@127.0.0.1", "is an IP address"),
            ("\"a b\"@example.com", "quoted name"),
            ("\"ana\"@example.com", "quoted name"),
            ("ana@localhost", "has no dot"),
            ("ana@example.com.", "two in a row"),
            ("ana@.example.com", "two in a row"),
            ("ana@exa_mple.com", "inner hyphens"),
            ("ana@-example.com", "inner hyphens"),
            (".ana@example.com", "dot"),
            ("an..a@example.com", "two in a row"),
            ("a\\b@example.com", "'\\\\'"),
            ("ana", "not an e-mail address"),
            ("", "not an e-mail address"),
            ("@example.com", "not an e-mail address"),
            ("ana@", "not an e-mail address"),
            ("Ana <ana@example.com>", "not an e-mail address"),
            ("a@example.com, b@example.com", "not an e-mail address"),
            ("ana@exämple.com", "ASCII"),
        ];
        for (text, why) in cases {
            let sentence = usable_address(text).expect_err(text);
            assert!(sentence.contains(why), "{text}: {sentence}");
            assert!(sentence.ends_with('.'), "{text}: {sentence}");
        }
    }

    #[test]
    fn over_long_addresses_and_parts_are_refused() {
        let local = "a".repeat(MAX_LOCAL_CHARS + 1);
        let sentence = usable_address(&format!("{local}@example.com")).unwrap_err();
        assert!(sentence.contains("longer than 64"), "{sentence}");
        let label = "b".repeat(MAX_LABEL_CHARS + 1);
        let sentence = usable_address(&format!("ana@{label}.example.com")).unwrap_err();
        assert!(sentence.contains("longer than 63"), "{sentence}");
        let long = format!("ana@{}example.com", "abcdefghi.".repeat(25));
        let sentence = usable_address(&long).unwrap_err();
        assert!(sentence.contains("at most 254"), "{sentence}");
        let longest = format!("{}@{}.example.com", "a".repeat(64), "b".repeat(63));
        assert!(usable_address(&longest).is_ok());
    }

    #[test]
    fn a_transcript_goes_to_its_customer_or_an_allowed_domain() {
        let none: Vec<String> = Vec::new();
        assert!(may_receive_transcript("ana@example.com", "ana@example.com", &none).is_ok());
        assert!(may_receive_transcript("Ana@Example.com", "ana@example.com", &none).is_ok());
        let refused = may_receive_transcript("bo@example.com", "ana@example.com", &none);
        let sentence = refused.unwrap_err();
        assert!(sentence.contains("(ana@example.com)"), "{sentence}");
        assert!(sentence.contains("bo@example.com is neither"), "{sentence}");
        assert!(sentence.contains("mail.toml"), "{sentence}");

        let allowed = vec!["acme.example".to_string()];
        assert!(may_receive_transcript("bo@ACME.example", "ana@example.com", &allowed).is_ok());
        let sentence =
            may_receive_transcript("bo@sub.acme.example", "ana@example.com", &allowed).unwrap_err();
        assert!(
            sentence.contains("or to addresses at acme.example"),
            "{sentence}"
        );
    }
}
