//! Verified backups and the checks behind them: writing a backup with SQLite's online backup API and checking it,
//! keeping the newest N, putting one back in place of the live database, checking a database file, and the lock
//! that tells the command line the app has a data folder open.

use super::db::{self, Db, DB_FILE, SCHEMA_VERSION};
use super::tables::TABLES;
use crate::error::{AppError, Result};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Backups are named `liaison-desk-<UTC time>.db`: the name sorts by age, so rotation needs no other record.
const PREFIX: &str = "liaison-desk-";
const EXT: &str = ".db";
/// The check written next to each backup (`<backup>.json`), so the list can show it without re-reading the file.
const SIDECAR_EXT: &str = ".json";
/// How many backups rotation keeps unless the user chose another number.
pub const DEFAULT_KEEP: usize = 14;
/// The backups folder inside the data folder, unless the user chose another one.
pub const BACKUPS_DIR: &str = "backups";
/// The file the running app holds an exclusive lock on, in the data folder.
pub const LOCK_FILE: &str = "liaison-desk.lock";

/// What checking a backup found. Counts are i32 for the UI's bindings (no table holds 2^31 rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Verification {
    pub verified_at: String,
    /// `PRAGMA integrity_check` said "ok".
    pub integrity_ok: bool,
    pub schema_version: i32,
    /// Rows per table, as counted in the backup file.
    pub rows: BTreeMap<String, i32>,
}

impl Verification {
    pub fn total_rows(&self) -> i64 {
        self.rows.values().map(|n| i64::from(*n)).sum()
    }
}

/// One backup in the backups folder.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    /// When it was written (UTC RFC 3339), read from its name.
    pub created_at: String,
    /// f64 for the bindings (specta refuses u64).
    pub size_bytes: f64,
    /// The check made after writing it; None when its record is missing (e.g. copied in by hand).
    pub verification: Option<Verification>,
}

/// The outcome of `check`.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CheckReport {
    pub schema_version: i32,
    pub tables: i32,
    pub rows: f64,
    /// Full-text indexes found and checked.
    pub search_indexes: i32,
    pub secs: f64,
}

/// Where a restore put things.
#[derive(Debug, Clone, Serialize, Type)]
pub struct RestoreReport {
    pub restored_from: String,
    /// The database that was replaced, kept as a backup (or set aside as it was, when it was damaged).
    pub kept: Option<String>,
    pub schema_version: i32,
    pub rows: f64,
}

/// How far a backup is: pages copied of the total, then the check of the copy. f64 for the bindings.
#[derive(Debug, Clone, Copy, Serialize, Type)]
pub struct BackupProgress {
    pub copied_pages: f64,
    pub total_pages: f64,
    /// True once the copy is complete and being verified.
    pub verifying: bool,
}

impl Db {
    /// `backup_verified` without progress reports.
    pub fn backup_verified(&self, dest: &Path) -> Result<Verification> {
        self.backup_verified_with(dest, &mut |_| {})
    }

    /// Writes a backup to `dest` and verifies it: integrity_check, the schema version, and the row count of every
    /// table equal to the live database's at the moment of the copy. Writes to a temporary name first, so `dest`
    /// is either a verified backup or absent.
    pub fn backup_verified_with(
        &self,
        dest: &Path,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> Result<Verification> {
        let partial = partial_path(dest);
        let _ = std::fs::remove_file(&partial);
        // A connection of its own, not the writer: with WAL its read transaction pins one snapshot while the app
        // keeps saving, so a long backup never holds up a write.
        let expected = db::connect(self.path()).and_then(|conn| {
            let conn = &conn;
            // One read transaction around the counts and the copy: the backup API reads through the same
            // connection, so it copies exactly the snapshot the counts were taken from.
            conn.execute_batch("BEGIN DEFERRED")?;
            let copied = row_counts(conn).and_then(|counts| {
                copy_unjournaled(conn, &partial, progress)?;
                Ok(counts)
            });
            conn.execute_batch("COMMIT")?;
            copied
        });
        let verified = expected.and_then(|expected| {
            let pages = std::fs::metadata(&partial).map_or(0.0, |m| m.len() as f64 / 4096.0);
            progress(BackupProgress {
                copied_pages: pages,
                total_pages: pages,
                verifying: true,
            });
            // A single self-contained file: the copy carries the live file's WAL flag in its header.
            Connection::open(&partial)?.pragma_update(None, "journal_mode", "DELETE")?;
            let v = verify_file(&partial)?;
            if v.rows != expected {
                return Err(AppError::InvalidBackup {
                    problem: format!("row counts differ: {:?} ≠ {expected:?}", v.rows),
                });
            }
            Ok(v)
        });
        let v = match verified {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
        };
        // Durable before it counts: the file's bytes, then its name in the folder.
        File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, dest)?;
        sync_folder(dest);
        Ok(v)
    }
}

