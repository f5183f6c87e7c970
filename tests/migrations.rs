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
