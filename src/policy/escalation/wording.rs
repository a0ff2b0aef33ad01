//! Whether a field's text reads as words, names a resource, or names a place.

use unicode_segmentation::UnicodeSegmentation;

/// Fewest different English words of two letters or more a detailed field holds.
pub const MIN_KNOWN_WORDS: usize = 4;
/// Of the words made of letters only, at least this share must be English.
const KNOWN_SHARE: f64 = 0.6;

/// Whether `text` reads as words: enough different words the dictionary knows, and most of
/// its words known. Codes, numbers and words in capitals (acronyms such as `SOP`) are left out
/// of the count either way.
pub fn reads_as_words(text: &str, knows_word: &dyn Fn(&str) -> bool) -> bool {
    let mut known: Vec<String> = Vec::new();
    let (mut lettered, mut recognised) = (0usize, 0usize);
    for word in text.unicode_words() {
        let letters_only = word
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '’');
        let acronym = word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
            && word.chars().count() > 1;
        if !letters_only || acronym {
            continue;
        }
        lettered += 1;
        if knows_word(word) {
            recognised += 1;
            let lower = word.to_lowercase();
            if lower.chars().count() >= 2 && !known.contains(&lower) {
                known.push(lower);
            }
        }
    }
    known.len() >= MIN_KNOWN_WORDS && (recognised as f64) >= KNOWN_SHARE * lettered as f64
}

/// The first of `resources` that `text` names, in any case, as whole words.
pub fn named_resource<'a>(text: &str, resources: &'a [String]) -> Option<&'a str> {
    let words: Vec<String> = text.unicode_words().map(str::to_lowercase).collect();
    resources
        .iter()
        .find(|resource| {
            let wanted: Vec<String> = resource.unicode_words().map(str::to_lowercase).collect();
            !wanted.is_empty() && words.windows(wanted.len()).any(|w| w == wanted.as_slice())
        })
        .map(String::as_str)
}

/// Word runs that say a check was not made: "haven't checked the SOP" names a resource and
/// still says nothing was looked at.
const NOT_CHECKED: &[&[&str]] = &[
    &["haven't", "checked"],
    &["havent", "checked"],
    &["have", "not", "checked"],
    &["hasn't", "checked"],
    &["didn't", "check"],
    &["didnt", "check"],
    &["did", "not", "check"],
    &["not", "checked"],
    &["haven't", "looked"],
    &["have", "not", "looked"],
    &["didn't", "look"],
    &["did", "not", "look"],
    &["not", "even"],
];

/// Whether `text` says nothing was checked, though it may name a resource: a check denied
/// ("I haven't checked the SOP", "did not look at the notes") or an answer that opens with
/// "nothing" or "none". A resource that did not help ("not in the client log") is a check.
pub fn denies_checking(text: &str) -> bool {
    let words: Vec<String> = text
        .unicode_words()
        .map(|w| w.replace('’', "'").to_lowercase())
        .collect();
    let opens_with_nothing = words.first().is_some_and(|w| w == "nothing" || w == "none");
    opens_with_nothing
        || NOT_CHECKED
            .iter()
            .any(|run| words.windows(run.len()).any(|w| w == *run))
}

/// Whether `text` names a place: two words or more, one of them a name: three letters or
/// longer, and either a word the dictionary knows or one that is not keys struck in a row
/// (`asdf qwer` is refused, `Acme Devices Tulsa` and `acme tulsa` are not).
pub fn names_a_place(text: &str, knows_word: &dyn Fn(&str) -> bool) -> bool {
    let words: Vec<&str> = text.unicode_words().collect();
    words.len() >= 2
        && words.iter().any(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && (knows_word(w) || !struck_in_a_row(w))
        })
}

/// The letter rows of a QWERTY keyboard, each also struck from its other end.
const KEY_ROWS: [&str; 6] = [
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "poiuytrewq",
    "lkjhgfdsa",
    "mnbvcxz",
];

/// Whether `word` is keys struck without thought: all of it a run of one keyboard row, either
/// way (`asdf`, `qwer`, `lkj`), or letters with no vowel that are not capitals (`sdfsdf`;
/// `NYC` is a name).
fn struck_in_a_row(word: &str) -> bool {
    let lower = word.to_lowercase();
    let along_a_row = KEY_ROWS.iter().any(|row| row.contains(lower.as_str()));
    let no_vowel = !lower.chars().any(|c| "aeiouy".contains(c));
    let capitals = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    along_a_row || (no_vowel && !capitals)
}

/// A client ID as compared: letters and digits only, in capitals.
pub fn client_id_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}
