//! Backups: a verified copy, its rotation, restoring one (and refusing a damaged one), the data folder's lock and
//! the full check.

mod common;

use common::*;
use liaison_desk::domain::OrgKind;
use liaison_desk::error::AppError;
use liaison_desk::services::{backups, demo, directory};
use liaison_desk::store::backup::{self, DataLock};
use liaison_desk::store::db::{Db, DB_FILE};
use std::path::Path;

fn demo_db() -> (tempfile::TempDir, Db) {
    let (dir, db) = temp_db();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    db.write(|tx| demo::load(tx, today)).unwrap();
    (dir, db)
}

fn add_org(db: &Db, name: &str) -> String {
    db.write(|tx| directory::create_organization(tx, org(OrgKind::Partner, name)))
        .unwrap()
        .id
}

fn has_org(path: &Path, id: &str) -> bool {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM organizations WHERE id = ?1",
            [id],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        == 1
}

/// Overwrites 8 KiB in the middle of the file with noise, as a bad sector or a torn copy would.
fn damage(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let len = std::fs::metadata(path).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(len / 2)).unwrap();
    let mut rng = fastrand::Rng::with_seed(7);
    let noise: Vec<u8> = (0..8192).map(|_| rng.u8(..)).collect();
    f.write_all(&noise).unwrap();
}

#[test]
fn a_backup_is_verified_and_has_every_row() {
    let (dir, db) = demo_db();
    let before = row_counts(&db);
    let info = backups::back_up_now(&db, dir.path()).unwrap();
    assert!(info
        .path
        .starts_with(&dir.path().join("backups").display().to_string()));
    let v = info.verification.expect("the check is recorded");
    assert!(v.integrity_ok);
    assert_eq!(v.schema_version, liaison_desk::store::db::SCHEMA_VERSION);
    for (table, n) in &before {
        assert_eq!(i64::from(v.rows[table]), *n, "{table}");
    }
    assert!(info.size_bytes > 0.0);
    // The file is a plain single-file database, not one that needs its WAL beside it.
    let mode: String = rusqlite::Connection::open(&info.path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    assert_eq!(
        backup::verify_file(Path::new(&info.path)).unwrap().rows,
        v.rows
    );
}

#[test]
fn backup_and_restore_round_trip_keeping_the_replaced_database() {
    let (dir, db) = demo_db();
    let kept_id = add_org(&db, "备份前 Before");
    let info = backups::back_up_now(&db, dir.path()).unwrap();
    let later_id = add_org(&db, "备份后 After");
    let counts_at_backup = info.verification.unwrap().rows;
    drop(db);

    let folder = dir.path().join("backups");
    let report = backup::restore(dir.path(), Path::new(&info.path), &folder).unwrap();
    let live = dir.path().join(DB_FILE);
    assert!(has_org(&live, &kept_id));
    assert!(
        !has_org(&live, &later_id),
        "the restore put back the older state"
    );
    let kept = report.kept.expect("the replaced database is kept");
    assert!(
        has_org(Path::new(&kept), &later_id),
        "the replaced database has the later write"
    );
    backup::verify_file(Path::new(&kept)).unwrap();

    let db = Db::open_in(dir.path()).unwrap();
    for (table, n) in row_counts(&db) {
        assert_eq!(i64::from(counts_at_backup[&table]), n, "{table}");
    }
    backup::check(&live).unwrap();
    // Both backups are listed, newest first.
    let listed = backup::list(&folder).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].path, kept);
}

