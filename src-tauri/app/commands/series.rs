//! Edits of a recurring meeting's time, zone or rule for this occurrence, this and the following ones, or all.

use crate::app::state::AppState;
use crate::domain::Meeting;
use crate::error::Result;
use crate::services::series::{self, Orphan, SeriesEdit};
use tauri::State;

/// What the edit would leave behind (exceptions and minutes whose date the new rule no longer has); saves nothing.
#[tauri::command]
#[specta::specta]
pub async fn meeting_series_preview(
    state: State<'_, AppState>,
    id: String,
    edit: SeriesEdit,
) -> Result<Vec<Orphan>> {
    state
        .read(move |c| series::preview_edit(c, &id, edit))
        .await
}

/// Saves the edit; returns the edited occurrence as it now stands.
#[tauri::command]
#[specta::specta]
pub async fn meeting_series_save(
    state: State<'_, AppState>,
    id: String,
    edit: SeriesEdit,
) -> Result<Meeting> {
    state.write(move |c| series::save_edit(c, &id, edit)).await
}
