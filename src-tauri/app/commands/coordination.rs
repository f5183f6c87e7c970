//! The department conflict log and the supplier scorecard.

use crate::app::state::AppState;
use crate::domain::{
    ConflictInput, ConflictQuery, ConflictStatusChange, Delivery, DeliveryInput, DeptConflict,
    Incident, IncidentInput, Scorecard, SupplierScore,
};
use crate::error::Result;
use crate::services::departments::{self, DepartmentWork};
use crate::services::reminders::{self, ReminderSettings};
use crate::services::{conflicts, scorecard};
use chrono::Utc;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn conflict_create(
    state: State<'_, AppState>,
    input: ConflictInput,
) -> Result<DeptConflict> {
    state
        .write(move |c| conflicts::create(c, input, Utc::now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn conflict_update(
    state: State<'_, AppState>,
    id: String,
    input: ConflictInput,
) -> Result<DeptConflict> {
    state
        .write(move |c| conflicts::update(c, &id, input, Utc::now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn conflict_get(state: State<'_, AppState>, id: String) -> Result<DeptConflict> {
    state
        .read(move |c| conflicts::get(c, &id, Utc::now()))
        .await
}

/// Moves a conflict through its lifecycle, kept in its history; an illegal change is refused
/// (`status: out_of_range`).
#[tauri::command]
#[specta::specta]
pub async fn conflict_set_status(
    state: State<'_, AppState>,
    id: String,
    change: ConflictStatusChange,
) -> Result<DeptConflict> {
    state
        .write(move |c| conflicts::set_status(c, &id, change, Utc::now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn conflict_list(
    state: State<'_, AppState>,
    query: ConflictQuery,
) -> Result<Vec<DeptConflict>> {
    state
        .read(move |c| conflicts::list(c, &query, Utc::now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn conflict_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    state.write(move |c| conflicts::delete(c, &id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn conflict_restore(state: State<'_, AppState>, id: String) -> Result<DeptConflict> {
    state
        .write(move |c| conflicts::restore(c, &id, Utc::now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn supplier_scorecard(
    state: State<'_, AppState>,
    organization_id: String,
) -> Result<Scorecard> {
    state
        .read(move |c| scorecard::scorecard(c, &organization_id, Utc::now()))
        .await
}

/// Every supplier with its score, the best first.
#[tauri::command]
#[specta::specta]
pub async fn supplier_scores(state: State<'_, AppState>) -> Result<Vec<SupplierScore>> {
    state
        .read(move |c| scorecard::supplier_scores(c, Utc::now()))
        .await
}

/// Records an incident (`id` None) or corrects one.
#[tauri::command]
#[specta::specta]
pub async fn incident_save(
    state: State<'_, AppState>,
    id: Option<String>,
    input: IncidentInput,
) -> Result<Incident> {
    state
        .write(move |c| scorecard::record_incident(c, id.as_deref(), input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn incident_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    state
        .write(move |c| scorecard::delete_incident(c, &id))
        .await
}

/// Records a delivery (`id` None) or corrects one (its actual date, once it came).
#[tauri::command]
#[specta::specta]
pub async fn delivery_save(
    state: State<'_, AppState>,
    id: Option<String>,
    input: DeliveryInput,
) -> Result<Delivery> {
    state
        .write(move |c| scorecard::record_delivery(c, id.as_deref(), input, Utc::now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn delivery_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    state
        .write(move |c| scorecard::delete_delivery(c, &id))
        .await
}

/// A department's open tasks (its own and its people's), the most urgent first, with counts.
#[tauri::command]
#[specta::specta]
pub async fn department_work(
    state: State<'_, AppState>,
    department_id: String,
) -> Result<DepartmentWork> {
    state
        .read(move |c| departments::work(c, &department_id, Utc::now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn reminder_settings_get(state: State<'_, AppState>) -> Result<ReminderSettings> {
    state.read(reminders::get_settings).await
}

/// The meeting lead time (0–1440 minutes, else `meeting_lead_minutes: out_of_range`) and the kinds switched off.
#[tauri::command]
#[specta::specta]
pub async fn reminder_settings_set(
    state: State<'_, AppState>,
    settings: ReminderSettings,
) -> Result<ReminderSettings> {
    state
        .write(move |c| reminders::set_settings(c, settings))
        .await
}
