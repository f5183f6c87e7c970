//! Opening the database file, its pragmas, migrations, backups, and the one access API (`read` / `write`).

use crate::error::{AppError, Result};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

pub const DB_FILE: &str = "liaison-desk.db";

/// A step of a migration that SQL alone cannot do; it runs in the migration's transaction, after its script.
type Step = fn(&Connection) -> Result<()>;

/// Migrations in order; migration N sets `PRAGMA user_version = N`. Never edit a released one: add the next.
const MIGRATIONS: &[(&str, &str, Option<Step>)] = &[
    (
        "0001_init",
        include_str!("../migrations/0001_init.sql"),
        None,
    ),
    (
        "0002_list_indexes",
        include_str!("../migrations/0002_list_indexes.sql"),
        None,
    ),
    (
        "0003_planner",
        include_str!("../migrations/0003_planner.sql"),
        None,
    ),
    (
        "0004_minutes",
        include_str!("../migrations/0004_minutes.sql"),
        None,
    ),
    (
        "0005_occurrences",
        include_str!("../migrations/0005_occurrences.sql"),
        Some(super::meetings::split_shared_minutes),
    ),
    (
        "0006_search",
        include_str!("../migrations/0006_search.sql"),
        // Building the index reads today's `search::SOURCES`, which name tables of later migrations (a project's
        // document includes its milestones and risks), so the build runs in the last migration that changes what
        // is indexed (0009), which builds the index for a database coming from 0005 and rebuilds it for a later one.
        None,
    ),
    (
        "0007_projects",
        include_str!("../migrations/0007_projects.sql"),
        None,
    ),
    (
        "0008_relationships",
        include_str!("../migrations/0008_relationships.sql"),
        None,
    ),
    (
        "0009_search_by_kind",
        include_str!("../migrations/0009_search_by_kind.sql"),
        Some(crate::search::build_on_migrate),
    ),
    (
        "0010_sync",
        include_str!("../migrations/0010_sync.sql"),
        None,
    ),
    (
        "0011_risk_tasks",
        include_str!("../migrations/0011_risk_tasks.sql"),
        None,
    ),
    (
        "0012_coordination",
        include_str!("../migrations/0012_coordination.sql"),
        None,
    ),
    (
        "0013_publish",
        include_str!("../migrations/0013_publish.sql"),
        None,
    ),
    (
        "0014_relationship_indexes",
        include_str!("../migrations/0014_relationship_indexes.sql"),
        None,
    ),
    (
        "0015_dashboard_indexes",
        include_str!("../migrations/0015_dashboard_indexes.sql"),
        None,
    ),
];

pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// The database. One writer connection (SQLite allows one writer at a time anyway) and a small pool of readers,
/// which WAL lets run beside the writer. Callers never see which connection they get.
pub struct Db {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// Commits made through `write`, so a watcher can tell our own writes from those of other processes.
    own_writes: AtomicU64,
}

/// What opening did, for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReport {
    pub from_version: i32,
    pub to_version: i32,
    pub backup: Option<PathBuf>,
}

impl Db {
    /// Opens (creating if needed) the database in `dir`, migrating it to the current schema.
    /// A `dir` that is a file, or cannot be created, is refused as an invalid `data_dir`.
    pub fn open_in(dir: &Path) -> Result<Db> {
        let made = if dir.exists() && !dir.is_dir() {
            Err(std::io::ErrorKind::AlreadyExists.into())
        } else {
            std::fs::create_dir_all(dir)
        };
        made.map_err(|e: std::io::Error| {
            tracing::debug!(error = %e, dir = %dir.display(), "cannot use the data folder");
            AppError::field("data_dir", crate::error::Rule::InvalidPath)
        })?;
        Ok(Self::open(&dir.join(DB_FILE))?.0)
    }