/// The copy for a backup written under a temporary name: no journal and no syncs while writing, since a crash
/// midway leaves only a `.partial` file that nothing uses; the complete file is synced once, before its rename.
fn copy_unjournaled(
    src: &Connection,
    dest: &Path,
    progress: &mut dyn FnMut(BackupProgress),
) -> Result<()> {
    use rusqlite::backup::StepResult;
    let mut out = Connection::open(dest)?;
    out.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    let b = rusqlite::backup::Backup::new(src, &mut out)?;
    // 4096 pages (16 MiB) a step: few enough steps to cost nothing, enough reports to move a progress bar.
    let mut waits = 0;
    loop {
        let step = b.step(4096)?;
        let p = b.progress();
        progress(BackupProgress {
            copied_pages: f64::from(p.pagecount - p.remaining),
            total_pages: f64::from(p.pagecount),
            verifying: false,
        });
        match step {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Another process holds a lock for a moment; the read transaction keeps our snapshot meanwhile. After
            // ten seconds it is not a moment: give up rather than hang the backup thread.
            _ if waits < 500 => {
                waits += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            _ => {
                return Err(AppError::Database {
                    message: "the database stayed locked during the backup".into(),
                })
            }
        }
    }
}

/// Syncs a file's folder so a rename into it survives a power cut (Unix; elsewhere the rename is left to the OS).
fn sync_folder(file: &Path) {
    #[cfg(unix)]
    if let Some(dir) = file.parent() {
        if let Err(e) = File::open(dir).and_then(|d| d.sync_all()) {
            tracing::warn!(error = %e, dir = %dir.display(), "cannot sync the backups folder");
        }
    }
}

fn partial_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    dest.with_file_name(name)
}

/// Rows per registered table. A table the file does not have (an older schema) is left out.
pub fn row_counts(conn: &Connection) -> Result<BTreeMap<String, i32>> {
    let mut out = BTreeMap::new();
    for t in TABLES {
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [t.name],
            |r| r.get(0),
        )?;
        if exists {
            let n: i32 =
                conn.query_row(&format!("SELECT count(*) FROM \"{}\"", t.name), [], |r| {
                    r.get(0)
                })?;
            out.insert(t.name.to_string(), n);
        }
    }
    Ok(out)
}

/// Checks that `path` is a sound Liaison Desk database this app can open: it opens, passes integrity_check, has a
/// schema version from 1 to ours, and its rows can be counted. Any failure is `InvalidBackup` naming the reason.
pub fn verify_file(path: &Path) -> Result<Verification> {
    let invalid = |problem: String| AppError::InvalidBackup { problem };
    let sqlite = |e: rusqlite::Error| invalid(e.to_string());
    if !path.is_file() {
        return Err(invalid(format!("{} is not a file", path.display())));
    }
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sqlite)?;
    let integrity = integrity_problems(&conn, "integrity_check").map_err(sqlite)?;
    if !integrity.is_empty() {
        return Err(invalid(integrity.join("; ")));
    }
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sqlite)?;
    if !(1..=SCHEMA_VERSION).contains(&version) {
        return Err(invalid(format!(
            "schema version {version} (this app reads 1 to {SCHEMA_VERSION})"
        )));
    }
    let rows = row_counts(&conn).map_err(|e| invalid(e.to_string()))?;
    if !rows.contains_key("organizations") {
        return Err(invalid("not a Liaison Desk database".into()));
    }
    Ok(Verification {
        verified_at: crate::domain::now(),
        integrity_ok: true,
        schema_version: version,
        rows,
    })
}

/// The rows of an integrity pragma other than "ok".
fn integrity_problems(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

/// A new backup's path in `folder`, named by the current UTC time (milliseconds, so two in a second differ).
pub fn new_backup_path(folder: &Path, note: Option<&str>) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let note = note.map(|n| format!("-{n}")).unwrap_or_default();
    folder.join(format!("{PREFIX}{stamp}{note}{EXT}"))
}

