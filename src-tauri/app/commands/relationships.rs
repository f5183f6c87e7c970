//! The interaction log, cadences and timelines.

use crate::app::state::AppState;
use crate::domain::{Cadence, CadenceInput, Interaction, InteractionInput, TimelineItem};
use crate::error::Result;
use crate::services::relationships::{self as rel, TimelineQuery};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn interaction_log(
    state: State<'_, AppState>,
    input: InteractionInput,
) -> Result<Interaction> {
    state.write(move |c| rel::log_interaction(c, input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_update(
    state: State<'_, AppState>,
    id: String,
    input: InteractionInput,
) -> Result<Interaction> {
    state
        .write(move |c| rel::update_interaction(c, &id, input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_get(state: State<'_, AppState>, id: String) -> Result<Interaction> {
    state.read(move |c| rel::get_interaction(c, &id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    state.write(move |c| rel::delete_interaction(c, &id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_restore(state: State<'_, AppState>, id: String) -> Result<Interaction> {
    state.write(move |c| rel::restore_interaction(c, &id)).await
}

/// Logs a held meeting as an interaction with its organizations and attendees (again: refreshes it).
#[tauri::command]
#[specta::specta]
pub async fn meeting_log_interaction(
    state: State<'_, AppState>,
    meeting_id: String,
) -> Result<Interaction> {
    state.write(move |c| rel::log_meeting(c, &meeting_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn timeline(
    state: State<'_, AppState>,
    query: TimelineQuery,
) -> Result<Vec<TimelineItem>> {
    state.read(move |c| rel::timeline(c, &query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn cadence_get(
    state: State<'_, AppState>,
    organization_id: Option<String>,
    contact_id: Option<String>,
) -> Result<Option<Cadence>> {
    state
        .read(move |c| {
            rel::cadence(
                c,
                organization_id.as_deref(),
                contact_id.as_deref(),
                chrono::Utc::now(),
            )
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn cadence_set(
    state: State<'_, AppState>,
    input: CadenceInput,
) -> Result<Option<Cadence>> {
    state
        .write(move |c| rel::set_cadence(c, input, chrono::Utc::now()))
        .await
}

/// Snoozes a cadence until a day (YYYY-MM-DD in the user's zone); None wakes it.
#[tauri::command]
#[specta::specta]
pub async fn cadence_snooze(
    state: State<'_, AppState>,
    id: String,
    until: Option<String>,
) -> Result<Cadence> {
    state
        .write(move |c| rel::snooze_cadence(c, &id, until, chrono::Utc::now()))
        .await
}

/// Every amber or red cadence, the most overdue first.
#[tauri::command]
#[specta::specta]
pub async fn losing_touch(state: State<'_, AppState>) -> Result<Vec<Cadence>> {
    state
        .read(move |c| rel::losing_touch(c, chrono::Utc::now()))
        .await
}
