use std::ffi::OsStr;

use ratatui::style::{Color, Modifier};

use super::*;

fn builtin_text(name: &str) -> &'static str {
    match name {
        "default" => DEFAULT,
        "high-contrast" => HIGH_CONTRAST,
        _ => MONOCHROME,
    }
}

#[test]
fn every_built_in_theme_names_every_role() {
    for name in BUILT_IN {
        let named = file::parse(name, builtin_text(name)).unwrap();
        for role in Role::ALL {
            assert!(
                named.iter().any(|(r, _)| r == role),
                "themes/{name}.toml does not name {}",
                role.name()
            );
        }
        assert!(Theme::builtin(name).is_some(), "{name}");
    }
}

#[test]
fn monochrome_has_no_colour_and_the_others_do() {
    assert!(!Theme::monochrome().has_colour());
    assert!(Theme::builtin("default").unwrap().has_colour());
    assert!(Theme::builtin("high-contrast").unwrap().has_colour());
}

#[test]
fn alerts_never_depend_on_colour_alone_in_any_theme() {
    for name in BUILT_IN {
        let theme = Theme::builtin(name).unwrap();
        for role in [Role::Alert, Role::Warning, Role::Error] {
            assert!(
                theme[role].add_modifier.contains(Modifier::BOLD),
                "{name}: {} is not bold",
                role.name()
            );
        }
        assert_ne!(theme[Role::Alert], theme[Role::Warning], "{name}");
    }
    let mono = Theme::monochrome();
    assert!(
        mono[Role::Alert]
            .add_modifier
            .contains(Modifier::REVERSED | Modifier::BOLD)
    );
    // Alert, warning and a quiet wait must look different without colour.
    let looks = [
        mono[Role::Alert].add_modifier,
        mono[Role::Warning].add_modifier,
        mono[Role::Ok].add_modifier,
    ];
    assert!(looks[0] != looks[1] && looks[1] != looks[2] && looks[0] != looks[2]);
}

#[test]
fn the_default_theme_keeps_the_console_s_colours() {
    let theme = Theme::default();
    assert_eq!(theme[Role::Alert].bg, Some(Color::Red));
    assert_eq!(theme[Role::Muted].fg, Some(Color::DarkGray));
    assert_eq!(theme[Role::Highlight].bg, Some(Color::Blue));
}

#[test]
fn a_theme_file_is_laid_over_the_default_role_by_role() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(
        &path,
        "muted = { fg = \"gray\" }\n\n[alert]\nfg = \"#ffffff\"\nbg = \"88\"\nmodifiers = [\"underlined\"]\n",
    )
    .unwrap();
    let theme = Theme::from_file(&path).unwrap();
    assert_eq!(theme[Role::Alert].fg, Some(Color::Rgb(255, 255, 255)));
    assert_eq!(theme[Role::Alert].bg, Some(Color::Indexed(88)));
    // Alerts stay bold whatever the file says.
    assert!(
        theme[Role::Alert]
            .add_modifier
            .contains(Modifier::UNDERLINED | Modifier::BOLD)
    );
    assert_eq!(theme[Role::Muted].fg, Some(Color::Gray));
    assert_eq!(theme[Role::Ok], Theme::default()[Role::Ok]);
}

fn broken(text: &str) -> AssetError {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken-theme.toml");
    std::fs::write(&path, text).unwrap();
    let err = Theme::from_file(&path).unwrap_err();
    assert!(err.file.ends_with("broken-theme.toml"), "{err}");
    assert!(
        err.to_string().contains("broken-theme.toml:"),
        "the file is named: {err}"
    );
    err
}

#[test]
fn a_broken_theme_file_names_the_line_the_role_and_the_key() {
    let err = broken("[alert]\nfg = \"white\"\nbg = \"purpel\"\n");
    assert_eq!((err.line, err.column), (3, 6), "{err}");
    assert!(
        err.problem.contains("\"purpel\"") && err.problem.contains("bg of alert"),
        "{err}"
    );

    let err = broken("ok = { fg = \"green\" }\nalrt = { fg = \"red\" }\n");
    assert_eq!(err.line, 2, "{err}");
    assert!(err.problem.contains("\"alrt\" is not a role"), "{err}");
    assert!(
        err.problem.contains("alert, warning"),
        "the roles are listed: {err}"
    );

    let err = broken("\n\n[warning]\ncolour = \"red\"\n");
    assert_eq!((err.line, err.column), (4, 1), "{err}");
    assert!(
        err.problem.contains("\"colour\" in warning is not a key"),
        "{err}"
    );

    let err = broken("[badge]\nmodifiers = [\"bold\", \"blink\"]\n");
    assert_eq!(err.line, 2, "{err}");
    assert!(
        err.problem.contains("\"blink\"") && err.problem.contains("modifiers of badge"),
        "{err}"
    );

    let err = broken("[badge]\nfg = 3\n");
    assert_eq!(err.line, 2, "{err}");
    assert!(
        err.problem.contains("fg of badge must be a colour"),
        "{err}"
    );

    let err = broken("alert = \"red\"\n");
    assert_eq!(err.line, 1, "{err}");

    let err = broken("[muted]\nfg = \"gray\"\n[muted]\n");
    assert_eq!(err.line, 3, "a role given twice: {err}");
}

#[test]
fn config_names_a_built_in_theme_or_a_file_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        Theme::chosen("high-contrast", Some(dir.path())).unwrap(),
        Theme::builtin("high-contrast").unwrap()
    );
    std::fs::write(dir.path().join("mine.toml"), "ok = { fg = \"blue\" }\n").unwrap();
    let theme = Theme::chosen("mine.toml", Some(dir.path())).unwrap();
    assert_eq!(theme[Role::Ok].fg, Some(Color::Blue));
    match Theme::chosen("solarised", Some(dir.path())) {
        Err(ThemeProblem::Unknown(problem)) => {
            assert!(problem.contains("\"solarised\"") && problem.contains("high-contrast"));
        }
        other => panic!("{other:?}"),
    }
    match Theme::chosen("missing.toml", Some(dir.path())) {
        Err(ThemeProblem::File(e)) => assert!(e.file.ends_with("missing.toml"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn colour_follows_no_color_the_terminal_and_the_flag() {
    let set = Some(OsStr::new("1"));
    let empty = Some(OsStr::new(""));
    assert!(ColorChoice::Auto.colour(None, true));
    assert!(
        ColorChoice::Auto.colour(empty, true),
        "an empty NO_COLOR is unset"
    );
    assert!(!ColorChoice::Auto.colour(set, true));
    assert!(!ColorChoice::Auto.colour(None, false), "not a terminal");
    assert!(
        ColorChoice::Always.colour(set, false),
        "--color always wins over NO_COLOR"
    );
    assert!(!ColorChoice::Never.colour(None, true));
    assert_eq!(for_console(Theme::default(), false), Theme::monochrome());
    assert_eq!(for_console(Theme::default(), true), Theme::default());
}