    pub fn open(path: &Path) -> Result<(Db, OpenReport)> {
        // Check the version before any pragma: switching to WAL alone rewrites the header of a file we must not touch.
        let found = user_version(&Connection::open_with_flags(path, open_flags())?)?;
        if found > SCHEMA_VERSION {
            return Err(AppError::DatabaseTooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        let mut conn = connect(path)?;
        let report = migrate(&mut conn, path)?;
        // Only the writer notes written rows for the search index.
        crate::search::install(&conn)?;
        let db = Db {
            path: path.to_path_buf(),
            writer: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
            own_writes: AtomicU64::new(0),
        };
        Ok((db, report))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a reader inside a deferred transaction, so it sees one consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let pooled = lock(&self.readers).pop();
        let mut conn = match pooled {
            Some(c) => c,
            None => connect(&self.path)?,
        };
        let out = {
            let tx = conn.transaction()?;
            let out = f(&tx);
            // A read-only transaction has nothing to commit; dropping it rolls back.
            drop(tx);
            out
        };
        let mut pool = lock(&self.readers);
        if pool.len() < 4 {
            pool.push(conn);
        }
        out
    }

    /// Runs `f` in a BEGIN IMMEDIATE transaction and commits when it returns Ok; any error rolls everything back.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.writer);
        self.transact(&mut conn, f)
    }

    fn transact<T>(
        &self,
        conn: &mut Connection,
        f: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        // The search index changes in the same transaction as the rows it indexes.
        crate::search::flush(&tx)?;
        tx.commit()?;
        self.own_writes.fetch_add(1, Ordering::Relaxed);
        Ok(out)
    }

    /// `write` for a bulk load into a database that holds nothing yet (`demo::seed` checks that): the writer runs
    /// it without waiting for the disk (`synchronous = OFF`) and with a rollback journal instead of the WAL, so each
    /// page is written once, into the file, rather than into the WAL and again at the checkpoint. The normal setup
    /// (`connect`: WAL, `synchronous = FULL`) is back before this returns, whether `f` succeeded or not, and the
    /// file is then synced once.
    ///
    /// On a crash: if the process dies during the load, the journal left beside the file rolls it back to what it
    /// was (empty) when it is next opened. A power loss before the final sync can leave the file damaged (the
    /// start-up check says so); that is why only a database without data is ever loaded this way.
    pub fn write_unsynced<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.writer);
        // Leaving WAL needs the only open connection: the idle readers are closed (they reopen on demand). When
        // another process has the file open the mode stays WAL, which is only slower.
        lock(&self.readers).clear();
        let set_up = || -> Result<String> {
            let mode = conn.query_row("PRAGMA journal_mode = TRUNCATE", [], |r| r.get(0))?;
            conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;")?;
            Ok(mode)
        };
        let out = set_up().and_then(|mode: String| {
            tracing::info!(journal_mode = mode, "bulk write without syncs");
            self.transact(&mut conn, |tx| {
                let out = f(tx)?;
                // References are checked once, over everything written, rather than row by row.
                let started = std::time::Instant::now();
                let broken: i64 =
                    tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                        r.get(0)
                    })?;
                tracing::info!(took = ?started.elapsed(), broken, "references checked");
                if broken > 0 {
                    return Err(AppError::Database {
                        message: format!("FOREIGN KEY constraint failed ({broken} rows)"),
                    });
                }
                Ok(out)
            })
        });
        let restored = conn
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )
            .map_err(AppError::from)
            .and_then(|()| Ok(std::fs::File::open(&self.path)?.sync_all()?));
        let out = out?;
        restored?;
        Ok(out)
    }

    /// How many transactions this `Db` has committed.
    pub fn own_writes(&self) -> u64 {
        self.own_writes.load(Ordering::Relaxed)
    }

    /// SQLite's `data_version` of the writer connection. It changes only when *another* connection commits, and
    /// every write of this process goes through the writer, so a new value means another process wrote.
    pub fn outside_version(&self) -> Result<i64> {
        let conn = lock(&self.writer);
        Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Writes a consistent copy of the live database to `dest` with SQLite's online backup API.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let conn = lock(&self.writer);
        backup(&conn, dest)
    }

    /// Runs `f` on the writer connection outside any transaction `write` would open: for backups, which must not
    /// interleave with this process's writes, and for per-connection settings in tests (`max_page_count`).
    pub fn with_writer<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.writer);
        f(&mut conn)
    }
}

/// A poisoned lock only means another thread panicked while holding it; the connection itself is still sound.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Brings `conn` from schema `from` to `to`, each migration in its own transaction together with its version
/// number, so a failure leaves the file at the last complete version. Public for building older-schema fixtures.
pub fn apply(conn: &mut Connection, from: i32, to: i32) -> Result<()> {
    for (i, (name, sql, step)) in MIGRATIONS
        .iter()
        .enumerate()
        .take(to as usize)
        .skip(from as usize)
    {
        let version = i as i32 + 1;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        tx.execute_batch(sql)?;
        if let Some(step) = step {
            step(&tx)?;
        }
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!(migration = name, version, "applied migration");
    }
    Ok(())
}

pub(crate) fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    // FULL, not NORMAL: with WAL, NORMAL can lose the last commits on power loss.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;",
    )?;
    map_pages(&conn)?;
    Ok(conn)
}

/// Reads pages from the OS file cache in place (up to 1 GiB of the file), shared by every connection. With plain
/// reads each connection copies every page it touches into its own 2 MB cache: on a large database the dashboard
/// touched more than that per call and spent a third of its time in those copies, and the start-up check, which
/// reads every page, took 0.7 s instead of 0.3 s on the scale database.
pub(crate) fn map_pages(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "mmap_size", 1_i64 << 30)?;
    Ok(())
}

fn open_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

fn user_version(conn: &Connection) -> Result<i32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn has_tables(conn: &Connection) -> Result<bool> {
    let n: i32 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<OpenReport> {
    let from = user_version(conn)?;
    if from > SCHEMA_VERSION {
        // A newer app wrote this file; altering it could destroy data that version relies on.
        return Err(AppError::DatabaseTooNew {
            found: from,
            supported: SCHEMA_VERSION,
        });
    }
    let mut report = OpenReport {
        from_version: from,
        to_version: SCHEMA_VERSION,
        backup: None,
    };
    if from == SCHEMA_VERSION {
        return Ok(report);
    }
    if has_tables(conn)? {
        let dest = backup_path(path, from);
        backup(conn, &dest)?;
        let verified = super::backup::verify_file(&dest)?;
        if verified.schema_version != from {
            return Err(AppError::InvalidBackup {
                problem: format!(
                    "{} has schema version {}, not {from}",
                    dest.display(),
                    verified.schema_version
                ),
            });
        }
        tracing::info!(backup = %dest.display(), from, to = SCHEMA_VERSION, "backed up before migrating");
        report.backup = Some(dest);
    }
    // Sync's capture triggers name every column; a migration may alter a table under them. Made again after.
    crate::sync::capture::uninstall(conn)?;
    apply(conn, from, SCHEMA_VERSION)?;
    if crate::sync::capture::configured(conn)? {
        crate::sync::capture::install(conn)?;
    }
    Ok(report)
}

fn backup_path(path: &Path, version: i32) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or(DB_FILE);
    path.with_file_name(format!("{name}.v{version}-{stamp}.bak"))
}

pub(crate) fn backup(conn: &Connection, dest: &Path) -> Result<()> {
    let mut out = Connection::open(dest)?;
    let b = rusqlite::backup::Backup::new(conn, &mut out)?;
    b.run_to_completion(256, Duration::from_millis(0), None)?;
    Ok(())
}
