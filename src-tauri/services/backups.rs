//! Backups as the user sees them: where they go, how many are kept, writing one now and whether one is due.

use crate::error::Result;
use crate::store::backup::{self, BackupInfo, BACKUPS_DIR, DEFAULT_KEEP};
use crate::store::{settings, Db};
use std::path::{Path, PathBuf};

/// Settings keys: the backups folder (absolute path) and how many backups to keep.
pub const FOLDER_KEY: &str = "backup_folder";
pub const KEEP_KEY: &str = "backup_keep";

/// A backup older than this is out of date: the app makes one at start and every day it runs.
pub const INTERVAL: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// The folder backups go to: the one chosen in Settings, else `backups` in the data folder.
pub fn folder(db: &Db, data_dir: &Path) -> Result<PathBuf> {
    let chosen = db.read(|c| settings::get(c, FOLDER_KEY))?;
    Ok(chosen
        .filter(|f| !f.trim().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| data_dir.join(BACKUPS_DIR)))
}

/// How many backups rotation keeps: the number chosen in Settings (at least 1), else 14.
pub fn keep(db: &Db) -> Result<usize> {
    let chosen = db.read(|c| settings::get(c, KEEP_KEY))?;
    Ok(chosen
        .and_then(|k| k.trim().parse::<usize>().ok())
        .filter(|k| *k >= 1)
        .unwrap_or(DEFAULT_KEEP))
}

/// Writes a verified backup into the backups folder and rotates it.
pub fn back_up_now(db: &Db, data_dir: &Path) -> Result<BackupInfo> {
    back_up_now_with(db, data_dir, &mut |_| {})
}

/// `back_up_now`, reporting its progress.
pub fn back_up_now_with(
    db: &Db,
    data_dir: &Path,
    progress: &mut dyn FnMut(backup::BackupProgress),
) -> Result<BackupInfo> {
    let dir = folder(db, data_dir)?;
    backup::backup_into_with(db, &dir, keep(db)?, progress)
}

/// True when there is no backup yet or the newest is older than `INTERVAL` at `now`.
pub fn due(db: &Db, data_dir: &Path, now: chrono::DateTime<chrono::Utc>) -> Result<bool> {
    let newest = backup::newest(&folder(db, data_dir)?)?;
    Ok(
        match newest.and_then(|b| crate::domain::parse_utc(&b.created_at)) {
            Some(at) => now - at >= INTERVAL,
            None => true,
        },
    )
}

/// The backups folder read straight from the database file, for when it cannot be opened as `Db` (it may be
/// damaged, or about to be replaced): the chosen one when the file says so, else `backups` in the data folder.
pub fn folder_of(data_dir: &Path) -> PathBuf {
    let live = data_dir.join(crate::store::db::DB_FILE);
    peek_setting(&live, FOLDER_KEY)
        .filter(|f| !f.trim().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| data_dir.join(BACKUPS_DIR))
}

/// A setting read with a read-only connection, without migrating or creating anything; None when the file is
/// missing, damaged or has no such setting.
pub fn peek_setting(path: &Path, key: &str) -> Option<String> {
    if !path.is_file() {
        return None;
    }
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let conn = rusqlite::Connection::open_with_flags(path, flags).ok()?;
    settings::get(&conn, key).ok().flatten()
}