fn sidecar(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(SIDECAR_EXT);
    path.with_file_name(name)
}

/// Writes a verified backup into `folder`, records its check beside it and keeps the newest `keep` backups.
pub fn backup_into(db: &Db, folder: &Path, keep: usize) -> Result<BackupInfo> {
    backup_into_with(db, folder, keep, &mut |_| {})
}

/// `backup_into`, reporting its progress.
pub fn backup_into_with(
    db: &Db,
    folder: &Path,
    keep: usize,
    progress: &mut dyn FnMut(BackupProgress),
) -> Result<BackupInfo> {
    std::fs::create_dir_all(folder)?;
    let dest = new_backup_path(folder, None);
    let v = db.backup_verified_with(&dest, progress)?;
    std::fs::write(sidecar(&dest), serde_json::to_vec_pretty(&v)?)?;
    rotate(folder, keep)?;
    info(&dest)
}

/// The backups in `folder`, newest first. Files of other names are not ours and are ignored.
pub fn list(folder: &Path) -> Result<Vec<BackupInfo>> {
    let mut paths = backup_files(folder)?;
    paths.reverse();
    paths.iter().map(|p| info(p)).collect()
}

fn backup_files(folder: &Path) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(PREFIX) && name.ends_with(EXT) && path.is_file() {
            out.push(path);
        }
    }
    // Oldest first: the names start with the time they were written.
    out.sort();
    Ok(out)
}

fn info(path: &Path) -> Result<BackupInfo> {
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let stamp = file_name
        .strip_prefix(PREFIX)
        .and_then(|s| s.get(..19))
        .and_then(|s| chrono::NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S%.3f").ok())
        .map(|t| crate::domain::utc_string(t.and_utc()))
        .unwrap_or_default();
    let verification = std::fs::read(sidecar(path))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    Ok(BackupInfo {
        path: path.display().to_string(),
        file_name,
        created_at: stamp,
        size_bytes: std::fs::metadata(path)?.len() as f64,
        verification,
    })
}

/// Deletes all but the newest `keep` backups (and their records); returns what it deleted. Keeps at least one.
pub fn rotate(folder: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    let files = backup_files(folder)?;
    let excess = files.len().saturating_sub(keep.max(1));
    let mut removed = Vec::new();
    for path in files.into_iter().take(excess) {
        std::fs::remove_file(&path)?;
        let _ = std::fs::remove_file(sidecar(&path));
        removed.push(path);
    }
    Ok(removed)
}

/// When the newest backup in `folder` was written, if there is one.
pub fn newest(folder: &Path) -> Result<Option<BackupInfo>> {
    Ok(list(folder)?.into_iter().next())
}

/// Holds the data folder's lock file locked for as long as it lives. The running app holds one, so the command
/// line can refuse to replace the database under it. The OS drops the lock when the process ends, even on a crash.
pub struct DataLock {
    _file: File,
}

impl DataLock {
    /// Takes the lock, or `InUse` when another process holds it.
    pub fn acquire(data_dir: &Path) -> Result<DataLock> {
        std::fs::create_dir_all(data_dir)?;
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(data_dir.join(LOCK_FILE))?;
        match file.try_lock() {
            Ok(()) => Ok(DataLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(AppError::InUse),
            Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
        }
    }
}

/// Replaces the database in `data_dir` with the backup `file` from the command line, which must pass `verify_file`
/// first (otherwise nothing changes). Refused while the app holds the data folder. A damaged database is moved
/// into `backups` as it is; a sound one is kept there as a verified backup (see `restore_into`).
pub fn restore(data_dir: &Path, file: &Path, backups: &Path) -> Result<RestoreReport> {
    let _lock = DataLock::acquire(data_dir)?;
    verify_file(file)?;
    let live = data_dir.join(DB_FILE);
    let mut set_aside_to = None;
    if live.exists() && quick_check(&live).is_err() {
        set_aside_to = Some(set_aside(&live, backups)?);
    }
    let (db, _) = Db::open(&live)?;
    let mut report = restore_into(&db, file, backups)?;
    if let Some(p) = set_aside_to {
        report.kept = Some(p.display().to_string());
    }
    Ok(report)
}

/// Replaces the content of the open database `db` with the backup `file`, in place, and migrates it when it is
/// older; the app and the command line both end here. The file is verified first, and the database it replaces
/// is kept in `backups` as a verified backup named `…-before-restore.db` (unless it holds no rows at all).
pub fn restore_into(db: &Db, file: &Path, backups: &Path) -> Result<RestoreReport> {
    verify_file(file)?;
    let current = db.read(row_counts)?;
    let mut kept = None;
    if current.values().any(|n| *n > 0) {
        std::fs::create_dir_all(backups)?;
        let dest = new_backup_path(backups, Some("before-restore"));
        let v = db.backup_verified(&dest)?;
        std::fs::write(sidecar(&dest), serde_json::to_vec_pretty(&v)?)?;
        kept = Some(dest.display().to_string());
    }
    let path = db.path().to_path_buf();
    db.with_writer(|conn| {
        // Copied page by page through the writer connection in one write transaction: a crash midway leaves the
        // old database (or, after the commit, the new one), never a mixture, and the app's readers see the new
        // content from their next read on.
        let src = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        // The search triggers name the current tables; the copy may bring fewer (an older schema), and the
        // migrations below create them again, so the triggers come off first and go back on after.
        crate::search::uninstall(conn)?;
        rusqlite::backup::Backup::new(&src, conn)?.run_to_completion(
            1024,
            std::time::Duration::ZERO,
            None,
        )?;
        // The copy brought the backup's header, journal mode included.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        db::migrate(conn, &path)?;
        crate::search::install(conn)?;
        Ok(())
    })?;
    let rows = db.read(row_counts)?;
    Ok(RestoreReport {
        restored_from: file.display().to_string(),
        kept,
        schema_version: SCHEMA_VERSION,
        rows: rows.values().map(|n| f64::from(*n)).sum(),
    })
}

/// SQLite's `quick_check`: a fast structural check, run at start. Damage is `Damaged` with SQLite's findings.
pub fn quick_check(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    db::map_pages(&conn)?;
    let problems = integrity_problems(&conn, "quick_check")?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::Damaged {
            problems,
            moved_to: None,
            newest_backup: None,
        })
    }
}