#[test]
fn a_damaged_or_truncated_backup_is_refused_and_the_live_database_is_untouched() {
    let (dir, db) = demo_db();
    let info = backups::back_up_now(&db, dir.path()).unwrap();
    let id = add_org(&db, "在用 Live");
    let before = row_counts(&db);
    drop(db);
    let live = dir.path().join(DB_FILE);
    let live_bytes = std::fs::read(&live).unwrap();
    let folder = dir.path().join("backups");

    let damaged = dir.path().join("damaged.db");
    std::fs::copy(&info.path, &damaged).unwrap();
    damage(&damaged);
    let truncated = dir.path().join("truncated.db");
    let bytes = std::fs::read(&info.path).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let not_db = dir.path().join("notes.db");
    std::fs::write(
        &not_db,
        "这不是数据库 not a database at all, but long enough to have a header",
    )
    .unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();

    for bad in [
        &damaged,
        &truncated,
        &not_db,
        &empty,
        &dir.path().join("missing.db"),
    ] {
        let e = backup::restore(dir.path(), bad, &folder).unwrap_err();
        assert!(
            matches!(e, AppError::InvalidBackup { .. }),
            "{}: {e:?}",
            bad.display()
        );
        assert_eq!(
            std::fs::read(&live).unwrap(),
            live_bytes,
            "{}",
            bad.display()
        );
        assert_eq!(
            backup::list(&folder).unwrap().len(),
            1,
            "nothing new in the backups folder"
        );
    }
    let db = Db::open_in(dir.path()).unwrap();
    assert_eq!(row_counts(&db), before);
    assert!(has_org(&live, &id));
}

