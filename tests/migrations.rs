//! Migrations: a fresh file, an older schema with data (committed fixture), and a file from a newer app.

mod common;

use liaison_desk::error::AppError;
use liaison_desk::store::db::{Db, DB_FILE, SCHEMA_VERSION};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v1.db")
}

fn version(path: &Path) -> i32 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn count(path: &Path, table: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn fresh_database_gets_the_current_schema_without_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (db, report) = Db::open(&dir.path().join(DB_FILE)).unwrap();
    assert_eq!(
        (report.from_version, report.to_version),
        (0, SCHEMA_VERSION)
    );
    assert!(report.backup.is_none(), "nothing to back up in a new file");
    drop(db);
    assert_eq!(version(&dir.path().join(DB_FILE)), SCHEMA_VERSION);
    let journal: String = Connection::open(dir.path().join(DB_FILE))
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
}

#[test]
fn first_schema_with_data_is_backed_up_then_migrated_keeping_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    std::fs::copy(fixture(), &path).unwrap();
    assert_eq!(version(&path), 1);
    let before: Vec<i64> = ["organizations", "contacts", "projects", "tasks", "meetings"]
        .iter()
        .map(|t| count(&path, t))
        .collect();
    assert!(
        before.iter().all(|n| *n > 0),
        "the fixture holds data: {before:?}"
    );

    let (db, report) = Db::open(&path).unwrap();
    assert_eq!(
        (report.from_version, report.to_version),
        (1, SCHEMA_VERSION)
    );
    let backup = report.backup.expect("a backup before migrating");
    assert_eq!(version(&backup), 1, "the backup is the old file as it was");
    assert_eq!(count(&backup, "contacts"), before[1]);
    drop(db);

    assert_eq!(version(&path), SCHEMA_VERSION);
    let after: Vec<i64> = ["organizations", "contacts", "projects", "tasks", "meetings"]
        .iter()
        .map(|t| count(&path, t))
        .collect();
    assert_eq!(before, after);
    let has_index: bool = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'tasks_scheduled')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(has_index);

    // The free-text agenda became one item per line, without the "1. " markers, in order.
    let conn = Connection::open(&path).unwrap();
    let with_agenda: i64 = conn
        .query_row(
            "SELECT count(DISTINCT meeting_id) FROM meeting_agenda_items",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(with_agenda, 10);
    let first: Vec<String> = conn
        .prepare(
            "SELECT title FROM meeting_agenda_items WHERE meeting_id =
               (SELECT meeting_id FROM meeting_agenda_items LIMIT 1) ORDER BY sort_key",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        first,
        vec![
            "进展回顾 Progress review",
            "风险与问题 Risks and issues",
            "下一步 Next steps"
        ]
    );
    drop(conn);

    // Opening again is a no-op: no second backup.
    let (_db, again) = Db::open(&path).unwrap();
    assert!(again.backup.is_none());
}

#[test]
fn newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    std::fs::copy(fixture(), &path).unwrap();
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 5)
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    match Db::open(&path) {
        Err(AppError::DatabaseTooNew { found, supported }) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 5, SCHEMA_VERSION))
        }
        other => panic!("expected database_too_new, got {:?}", other.map(|_| ())),
    }
    assert!(
        std::fs::read(&path).unwrap() == bytes,
        "the file must be left byte for byte as it was"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !leftovers
            .iter()
            .any(|n| n.to_string_lossy().contains(".bak")),
        "no backup written: {leftovers:?}"
    );
}

// tests/fixtures/schema-v1.db is frozen: schema 1 filled with the demo data of that version (written by the
// `write_v1_fixture` helper at commit c18226e). The demo now writes columns schema 1 lacks, so a new fixture for a
// later schema needs its own generator at that schema's commit; never regenerate an old one.

