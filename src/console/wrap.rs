//! Wrapping text to a width in terminal columns, measured per grapheme cluster (an emoji with
//! its modifiers is one cluster, two columns wide), the way the terminal draws it.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Splits `text` into lines no wider than `width` columns, at spaces where possible.
pub fn wrap(text: &str, width: u16) -> Vec<String> {
    wrap_with(text, width, true)
}

/// [`wrap`], with printable ASCII words cut by slices (`by_slices`) or, like every other text,
/// cluster by cluster: the same lines either way, the slices without the segmentation's cost.
fn wrap_with(text: &str, width: u16, by_slices: bool) -> Vec<String> {
    let width = usize::from(width.max(1));
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split_inclusive(' ') {
            let visible = word.trim_end_matches(' ');
            if used > 0 && used + visible.width() > width {
                out.push(std::mem::take(&mut line).trim_end().to_string());
                used = 0;
            }
            if by_slices && word.bytes().all(|b| (b' '..=b'~').contains(&b)) {
                // Printable ASCII: one column per byte, one byte per cluster, and a space only
                // at the word's end (which may go past the width, as below).
                let mut rest = word;
                while !rest.is_empty() {
                    if used >= width && !rest.starts_with(' ') {
                        out.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    let room = (width - used.min(width)).max(1);
                    let take = rest.len().min(room);
                    let (piece, after) = rest.split_at(take);
                    line.push_str(piece);
                    used += take;
                    rest = after;
                }
                continue;
            }
            for cluster in word.graphemes(true) {
                let w = cluster.width();
                if used + w > width && used > 0 && cluster != " " {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push_str(cluster);
                used += w;
            }
        }
        out.push(line.trim_end().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_never_exceed_the_width() {
        let text = "Hello there, my order 12345 from Acme Devices has not arrived 世界世界世界 👋👋👋 ❤️❤️❤️ 👍🏽👍🏽 averyveryverylongwordwithoutspaces";
        for width in [2u16, 5, 8, 13, 20, 40] {
            for line in wrap(text, width) {
                assert!(line.width() <= usize::from(width), "{line:?} at {width}");
            }
        }
    }

    #[test]
    fn words_stay_whole_when_they_fit() {
        assert_eq!(wrap("one two three", 8), ["one two", "three"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
    }

    proptest::proptest! {
        #[test]
        fn plain_text_is_cut_by_slices_exactly_as_by_clusters(
            text in "[a-z .,!?0-9\t\n]{0,120}",
            width in 1u16..30,
        ) {
            proptest::prop_assert_eq!(wrap_with(&text, width, true), wrap_with(&text, width, false));
        }
    }

    #[test]
    fn an_emoji_with_a_variation_selector_counts_as_two_columns() {
        assert_eq!(wrap("ab ❤️", 4), ["ab", "❤️"]);
    }
}