#[test]
fn rotation_keeps_exactly_the_newest_n() {
    let (dir, db) = demo_db();
    let folder = dir.path().join("elsewhere");
    let mut made = Vec::new();
    for _ in 0..6 {
        made.push(backup::backup_into(&db, &folder, 4).unwrap().path);
        // Names carry milliseconds; a pause keeps them apart on a fast machine.
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    // A file that is not a backup is never rotated away.
    std::fs::write(folder.join("readme.txt"), "mine").unwrap();
    backup::rotate(&folder, 4).unwrap();
    let listed: Vec<String> = backup::list(&folder)
        .unwrap()
        .into_iter()
        .map(|b| b.path)
        .collect();
    let newest: Vec<String> = made.iter().rev().take(4).cloned().collect();
    assert_eq!(listed, newest);
    let sidecars = std::fs::read_dir(&folder)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(
        sidecars, 4,
        "each kept backup keeps its record, the removed ones lose theirs"
    );
    assert!(folder.join("readme.txt").exists());
    assert!(backup::list(&folder)
        .unwrap()
        .iter()
        .all(|b| b.verification.is_some()));
}

#[test]
fn the_folder_and_the_number_kept_come_from_settings() {
    let (dir, db) = demo_db();
    let chosen = dir.path().join("chosen");
    db.write(|tx| {
        liaison_desk::store::settings::set(tx, backups::FOLDER_KEY, chosen.to_str())?;
        liaison_desk::store::settings::set(tx, backups::KEEP_KEY, Some("2"))
    })
    .unwrap();
    for _ in 0..3 {
        backups::back_up_now(&db, dir.path()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    assert_eq!(backup::list(&chosen).unwrap().len(), 2);
    assert!(!dir.path().join("backups").exists());
}

#[test]
fn a_backup_is_due_when_there_is_none_or_the_newest_is_a_day_old() {
    let (dir, db) = demo_db();
    let now = chrono::Utc::now();
    assert!(backups::due(&db, dir.path(), now).unwrap());
    backups::back_up_now(&db, dir.path()).unwrap();
    assert!(!backups::due(&db, dir.path(), now + chrono::TimeDelta::hours(23)).unwrap());
    assert!(backups::due(&db, dir.path(), now + chrono::TimeDelta::hours(25)).unwrap());
}

#[test]
fn restore_is_refused_while_the_data_folder_is_locked() {
    let (dir, db) = demo_db();
    let info = backups::back_up_now(&db, dir.path()).unwrap();
    let id = add_org(&db, "打开中 Open");
    let _app = DataLock::acquire(dir.path()).unwrap();
    let e = backup::restore(
        dir.path(),
        Path::new(&info.path),
        &dir.path().join("backups"),
    )
    .unwrap_err();
    assert!(matches!(e, AppError::InUse), "{e:?}");
    assert!(has_org(&dir.path().join(DB_FILE), &id));
}

#[test]
fn check_passes_a_sound_database_and_names_what_is_wrong_with_a_damaged_one() {
    let (dir, db) = demo_db();
    let live = dir.path().join(DB_FILE);
    let sound = dir.path().join("copy.db");
    db.backup_verified(&sound).unwrap();
    drop(db);
    let report = backup::check(&live).unwrap();
    assert_eq!(
        report.tables as usize,
        liaison_desk::store::tables::TABLES.len()
    );
    assert!(report.rows > 100.0);

    damage(&sound);
    match backup::check(&sound) {
        Err(AppError::Damaged { problems, .. }) => assert!(!problems.is_empty()),
        other => panic!("a damaged file must be reported: {other:?}"),
    }

    // A reference to a row that does not exist is found too.
    let conn = rusqlite::Connection::open(&live).unwrap();
    // As another program (or an older bug) could: the app's own connections enforce references.
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn.execute(
        "UPDATE tasks SET project_id = 'gone' WHERE id = (SELECT min(id) FROM tasks)",
        [],
    )
    .unwrap();
    drop(conn);
    match backup::check(&live) {
        Err(AppError::Damaged { problems, .. }) => {
            assert!(
                problems
                    .iter()
                    .any(|p| p.contains("tasks") && p.contains("projects")),
                "{problems:?}"
            )
        }
        other => panic!("a broken reference must be reported: {other:?}"),
    }
}

#[test]
fn quick_check_finds_damage_and_set_aside_keeps_the_file() {
    let (dir, db) = demo_db();
    let live = dir.path().join(DB_FILE);
    drop(db);
    backup::quick_check(&live).unwrap();
    damage(&live);
    assert!(matches!(
        backup::quick_check(&live),
        Err(AppError::Damaged { .. })
    ));
    let bytes = std::fs::read(&live).unwrap();
    let moved = backup::set_aside(&live, &dir.path().join("backups")).unwrap();
    assert!(!live.exists());
    assert_eq!(
        std::fs::read(&moved).unwrap(),
        bytes,
        "the damaged file is kept as it was"
    );
}

#[test]
fn a_backup_of_an_older_schema_is_restored_into_the_open_database_and_migrated() {
    let (dir, db) = demo_db();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v1.db");
    let old = dir.path().join("old.db");
    std::fs::copy(&fixture, &old).unwrap();
    let v = backup::verify_file(&old).unwrap();
    assert_eq!(v.schema_version, 1);

    let folder = dir.path().join("backups");
    let report = backup::restore_into(&db, &old, &folder).unwrap();
    assert!(report.kept.is_some(), "the demo data it replaced is kept");
    // The open database now has the fixture's rows under the current schema, through the same `Db`.
    let version: i32 = db
        .read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(version, liaison_desk::store::db::SCHEMA_VERSION);
    for table in ["organizations", "contacts", "projects", "tasks", "meetings"] {
        let n: i64 = db
            .read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(n, i64::from(v.rows[table]), "{table}");
    }
    backup::check(&dir.path().join(DB_FILE)).unwrap();
    let mode: String = db
        .with_writer(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_backup_reports_its_progress_up_to_the_check() {
    let (dir, db) = demo_db();
    let mut seen = Vec::new();
    backup::backup_into_with(&db, &dir.path().join("backups"), 14, &mut |p| seen.push(p)).unwrap();
    let copies: Vec<_> = seen.iter().filter(|p| !p.verifying).collect();
    let last = copies.last().expect("the copy reports");
    assert!(
        last.total_pages > 0.0 && last.copied_pages == last.total_pages,
        "{seen:?}"
    );
    assert!(
        seen.last().unwrap().verifying,
        "the check comes last: {seen:?}"
    );
}
