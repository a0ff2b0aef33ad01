//! Text from customers (and anything else remote) must never drive the agent's terminal. Every
//! remote string passes through [`sanitize`] before it reaches console state: control
//! characters and bidirectional overrides become visible placeholders, tabs become spaces and
//! line endings become plain newlines.

/// Spaces a tab becomes.
const TAB: &str = "    ";

/// A visible stand-in for a character that must not reach the terminal.
fn placeholder(c: char) -> Option<char> {
    match c {
        // C0 controls: the Unicode "control pictures" block has one for each (␀ … ␟).
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('␡'),
        // C1 controls, bidi embeddings/overrides and isolates: a replacement character.
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// Makes remote text safe to show: keeps newlines, turns CRLF and lone CR into LF, tabs into
/// spaces, and every other control or bidi-override character into a visible placeholder.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\t' => out.push_str(TAB),
            c => match placeholder(c) {
                Some(shown) => out.push(shown),
                None => out.push(c),
            },
        }
    }
    out
}

/// Like [`sanitize`], for one-line fields (names, e-mail addresses): newlines become spaces too.
pub fn sanitize_line(text: &str) -> String {
    sanitize(text).replace('\n', " ")
}

/// Whether a character may be written to a terminal cell.
pub fn is_safe(c: char) -> bool {
    placeholder(c).is_none() && c != '\t' && c != '\r'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_lose_their_escape() {
        let attack = "hi\u{1b}]0;pwned\u{7}\u{1b}[2J";
        let shown = sanitize(attack);
        assert_eq!(shown, "hi␛]0;pwned␇␛[2J");
        assert!(shown.chars().all(is_safe));
    }

    #[test]
    fn line_endings_and_tabs_are_normalised() {
        assert_eq!(sanitize("a\r\nb\rc\td"), "a\nb\nc    d");
    }

    #[test]
    fn c1_and_bidi_overrides_become_visible() {
        assert_eq!(sanitize("\u{9b}31m"), "\u{fffd}31m");
        assert_eq!(sanitize("abc\u{202e}fed"), "abc\u{fffd}fed");
        assert_eq!(sanitize("\u{2066}x\u{2069}"), "\u{fffd}x\u{fffd}");
    }

    #[test]
    fn ordinary_text_wide_characters_and_emoji_pass_unchanged() {
        let text = "Olá, 世界! 👋🏽 ça va?\nNext line";
        assert_eq!(sanitize(text), text);
    }

    #[test]
    fn one_line_fields_lose_their_newlines() {
        assert_eq!(sanitize_line("Ana\r\nLima"), "Ana Lima");
    }
}
