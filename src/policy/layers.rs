//! The layers stay visible in the folders: `policy` is the bottom layer beside `protocol`, so
//! it names nothing above it, and `canned` knows nothing of the backend or the console.

use std::path::Path;

/// Every `crate::…` path named in the Rust files under `dir`, with the file it is in.
fn crate_paths(dir: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(crate_paths(&path));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("crate::") {
            let module: String = text[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !module.is_empty() {
                found.push((path.display().to_string(), module));
            }
        }
    }
    found
}

fn reaching(folder: &str, allowed: &[&str]) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(folder);
    crate_paths(&dir)
        .into_iter()
        .filter(|(_, module)| !allowed.contains(&module.as_str()))
        .map(|(file, module)| format!("{file} names crate::{module}"))
        .collect()
}

#[test]
fn policy_names_only_itself_and_the_protocol() {
    let above = reaching("policy", &["policy", "protocol"]);
    assert!(above.is_empty(), "{}", above.join("\n"));
}

#[test]
fn canned_responses_know_nothing_of_the_backend_or_the_console() {
    let above = reaching("canned", &["canned", "policy", "protocol", "assets"]);
    assert!(above.is_empty(), "{}", above.join("\n"));
}
