//! Settings → Data: backups, restoring one, the data folder and the full export.

use crate::app::dialogs::SaveDialog;
use crate::app::state::{AppState, Recovery};
use crate::error::{AppError, Result};
use crate::services::{archive, backups};
use crate::store::backup::{self, BackupInfo, BackupProgress, RestoreReport, SalvageReport};
use serde::Serialize;
use specta::Type;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

/// What Settings → Data shows.
#[derive(Debug, Clone, Serialize, Type)]
pub struct DataOverview {
    pub data_dir: String,
    pub db_path: String,
    pub backups_folder: String,
    /// How many backups rotation keeps.
    pub keep: i32,
    /// Newest first.
    pub backups: Vec<BackupInfo>,
}

#[tauri::command]
#[specta::specta]
pub async fn data_overview(state: State<'_, AppState>) -> Result<DataOverview> {
    let data_dir = state.data_dir.clone();
    state
        .with_db(move |db| {
            let folder = backups::folder(db, &data_dir)?;
            Ok(DataOverview {
                data_dir: data_dir.display().to_string(),
                db_path: db.path().display().to_string(),
                backups_folder: folder.display().to_string(),
                keep: backups::keep(db)? as i32,
                backups: backup::list(&folder)?,
            })
        })
        .await
}

/// Writes a verified backup now and rotates the folder, reporting its progress on `progress`.
#[tauri::command]
#[specta::specta]
pub async fn backup_now(
    state: State<'_, AppState>,
    progress: Channel<BackupProgress>,
) -> Result<BackupInfo> {
    let data_dir = state.data_dir.clone();
    state
        .with_db(move |db| {
            backups::back_up_now_with(db, &data_dir, &mut |p| {
                // A closed channel only means the window went away; the backup itself carries on.
                let _ = progress.send(p);
            })
        })
        .await
}

/// Replaces the data with one of the listed backups, named by its file name: the webview never names a path.
/// The backup is verified first and the replaced data kept as a backup. The UI reloads every view afterwards.
#[tauri::command]
#[specta::specta]
pub async fn backup_restore(
    state: State<'_, AppState>,
    file_name: String,
) -> Result<RestoreReport> {
    let data_dir = state.data_dir.clone();
    state
        .with_db(move |db| {
            let folder = backups::folder(db, &data_dir)?;
            let chosen = backup::list(&folder)?
                .into_iter()
                .find(|b| b.file_name == file_name)
                .ok_or_else(|| AppError::not_found("backup", &file_name))?;
            backup::restore_into(db, std::path::Path::new(&chosen.path), &folder)
        })
        .await
}

/// Replaces the data with a backup file the user picks in the open dialog (a copy kept elsewhere, another
/// machine's backup): verified first, the replaced data kept as a backup. None when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn backup_restore_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: String,
    filter_name: String,
) -> Result<Option<RestoreReport>> {
    let Some(file) = state
        .picker
        .open_file(&app, title, filter_name, &["db"])
        .await?
    else {
        return Ok(None);
    };
    let data_dir = state.data_dir.clone();
    state
        .with_db(move |db| {
            let folder = backups::folder(db, &data_dir)?;
            backup::restore_into(db, &file, &folder)
        })
        .await
        .map(Some)
}

/// Shows the data folder in the system's file manager.
#[tauri::command]
#[specta::specta]
pub async fn data_folder_open(state: State<'_, AppState>) -> Result<()> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(&state.data_dir)
        .spawn()
        .map(drop)
        .map_err(AppError::from)
}

/// Writes everything as one JSON document where the user chooses; None when they cancelled.
#[tauri::command]
#[specta::specta]
pub async fn data_export_all<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    dialog: SaveDialog,
) -> Result<Option<String>> {
    let start = state.export_folder(&app).await;
    let Some(path) = state.picker.save_file(&app, dialog, "json", start).await? else {
        return Ok(None);
    };
    let written = state
        .with_db(move |db| archive::export_file(db, &path))
        .await?
        .path;
    state.exported(std::slice::from_ref(&written)).await?;
    Ok(Some(written.display().to_string()))
}

/// What an import read.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ImportSummary {
    pub path: String,
    pub tables: i32,
    pub rows: f64,
}

/// Reads a document written by "Export everything" (or `liaison-desk export all`) from a file the user picks.
/// Without `merge`, a database that has data refuses with `not_empty` (the UI then asks whether to merge). None
/// when the user cancelled. The UI reloads every view afterwards.
#[tauri::command]
#[specta::specta]
pub async fn data_import_all<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: String,
    filter_name: String,
    merge: bool,
) -> Result<Option<ImportSummary>> {
    let Some(path) = state
        .picker
        .open_file(&app, title, filter_name, &["json"])
        .await?
    else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    let r = state
        .with_db(move |db| archive::import_file(db, &path, merge))
        .await?;
    Ok(Some(ImportSummary {
        path: shown,
        tables: r.tables as i32,
        rows: r.rows as f64,
    }))
}

/// Chooses the backups folder in the system's folder dialog; None when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn backup_folder_choose<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: String,
) -> Result<Option<String>> {
    let Some(folder) = state.picker.folder(&app, title, None).await? else {
        return Ok(None);
    };
    let chosen = folder.display().to_string();
    let saved = chosen.clone();
    state
        .write(move |c| crate::store::settings::set(c, backups::FOLDER_KEY, Some(&saved)))
        .await?;
    Ok(Some(chosen))
}

/// How many backups rotation keeps (1 to 365).
#[tauri::command]
#[specta::specta]
pub async fn backup_keep_set(state: State<'_, AppState>, keep: i32) -> Result<()> {
    if !(1..=365).contains(&keep) {
        return Err(AppError::field("keep", crate::error::Rule::OutOfRange));
    }
    state
        .write(move |c| crate::store::settings::set(c, backups::KEEP_KEY, Some(&keep.to_string())))
        .await
}

/// The damaged database the start found, if any (see `AppState::open`).
#[tauri::command]
#[specta::specta]
pub async fn recovery_status(state: State<'_, AppState>) -> Result<Option<Recovery>> {
    Ok(state.pending_recovery())
}

/// Restores the newest sound backup in place of the damaged database.
#[tauri::command]
#[specta::specta]
pub async fn recovery_restore(state: State<'_, AppState>) -> Result<RestoreReport> {
    let pending = state
        .pending_recovery()
        .and_then(|r| r.newest_backup)
        .ok_or_else(|| AppError::not_found("backup", "newest"))?;
    let data_dir = state.data_dir.clone();
    let report = state
        .with_db(move |db| {
            let folder = backups::folder(db, &data_dir)?;
            backup::restore_into(db, std::path::Path::new(&pending.path), &folder)
        })
        .await?;
    state.take_recovery();
    Ok(report)
}

/// Saves what can still be read from the damaged file into the fresh database.
#[tauri::command]
#[specta::specta]
pub async fn recovery_salvage(state: State<'_, AppState>) -> Result<SalvageReport> {
    let damaged = state
        .pending_recovery()
        .map(|r| r.damaged_kept_at)
        .ok_or_else(|| AppError::not_found("recovery", "pending"))?;
    let report = state
        .with_db(move |db| backup::salvage(std::path::Path::new(&damaged), db))
        .await?;
    state.take_recovery();
    Ok(report)
}

/// Starts with the empty database; the damaged file stays where it was moved.
#[tauri::command]
#[specta::specta]
pub async fn recovery_dismiss(state: State<'_, AppState>) -> Result<()> {
    state.take_recovery();
    Ok(())
}
