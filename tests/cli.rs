//! The headless command line of the app binary.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    run_in(dir, "C.UTF-8", args)
}

/// Runs with the system language `lang` (as LANG; the variables that would override it are removed).
fn run_in(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("LIAISON_DESK_DATA_DIR")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("RUST_LOG")
        .env("LANG", lang)
        .output()
        .expect("run liaison-desk")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn help_lists_the_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["--help"]);
    assert!(o.status.success());
    let t = text(&o);
    for word in ["demo", "seed", "--data-dir"] {
        assert!(t.contains(word), "help mentions {word}: {t}");
    }
}

#[test]
fn a_command_that_succeeds_says_nothing_on_stderr() {
    // The start-up check, migrations and index builds log at "info" for the window; a command line user must not
    // see those lines (RUST_LOG still shows them).
    let dir = tempfile::tempdir().unwrap();
    for args in [&["demo"][..], &["search", "供应"], &["info"]] {
        let o = run(dir.path(), args);
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        assert_eq!(String::from_utf8_lossy(&o.stderr), "", "{args:?}");
        assert!(!o.stdout.is_empty(), "{args:?} prints its answer");
    }
}

#[test]
fn demo_fills_once_then_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["demo"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("40 contacts"));
    assert!(dir.path().join("liaison-desk.db").exists());
    let again = run(dir.path(), &["demo"]);
    assert!(!again.status.success());
    assert!(
        text(&again).contains("There is already data here"),
        "{}",
        text(&again)
    );
}

#[test]
fn seed_reports_rows_and_throughput() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        dir.path(),
        &[
            "seed",
            "--orgs",
            "50",
            "--contacts",
            "100",
            "--tasks",
            "200",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Seeded 350 rows"), "{}", text(&o));
}

