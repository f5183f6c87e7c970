//! The commitments ledger.

use crate::app::state::AppState;
use crate::domain::{Commitment, CommitmentInput, CommitmentQuery, CommitmentStatus, Direction};
use crate::error::Result;
use crate::services::commitments as svc;
use chrono::Utc;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn commitment_create(
    state: State<'_, AppState>,
    input: CommitmentInput,
) -> Result<Commitment> {
    state
        .write(move |c| svc::create(c, input, Utc::now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn commitment_update(
    state: State<'_, AppState>,
    id: String,
    input: CommitmentInput,
) -> Result<Commitment> {
    state
        .write(move |c| svc::update(c, &id, input, Utc::now()))
        .await
}

/// Moves a commitment through its lifecycle; an illegal change is refused (`status: out_of_range`).
#[tauri::command]
#[specta::specta]
pub async fn commitment_set_status(
    state: State<'_, AppState>,
    id: String,
    status: CommitmentStatus,
) -> Result<Commitment> {
    state
        .write(move |c| svc::set_status(c, &id, status, Utc::now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn commitment_list(
    state: State<'_, AppState>,
    query: CommitmentQuery,
) -> Result<Vec<Commitment>> {
    state.read(move |c| svc::list(c, &query, Utc::now())).await
}

#[tauri::command]
#[specta::specta]
pub async fn commitment_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    state.write(move |c| svc::delete(c, &id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn commitment_restore(state: State<'_, AppState>, id: String) -> Result<Commitment> {
    state.write(move |c| svc::restore(c, &id, Utc::now())).await
}

/// A decision as a commitment, in one step.
#[tauri::command]
#[specta::specta]
pub async fn commitment_from_decision(
    state: State<'_, AppState>,
    decision_id: String,
    direction: Direction,
) -> Result<Commitment> {
    state
        .write(move |c| svc::from_decision(c, &decision_id, direction, Utc::now()))
        .await
}

/// An action item as a commitment, in one step.
#[tauri::command]
#[specta::specta]
pub async fn commitment_from_task(
    state: State<'_, AppState>,
    task_id: String,
    direction: Direction,
) -> Result<Commitment> {
    state
        .write(move |c| svc::from_task(c, &task_id, direction, Utc::now()))
        .await
}
