//! Dashboard, demo data, settings and app information.

use crate::app::state::AppState;
use crate::error::{AppError, Result};
use crate::services::dashboard::{self, Dashboard};
use crate::services::demo::{self, DemoReport};
use crate::services::settings::{self, Settings};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::atomic::Ordering;
use tauri::{Runtime, State, Window};

#[tauri::command]
#[specta::specta]
pub async fn dashboard_summary(state: State<'_, AppState>) -> Result<Dashboard> {
    state
        .read(|c| dashboard::summary(c, chrono::Utc::now()))
        .await
}

/// Loads the sample data. The UI started this write, so it refreshes its own views afterwards.
#[tauri::command]
#[specta::specta]
pub async fn demo_load(state: State<'_, AppState>) -> Result<DemoReport> {
    state.write(|c| demo::load_now(c, chrono::Utc::now())).await
}

#[tauri::command]
#[specta::specta]
pub async fn settings_get(state: State<'_, AppState>) -> Result<Settings> {
    state.read(settings::get).await
}

#[tauri::command]
#[specta::specta]
pub async fn settings_set(state: State<'_, AppState>, settings: Settings) -> Result<Settings> {
    state.write(move |c| settings::set(c, settings)).await
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub db_path: String,
    pub schema_version: i32,
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir.display().to_string(),
        db_path: state.db.path().display().to_string(),
        schema_version: crate::store::db::SCHEMA_VERSION,
    })
}

/// The UI has the close request in hand (it saves, or asks the user), so the fallback must not close the window.
#[tauri::command]
#[specta::specta]
pub async fn window_close_taken(state: State<'_, AppState>) -> Result<()> {
    state.close_taken.store(true, Ordering::SeqCst);
    Ok(())
}

/// Closes the window for good, once the UI has saved what was typed.
#[tauri::command]
#[specta::specta]
pub async fn window_close<R: Runtime>(window: Window<R>) -> Result<()> {
    window.destroy().map_err(|e| AppError::Internal {
        message: e.to_string(),
    })
}