#[test]
fn the_global_option_also_works_after_the_subcommand_and_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
        .args(["info", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        text(&o).contains(&dir.path().display().to_string()),
        "{}",
        text(&o)
    );
    let env_dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
        .arg("info")
        .env("LIAISON_DESK_DATA_DIR", env_dir.path())
        .output()
        .unwrap();
    assert!(
        text(&o).contains(&env_dir.path().display().to_string()),
        "{}",
        text(&o)
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("liaison-desk.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let o = run(dir.path(), &["demo"]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("written by a newer version of Liaison Desk"),
        "{}",
        text(&o)
    );
}

#[test]
fn export_schedule_writes_an_ics_of_the_demo_week() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["demo"]).status.success());
    let today = chrono::Local::now().date_naive();
    let (from, to) = (
        today - chrono::Duration::days(7),
        today + chrono::Duration::days(7),
    );
    let out = dir.path().join("week.ics");
    let o = run(
        dir.path(),
        &[
            "export",
            "schedule",
            "--from",
            &from.to_string(),
            "--to",
            &to.to_string(),
            "--time-zone",
            "Asia/Shanghai",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let ics = std::fs::read_to_string(&out).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.contains("SUMMARY:部门负责人周例会 Leads weekly sync"));
    assert!(ics.contains("RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;WKST=MO"));
    assert!(ics.matches("BEGIN:VEVENT").count() >= 10, "{ics}");

    // A bad date is refused with the field named, and no file is written.
    let bad = dir.path().join("bad.ics");
    let o = run(
        dir.path(),
        &[
            "export",
            "schedule",
            "--from",
            "2026-13-01",
            "--to",
            "2026-12-01",
            "-o",
            bad.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(
        text(&o).contains("--from: Enter a valid date"),
        "{}",
        text(&o)
    );
    assert!(!bad.exists());
}

/// The schedule export over more than 366 days, in the system language `lang`.
fn schedule_over_a_year(dir: &Path, lang: &str) -> Output {
    let out = dir.join("year.ics");
    run_in(
        dir,
        lang,
        &[
            "export",
            "schedule",
            "--from",
            "2026-01-01",
            "--to",
            "2027-06-30",
            "-o",
            out.to_str().unwrap(),
        ],
    )
}

#[test]
fn errors_are_the_app_s_messages_and_name_the_option_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let o = schedule_over_a_year(dir.path(), "en_US.UTF-8");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        err.contains("liaison-desk: --to: This value is out of range."),
        "{err}"
    );
    assert!(
        !err.contains("FieldError") && !err.contains("OutOfRange"),
        "{err}"
    );

    // --data-dir naming a file: the option and the app's message, not the OS's "File exists".
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let o = run_in(&file, "C.UTF-8", &["info"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        err.contains("--data-dir: This file or folder does not exist or cannot be used."),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}

#[test]
fn errors_and_output_follow_a_chinese_system_language() {
    let dir = tempfile::tempdir().unwrap();
    let o = schedule_over_a_year(dir.path(), "zh_CN.UTF-8");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(err.contains("liaison-desk: --to: 数值超出范围。"), "{err}");

    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let o = run_in(&file, "zh_CN.UTF-8", &["info"]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        err.contains("--data-dir: 该文件或文件夹不存在或无法使用"),
        "{err}"
    );

    let o = run_in(dir.path(), "zh_CN.UTF-8", &["info"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("数据结构版本："), "{}", text(&o));
}

#[test]
fn the_language_saved_in_the_app_wins_over_the_system_s() {
    let dir = tempfile::tempdir().unwrap();
    let db = liaison_desk::store::Db::open_in(dir.path()).unwrap();
    db.write(|c| {
        let mut s = liaison_desk::services::settings::get(c)?;
        s.locale = Some("zh-CN".into());
        liaison_desk::services::settings::set(c, s)
    })
    .unwrap();
    drop(db);
    let o = run_in(dir.path(), "en_US.UTF-8", &["demo"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("已将示例数据载入"), "{}", text(&o));
    let again = run_in(dir.path(), "en_US.UTF-8", &["demo"]);
    assert!(
        text(&again).contains("这里已有数据，因此未加载示例。"),
        "{}",
        text(&again)
    );

    // Set to English in the app, a Chinese system still gets English.
    let db = liaison_desk::store::Db::open_in(dir.path()).unwrap();
    db.write(|c| {
        let mut s = liaison_desk::services::settings::get(c)?;
        s.locale = Some("en".into());
        liaison_desk::services::settings::set(c, s)
    })
    .unwrap();
    drop(db);
    let o = run_in(dir.path(), "zh_CN.UTF-8", &["info"]);
    assert!(text(&o).contains("schema version:"), "{}", text(&o));
}

/// The id of the demo's first meeting that has decisions (a held one).
fn held_meeting(dir: &Path) -> String {
    let db = liaison_desk::store::Db::open_in(dir).unwrap();
    db.read(|c| {
        Ok(c.query_row(
            "SELECT meeting_id FROM meeting_decisions WHERE deleted_at IS NULL LIMIT 1",
            [],
            |r| r.get::<_, String>(0),
        )?)
    })
    .unwrap()
}

#[test]
fn export_meeting_writes_each_format_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["demo"]).status.success());
    let id = held_meeting(dir.path());
    let listed = run(dir.path(), &["meetings", "--limit", "500"]);
    assert!(listed.status.success());
    assert!(String::from_utf8_lossy(&listed.stdout)
        .lines()
        .any(|l| l.starts_with(&id)));
    for (format, lang, check) in [
        ("md", "zh-CN", "## 决议"),
        ("html", "en", "<h2>Decisions</h2>"),
        ("ics", "en", "BEGIN:VEVENT"),
        ("eml", "zh-CN", "X-Unsent: 1"),
    ] {
        let out = dir.path().join(format!("m.{format}"));
        let o = run(
            dir.path(),
            &[
                "export",
                "meeting",
                &id,
                "--format",
                format,
                "--lang",
                lang,
                "-o",
                out.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
        let body = String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned();
        assert!(body.contains(check), "{format}: {check} missing");
    }
    let docx = dir.path().join("m.docx");
    let o = run(
        dir.path(),
        &[
            "export",
            "meeting",
            &id,
            "--format",
            "docx",
            "-o",
            docx.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(&std::fs::read(&docx).unwrap()[..2], b"PK");

    let packs = dir.path().join("packs");
    let o = run(
        dir.path(),
        &[
            "export",
            "meeting",
            &id,
            "--format",
            "md",
            "--follow-ups",
            "-o",
            packs.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(std::fs::read_dir(&packs).unwrap().count() >= 2);

    let bad = dir.path().join("bad.md");
    let o = run(
        dir.path(),
        &[
            "export",
            "meeting",
            &id,
            "--format",
            "rtf",
            "-o",
            bad.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("unknown format"), "{}", text(&o));
    let o = run(
        dir.path(),
        &[
            "export",
            "meeting",
            "nope",
            "--format",
            "md",
            "-o",
            bad.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(!bad.exists());
}

#[test]
fn export_meetings_writes_a_folder_per_range() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["demo"]).status.success());
    let out = dir.path().join("all");
    let today = chrono::Local::now().date_naive();
    let (from, to) = (
        today - chrono::Duration::days(14),
        today + chrono::Duration::days(14),
    );
    let o = run(
        dir.path(),
        &[
            "export",
            "meetings",
            "--from",
            &from.to_string(),
            "--to",
            &to.to_string(),
            "--format",
            "html",
            "--lang",
            "en",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let n = std::fs::read_dir(&out).unwrap().count();
    assert!(n >= 10, "{n} files");
    assert!(
        text(&o).contains(&format!("Wrote {n} of {n} meetings")),
        "{}",
        text(&o)
    );
    let o = run(
        dir.path(),
        &[
            "export",
            "meetings",
            "--format",
            "md",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success(), "a batch needs a project or dates");
}

#[test]
fn listings_date_meetings_in_the_zone_saved_in_the_app() {
    use liaison_desk::services::{meetings, settings};
    let dir = tempfile::tempdir().unwrap();
    let db = liaison_desk::store::Db::open_in(dir.path()).unwrap();
    // 21:00 in New York on the 24th is 10:00 on the 25th in Shanghai.
    db.write(|c| {
        let m = liaison_desk::domain::MeetingInput {
            starts_at: "2026-11-24T21:00:00-05:00".into(),
            ends_at: "2026-11-24T22:00:00-05:00".into(),
            time_zone: "America/New_York".into(),
            ..common::meeting("Supplier review")
        };
        meetings::create_meeting(c, m)?;
        let mut s = settings::get(c)?;
        s.time_zone = Some("Asia/Shanghai".into());
        settings::set(c, s)
    })
    .unwrap();
    drop(db);
    // TZ says otherwise; the zone saved in the app wins.
    let o = Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("meetings")
        .env("TZ", "America/New_York")
        .output()
        .expect("run liaison-desk");
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(t.contains("2026-11-25  Supplier review"), "{t}");
}

#[test]
fn every_error_code_and_rule_has_a_message_in_both_languages() {
    use liaison_desk::error::{AppError, Rule};
    use liaison_desk::export::summary::Lang;
    use liaison_desk::messages::{code_message, rule_message};
    let codes = AppError::codes();
    let rules = Rule::keys();
    // The names read from the types are the ones serde sends to the UI.
    assert!(codes.contains(&AppError::NotEmpty.code()), "{codes:?}");
    assert!(codes.contains(&AppError::Cancelled.code()), "{codes:?}");
    assert!(
        codes.contains(&AppError::field("x", Rule::Required).code()),
        "{codes:?}"
    );
    assert!(rules.contains(&Rule::InvalidTimeZone.key()), "{rules:?}");
    assert!(rules.contains(&Rule::InvalidPath.key()), "{rules:?}");
    assert!(
        codes.len() >= 10 && rules.len() >= 14,
        "{codes:?} {rules:?}"
    );
    for lang in [Lang::En, Lang::ZhCn] {
        for code in &codes {
            assert!(
                code_message(lang, code).is_some_and(|m| !m.is_empty()),
                "no {lang:?} message for the error code {code}"
            );
        }
        for rule in &rules {
            assert!(
                rule_message(lang, rule).is_some_and(|m| !m.is_empty()),
                "no {lang:?} message for the rule {rule}"
            );
        }
    }
}
