use super::dialogs::Picker;
use crate::error::{AppError, Result, Rule};
use crate::services::planner::History;
use crate::store::settings;
use crate::store::Db;
use rusqlite::{Connection, Transaction};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tauri::{AppHandle, Manager, Runtime};

pub struct AppState {
    pub db: Arc<Db>,
    pub data_dir: PathBuf,
    /// The planner's undo/redo stacks; kept for the session, like an editor's.
    history: Mutex<History>,
    /// Cancel flags of running long jobs (batch exports), by the job id the UI chose.
    jobs: Mutex<HashMap<String, Arc<AtomicBool>>>,
    /// Who answers the save and folder dialogs (the user; a folder in end-to-end tests).
    pub picker: Picker,
    /// Set once the UI has taken over a close request (it saves, or asks), so the fallback does not close under it.
    pub close_taken: Arc<AtomicBool>,
    /// The files exported in this session: the only ones the export toast may open or show in their folder.
    exported: Mutex<HashSet<PathBuf>>,
    /// The contacts file the user picked to import: previewed, then imported, without the webview naming a path.
    pub import_pick: Mutex<Option<PathBuf>>,
    /// Held while the app runs, so `liaison-desk restore` refuses to replace the database under it.
    _lock: Option<crate::store::backup::DataLock>,
    /// Set when the start found the database damaged: the UI shows it and offers a restore or a salvage.
    pub recovery: Mutex<Option<Recovery>>,
}

/// What the start-up check found, and what the user can do about it.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct Recovery {
    /// SQLite's findings (the first few).
    pub problems: Vec<String>,
    /// Where the damaged file was moved, kept as it was.
    pub damaged_kept_at: String,
    /// The newest backup whose check passed, to restore.
    pub newest_backup: Option<crate::store::backup::BackupInfo>,
}

/// The start's look at the data folder before anything opens the database: its lock, and `quick_check`'s verdict.
/// It only reads, so the app runs it on its own thread while GTK and the webview start (app.rs).
pub struct StartCheck {
    lock: Option<crate::store::backup::DataLock>,
    outcome: Result<()>,
}

impl StartCheck {
    pub fn run(data_dir: &Path) -> StartCheck {
        // Only one app runs per data folder (the single-instance plugin), so the lock is normally free; a
        // command-line restore holding it for its few moments must not keep the app from starting.
        let lock = match crate::store::backup::DataLock::acquire(data_dir) {
            Ok(l) => Some(l),
            Err(e) => {
                tracing::warn!(error = %e, "data folder lock not taken");
                None
            }
        };
        let backups = crate::services::backups::folder_of(data_dir);
        let outcome = crate::store::backup::startup_check(data_dir, &backups);
        StartCheck { lock, outcome }
    }
}

/// The settings key of the folder the last export went to, where the next save dialog opens.
const EXPORT_FOLDER: &str = "export_folder";

impl AppState {
    pub fn open(data_dir: PathBuf) -> Result<AppState> {
        let checked = StartCheck::run(&data_dir);
        AppState::open_checked(data_dir, checked)
    }

    /// Opens the database once `checked` (taken on `data_dir`) has said whether the file is sound.
    pub fn open_checked(data_dir: PathBuf, checked: StartCheck) -> Result<AppState> {
        let StartCheck { lock, outcome } = checked;
        // A damaged file is moved aside (kept as it is) and the app starts on a fresh file behind the recovery
        // screen, which explains what happened and offers the newest sound backup or a salvage of what can still be
        // read; nothing is written into the fresh file until the user chooses.
        let backups = crate::services::backups::folder_of(&data_dir);
        let recovery = match outcome {
            Ok(()) => None,
            Err(AppError::Damaged { problems, .. }) => {
                let live = data_dir.join(crate::store::db::DB_FILE);
                let kept = crate::store::backup::set_aside(&live, &backups)?;
                tracing::error!(kept = %kept.display(), ?problems, "the database is damaged; moved aside");
                Some(Recovery {
                    problems: problems.into_iter().take(5).collect(),
                    damaged_kept_at: kept.display().to_string(),
                    newest_backup: crate::store::backup::newest_sound(&backups),
                })
            }
            Err(e) => return Err(e),
        };
        let db = Db::open_in(&data_dir)?;
        Ok(AppState {
            db: Arc::new(db),
            data_dir,
            history: Mutex::default(),
            jobs: Mutex::default(),
            picker: Picker::from_env(),
            close_taken: Arc::default(),
            exported: Mutex::default(),
            import_pick: Mutex::default(),
            _lock: lock,
            recovery: Mutex::new(recovery),
        })
    }

