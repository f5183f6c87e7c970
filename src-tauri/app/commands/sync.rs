//! Settings → Sync: the target, "Sync now", the devices seen and the conflicts to settle.

use crate::app::state::AppState;
use crate::error::Result;
use crate::sync::publish::{self, PublishReport, PublishSettings, PublishStatus};
use crate::sync::{
    self, RunOptions, SyncConflict, SyncKeep, SyncProgress, SyncReport, SyncSettings, SyncStatus,
};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
#[specta::specta]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus> {
    state.with_db(sync::status).await
}

/// Sets up (or changes) the target after checking it can be used; a password goes to the keychain.
#[tauri::command]
#[specta::specta]
pub async fn sync_setup(
    state: State<'_, AppState>,
    settings: SyncSettings,
    password: Option<String>,
    passphrase: Option<String>,
) -> Result<SyncStatus> {
    state
        .with_db(move |db| {
            sync::setup(db, settings, password.as_deref(), passphrase.as_deref())?;
            sync::status(db)
        })
        .await
}

/// Chooses the shared folder in the system's folder dialog; None when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn sync_folder_choose<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: String,
) -> Result<Option<String>> {
    Ok(state
        .picker
        .folder(&app, title, None)
        .await?
        .map(|p| p.display().to_string()))
}

/// One sync, reporting how far it is on `progress`.
#[tauri::command]
#[specta::specta]
pub async fn sync_run(
    state: State<'_, AppState>,
    allow_deletes: bool,
    progress: Channel<SyncProgress>,
) -> Result<SyncReport> {
    state
        .with_db(move |db| {
            sync::run_with_progress(db, RunOptions { allow_deletes }, &mut |p| {
                // A closed channel only means the window went away; the sync itself carries on.
                let _ = progress.send(p);
            })
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_conflicts(state: State<'_, AppState>) -> Result<Vec<SyncConflict>> {
    state.with_db(|db| sync::conflicts(db, true)).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_resolve(state: State<'_, AppState>, id: i32, keep: SyncKeep) -> Result<()> {
    state.with_db(move |db| sync::resolve(db, id, keep)).await
}

#[tauri::command]
#[specta::specta]
pub async fn publish_status(state: State<'_, AppState>) -> Result<PublishStatus> {
    state.with_db(publish::status).await
}

/// Sets up (or changes) the calendar and address book after checking each answers; the password goes to the
/// keychain.
#[tauri::command]
#[specta::specta]
pub async fn publish_setup(
    state: State<'_, AppState>,
    settings: PublishSettings,
    password: String,
) -> Result<PublishStatus> {
    state
        .with_db(move |db| {
            publish::setup(db, settings, &password)?;
            publish::status(db)
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn publish_run(state: State<'_, AppState>) -> Result<PublishReport> {
    state.with_db(publish::run).await
}

#[tauri::command]
#[specta::specta]
pub async fn publish_off(state: State<'_, AppState>) -> Result<()> {
    state.with_db(publish::turn_off).await
}