// tests/fixtures/schema-v4.db is frozen too: schema 4 with recurring meetings whose minutes all occurrences shared,
// written by tests/fixtures/make-schema-v4.py from the migrations of schema 4.
#[test]
fn shared_minutes_of_a_series_move_to_its_most_recent_held_occurrence() {
    use chrono::{Datelike, Duration, Timelike, Utc, Weekday};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v4.db"),
        &path,
    )
    .unwrap();
    assert_eq!(version(&path), 4);
    let (db, report) = Db::open(&path).unwrap();
    assert_eq!(report.from_version, 4);
    assert!(report.backup.is_some());

    // The last Monday 10:00 in Shanghai (02:00 UTC) before now, computed here without the app's rules.
    let mut t = Utc::now()
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap();
    while !(t.weekday() == Weekday::Mon && t.hour() == 2 && t < Utc::now()) {
        t -= Duration::hours(1);
    }
    let held = t.format("%Y-%m-%dT%H:%M:%SZ").to_string();

    let conn = Connection::open(&path).unwrap();
    let one = |sql: &str| -> Vec<String> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get::<_, Option<String>>(0))
            .unwrap()
            .map(|r| r.unwrap().unwrap_or_default())
            .collect()
    };
    let row: Vec<String> = one(
        "SELECT id || ' ' || occurrence || ' ' || starts_at || ' ' || notes FROM meetings WHERE series_id = 'm-weekly'",
    );
    assert_eq!(row.len(), 1, "one occurrence row: {row:?}");
    let parts: Vec<&str> = row[0].splitn(4, ' ').collect();
    let occ_id = parts[0];
    assert_eq!(parts[1], held);
    assert_eq!(parts[2], held, "held at its slot");
    assert_eq!(parts[3], "共享纪要 shared notes");
    assert_eq!(
        one("SELECT notes FROM meetings WHERE id = 'm-weekly'"),
        [""]
    );
    for (table, id) in [
        ("meeting_agenda_items", "a-1"),
        ("meeting_decisions", "d-1"),
        ("tasks", "t-1"),
    ] {
        assert_eq!(
            one(&format!("SELECT meeting_id FROM {table} WHERE id = '{id}'")),
            [occ_id],
            "{table} moved to the occurrence"
        );
    }
    assert_eq!(
        one(&format!(
            "SELECT attendance FROM meeting_attendees WHERE meeting_id = '{occ_id}'"
        )),
        ["present"]
    );
    assert_eq!(
        one("SELECT attendance FROM meeting_attendees WHERE meeting_id = 'm-weekly'"),
        ["invited"]
    );
    // Not held yet: the prepared notes go to the first occurrence. No minutes, or not a series: untouched.
    assert_eq!(
        one("SELECT occurrence || ' ' || notes FROM meetings WHERE series_id = 'm-future'"),
        ["2030-01-07T02:00:00Z 会前准备 prepared"]
    );
    assert!(one("SELECT id FROM meetings WHERE series_id = 'm-quiet'").is_empty());
    assert_eq!(
        one("SELECT notes FROM meetings WHERE id = 'm-once'"),
        ["一次性 one-off"]
    );
    // The exceptions stay where they were.
    assert_eq!(
        one("SELECT occurrence FROM meeting_exceptions WHERE meeting_id = 'm-weekly' ORDER BY occurrence"),
        ["2026-06-08T02:00:00Z", "2026-06-15T02:00:00Z"]
    );
    drop(conn);

    // The app opens the occurrence with its minutes, and the series without them.
    let key = format!("m-weekly@{held}");
    let m = db
        .read(|c| liaison_desk::services::meetings::get_meeting(c, &key))
        .unwrap();
    assert_eq!(m.notes.as_deref(), Some("共享纪要 shared notes"));
    assert_eq!(m.agenda.len(), 1);
    assert_eq!(m.decisions.len(), 1);
    assert_eq!(m.action_items.len(), 1);
    let series = db
        .read(|c| liaison_desk::services::meetings::get_meeting(c, "m-weekly"))
        .unwrap();
    assert_eq!(
        series.occurrences.and_then(|n| n.current).as_deref(),
        Some(held.as_str())
    );
}