/// Moves a damaged database (with its WAL and shared-memory files) into `folder` under a name that says so, so
/// it is kept for salvage and a fresh start cannot overwrite it. Returns the new path of the main file.
pub fn set_aside(live: &Path, folder: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(folder)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let dest = folder.join(format!("damaged-{stamp}-{DB_FILE}"));
    for suffix in ["", "-wal", "-shm"] {
        let mut from = live.as_os_str().to_os_string();
        from.push(suffix);
        let mut to = dest.as_os_str().to_os_string();
        to.push(suffix);
        match std::fs::rename(&from, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !suffix.is_empty() => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(dest)
}

/// The start-up check: `quick_check` on the database in `data_dir`, when there is one. A damaged file is left
/// where it is (a restore sets it aside), so no start ever runs on it or over it with an empty database; the
/// error names the newest sound backup in `backups` to restore.
pub fn startup_check(data_dir: &Path, backups: &Path) -> Result<()> {
    let live = data_dir.join(DB_FILE);
    if !live.is_file() {
        return Ok(());
    }
    let started = Instant::now();
    let outcome = quick_check(&live);
    tracing::info!(
        secs = started.elapsed().as_secs_f64(),
        ok = outcome.is_ok(),
        "start-up quick_check"
    );
    outcome.map_err(|e| match e {
        AppError::Damaged { problems, .. } => AppError::Damaged {
            problems,
            moved_to: None,
            newest_backup: newest_sound(backups).map(|b| b.path),
        },
        other => other,
    })
}

/// The newest backup in `folder` whose recorded check passed.
pub fn newest_sound(folder: &Path) -> Option<BackupInfo> {
    list(folder)
        .ok()?
        .into_iter()
        .find(|b| b.verification.as_ref().is_some_and(|v| v.integrity_ok))
}

/// What a salvage saved from a damaged file.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SalvageReport {
    /// Rows saved per table.
    pub saved: BTreeMap<String, i32>,
    /// Tables that could not be read to their end, with SQLite's reason.
    pub incomplete: Vec<String>,
    pub rows: f64,
}

/// Copies whatever rows can still be read from the damaged file `damaged` into `db` (which should be empty), table
/// by table, in the spirit of SQLite's `.recover`: a table whose pages are damaged keeps the rows read before the
/// damage. References to rows that were lost are kept as they are (they show as deleted references).
pub fn salvage(damaged: &Path, db: &Db) -> Result<SalvageReport> {
    let src = Connection::open_with_flags(damaged, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut report = SalvageReport {
        saved: BTreeMap::new(),
        incomplete: Vec::new(),
        rows: 0.0,
    };
    db.with_writer(|conn| {
        // Outside the transaction (SQLite ignores it inside): rows that refer to lost rows are still worth keeping.
        conn.pragma_update(None, "foreign_keys", false)?;
        let copied = (|| -> Result<()> {
            let tx = conn.transaction()?;
            for t in TABLES {
                let (saved, problem) = salvage_table(&src, &tx, t.name);
                if saved > 0 {
                    report.saved.insert(t.name.to_string(), saved);
                }
                report.rows += f64::from(saved);
                if let Some(p) = problem {
                    report.incomplete.push(format!("{}: {p}", t.name));
                }
            }
            // The search index is derived: built from what was saved, in the same transaction.
            crate::search::rebuild(&tx, &mut |_, _| {})?;
            tx.commit()?;
            Ok(())
        })();
        conn.pragma_update(None, "foreign_keys", true)?;
        copied
    })?;
    Ok(report)
}

/// The rows of one table that can be read, inserted one by one; the count and, when reading stopped early, why.
fn salvage_table(src: &Connection, dst: &Connection, table: &str) -> (i32, Option<String>) {
    let columns = |c: &Connection| -> rusqlite::Result<Vec<String>> {
        c.prepare(&format!("PRAGMA table_info(\"{table}\")"))?
            .query_map([], |r| r.get(1))?
            .collect()
    };
    let (theirs, ours) = match (columns(src), columns(dst)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return (0, Some(e.to_string())),
    };
    // Only the columns both schemas have (the damaged file may be an older version).
    let shared: Vec<String> = theirs.into_iter().filter(|c| ours.contains(c)).collect();
    if shared.is_empty() {
        return (0, None);
    }
    let list = shared
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let marks = vec!["?"; shared.len()].join(", ");
    let insert = format!("INSERT OR IGNORE INTO \"{table}\" ({list}) VALUES ({marks})");
    let mut saved = 0;
    let outcome = (|| -> rusqlite::Result<()> {
        let mut read = src.prepare(&format!("SELECT {list} FROM \"{table}\""))?;
        let mut write = dst.prepare(&insert)?;
        let mut rows = read.query([])?;
        while let Some(row) = rows.next()? {
            let values: Vec<rusqlite::types::Value> = (0..shared.len())
                .map(|i| row.get(i))
                .collect::<rusqlite::Result<_>>()?;
            saved += write.execute(rusqlite::params_from_iter(values.iter()))? as i32;
        }
        Ok(())
    })();
    (saved, outcome.err().map(|e| e.to_string()))
}

/// The full check behind `liaison-desk check`: integrity_check, foreign keys, and every full-text index's own
/// integrity check. Reads only; a damaged file is `Damaged` listing what SQLite found.
pub fn check(path: &Path) -> Result<CheckReport> {
    let started = Instant::now();
    if !path.is_file() {
        return Err(AppError::not_found("database", &path.display().to_string()));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let mut problems = integrity_problems(&conn, "integrity_check")?;
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let fk: Vec<String> = stmt
        .query_map([], |r| {
            let table: String = r.get(0)?;
            let rowid: Option<i64> = r.get(1)?;
            let parent: String = r.get(2)?;
            Ok(format!(
                "{table} row {} refers to a missing {parent} row",
                rowid.unwrap_or_default()
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    problems.extend(fk);
    let fts: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND upper(sql) LIKE 'CREATE VIRTUAL TABLE%USING FTS5%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in &fts {
        // FTS5's integrity check is spelled as an insert of a command; it changes nothing.
        let q = format!("INSERT INTO \"{name}\" (\"{name}\") VALUES ('integrity-check')");
        if let Err(e) = conn.execute(&q, []) {
            problems.push(format!("search index {name}: {e}"));
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Damaged {
            problems,
            moved_to: None,
            newest_backup: None,
        });
    }
    let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let rows = row_counts(&conn)?;
    Ok(CheckReport {
        schema_version: version,
        tables: rows.len() as i32,
        rows: rows.values().map(|n| f64::from(*n)).sum(),
        search_indexes: fts.len() as i32,
        secs: started.elapsed().as_secs_f64(),
    })
}