    /// Where the save and folder dialogs open: the folder of the last export if it still exists, else the user's
    /// Documents folder (never the app's working directory).
    pub async fn export_folder<R: Runtime>(&self, app: &AppHandle<R>) -> Option<PathBuf> {
        let last = self
            .read(|c| settings::get(c, EXPORT_FOLDER))
            .await
            .ok()
            .flatten()
            .map(PathBuf::from)
            .filter(|p| p.is_dir());
        last.or_else(|| app.path().document_dir().ok().filter(|p| p.is_dir()))
    }

    /// Notes files just written: the next dialog opens in their folder, and the toast may open or show them.
    pub async fn exported(&self, paths: &[PathBuf]) -> Result<()> {
        let Some(folder) = paths
            .first()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
        else {
            return Ok(());
        };
        self.exported
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(paths.iter().cloned());
        let folder = folder.to_string_lossy().into_owned();
        self.write(move |c| settings::set(c, EXPORT_FOLDER, Some(&folder)))
            .await
    }

    /// `path` if this session exported it; anything else is refused, so the webview cannot open arbitrary files.
    pub fn exported_file(&self, path: &str) -> Result<PathBuf> {
        let path = PathBuf::from(path);
        if self
            .exported
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&path)
        {
            Ok(path)
        } else {
            Err(AppError::field("path", Rule::InvalidPath))
        }
    }

    /// The contacts file picked for import; `invalid_path` when none was.
    pub fn picked_import(&self) -> Result<PathBuf> {
        self.import_pick
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| AppError::field("file", Rule::InvalidPath))
    }

    /// A poisoned lock only means a panic elsewhere; the stacks themselves are still consistent.
    pub fn history(&self) -> MutexGuard<'_, History> {
        self.history.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn jobs(&self) -> MutexGuard<'_, HashMap<String, Arc<AtomicBool>>> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The pending recovery, taken: once the user chose, the screen does not come back.
    pub fn take_recovery(&self) -> Option<Recovery> {
        self.recovery
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    pub fn pending_recovery(&self) -> Option<Recovery> {
        self.recovery
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Registers a long job and returns the flag that cancels it.
    pub fn start_job(&self, job: &str) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        self.jobs().insert(job.to_string(), flag.clone());
        flag
    }

    pub fn end_job(&self, job: &str) {
        self.jobs().remove(job);
    }

    /// Cancelling a job that already finished does nothing.
    pub fn cancel_job(&self, job: &str) {
        if let Some(flag) = self.jobs().get(job) {
            flag.store(true, Ordering::Relaxed);
        }
    }

    /// Runs a read off the async runtime's worker threads (SQLite blocks), logging any error before it reaches the UI.
    pub async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let db = self.db.clone();
        logged(tauri::async_runtime::spawn_blocking(move || db.read(f)).await)
    }

    /// Runs work that needs the database itself rather than one transaction (backups, restores, the full export
    /// and import) off the async runtime's worker threads.
    pub async fn with_db<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Db) -> Result<T> + Send + 'static,
    {
        let db = self.db.clone();
        logged(tauri::async_runtime::spawn_blocking(move || f(&db)).await)
    }

    /// Runs a write transaction (BEGIN IMMEDIATE) off the async runtime's worker threads.
    pub async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T> + Send + 'static,
    {
        let db = self.db.clone();
        logged(tauri::async_runtime::spawn_blocking(move || db.write(f)).await)
    }
}

fn logged<T>(joined: std::result::Result<Result<T>, tauri::Error>) -> Result<T> {
    let out = joined.unwrap_or_else(|e| {
        Err(AppError::Internal {
            message: e.to_string(),
        })
    });
    if let Err(e) = &out {
        match e {
            AppError::Validation { .. } | AppError::NotFound { .. } | AppError::NotEmpty => {
                tracing::debug!(error = %e, "command refused")
            }
            _ => tracing::error!(error = %e, "command failed"),
        }
    }
    out
}
