//! Meeting minutes: notes, agenda, attendance, decisions, templates, the brief and summary exports.

use crate::app::dialogs::SaveDialog;
use crate::app::state::AppState;
use crate::domain::*;
use crate::error::{AppError, Result};
use crate::export::compose::FollowUpParty;
use crate::export::summary::Lang;
use crate::services::exports::{self, BatchProgress, BatchQuery, BatchReport, ExportFormat};
use crate::services::{self, minutes};
use std::path::PathBuf;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

#[tauri::command]
#[specta::specta]
pub async fn meeting_set_notes(
    state: State<'_, AppState>,
    id: String,
    notes: Option<String>,
) -> Result<String> {
    state
        .write(move |c| minutes::set_notes(c, &id, notes))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn agenda_item_create(
    state: State<'_, AppState>,
    meeting_id: String,
    input: AgendaItemInput,
) -> Result<AgendaItem> {
    state
        .write(move |c| minutes::add_agenda_item(c, &meeting_id, input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn agenda_item_update(
    state: State<'_, AppState>,
    id: String,
    input: AgendaItemInput,
) -> Result<AgendaItem> {
    state
        .write(move |c| minutes::update_agenda_item(c, &id, input))
        .await
}

/// Puts the item right after `after` (None: first); returns the agenda in its new order.
#[tauri::command]
#[specta::specta]
pub async fn agenda_item_move(
    state: State<'_, AppState>,
    id: String,
    after: Option<String>,
) -> Result<Vec<AgendaItem>> {
    state
        .write(move |c| minutes::move_agenda_item(c, &id, after.as_deref()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn agenda_item_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    state
        .write(move |c| services::delete(c, Entity::AgendaItem, &id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn agenda_item_restore(state: State<'_, AppState>, id: String) -> Result<AgendaItem> {
    state
        .write(move |c| minutes::restore_agenda_item(c, &id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn attendance_set(
    state: State<'_, AppState>,
    meeting_id: String,
    contact_id: String,
    attendance: Attendance,
) -> Result<()> {
    state
        .write(move |c| minutes::set_attendance(c, &meeting_id, &contact_id, attendance))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn decision_create(
    state: State<'_, AppState>,
    meeting_id: String,
    input: DecisionInput,
) -> Result<Decision> {
    state
        .write(move |c| minutes::add_decision(c, &meeting_id, input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn decision_update(
    state: State<'_, AppState>,
    id: String,
    input: DecisionInput,
) -> Result<Decision> {
    state
        .write(move |c| minutes::update_decision(c, &id, input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn decision_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    state
        .write(move |c| services::delete(c, Entity::Decision, &id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn decision_restore(state: State<'_, AppState>, id: String) -> Result<Decision> {
    state
        .write(move |c| minutes::restore_decision(c, &id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn organization_decisions(
    state: State<'_, AppState>,
    organization_id: String,
    limit: Option<i32>,
) -> Result<minutes::OrganizationDecisions> {
    state
        .read(move |c| minutes::organization_decisions(c, &organization_id, limit))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn decision_search(
    state: State<'_, AppState>,
    query: String,
    limit: Option<i32>,
) -> Result<Vec<DecisionHit>> {
    state
        .read(move |c| minutes::search_decisions(c, &query, limit))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn template_list(state: State<'_, AppState>, lang: Lang) -> Result<Vec<MeetingTemplate>> {
    state.read(move |c| minutes::templates(c, lang)).await
}

#[tauri::command]
#[specta::specta]
pub async fn template_create(
    state: State<'_, AppState>,
    input: TemplateInput,
) -> Result<MeetingTemplate> {
    state
        .write(move |c| minutes::create_template(c, input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn template_delete(state: State<'_, AppState>, id: String) -> Result<()> {
    state
        .write(move |c| services::delete(c, Entity::Template, &id))
        .await
}

/// `today` is the user's local date (YYYY-MM-DD): what is overdue depends on it.
#[tauri::command]
#[specta::specta]
pub async fn meeting_brief(state: State<'_, AppState>, id: String, today: String) -> Result<Brief> {
    let mut check = Check::default();
    let today = check.date("today", Some(today));
    let today = check.finish_with(today)?;
    state.read(move |c| minutes::brief(c, &id, &today)).await
}

/// The departments and organizations the meeting's follow-up packs can be made for.
#[tauri::command]
#[specta::specta]
pub async fn meeting_parties(state: State<'_, AppState>, id: String) -> Result<Vec<FollowUpParty>> {
    state
        .read(move |c| Ok(exports::load(c, &id)?.parties()))
        .await
}

/// Asks where to save in the native save dialog, then writes the summary (or, with `party_id`, that party's
/// follow-up pack) there. Returns the path written, or None when the user cancelled the dialog.
#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
pub async fn meeting_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    format: ExportFormat,
    lang: Lang,
    party_id: Option<String>,
    dialog: SaveDialog,
) -> Result<Option<String>> {
    let start = state.export_folder(&app).await;
    let Some(path) = state
        .picker
        .save_file(&app, dialog, format.ext(), start)
        .await?
    else {
        return Ok(None);
    };
    let written = state
        .read(move |c| exports::export_meeting(c, &id, format, lang, party_id.as_deref(), &path))
        .await?;
    state.exported(&[PathBuf::from(&written)]).await?;
    Ok(Some(written))
}

/// Asks for a folder in the native dialog, then writes one follow-up pack per department or organization into
/// it. None when the user cancelled the dialog.
#[tauri::command]
#[specta::specta]
pub async fn meeting_export_follow_ups<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    format: ExportFormat,
    lang: Lang,
    dialog_title: String,
) -> Result<Option<Vec<String>>> {
    let start = state.export_folder(&app).await;
    let Some(dir) = state.picker.folder(&app, dialog_title, start).await? else {
        return Ok(None);
    };
    let written = state
        .read(move |c| exports::export_follow_ups(c, &id, format, lang, &dir))
        .await?;
    let paths: Vec<PathBuf> = written.iter().map(PathBuf::from).collect();
    state.exported(&paths).await?;
    Ok(Some(written))
}

/// Asks for a folder in the native dialog, then exports many meetings into it, reporting each file on
/// `progress`; `export_cancel(job)` stops it between files. None when the user cancelled the dialog.
#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
pub async fn meetings_export_batch<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: BatchQuery,
    format: ExportFormat,
    lang: Lang,
    dialog_title: String,
    job: String,
    progress: Channel<BatchProgress>,
) -> Result<Option<BatchReport>> {
    let start = state.export_folder(&app).await;
    let Some(dir) = state.picker.folder(&app, dialog_title, start).await? else {
        return Ok(None);
    };
    let cancel = state.start_job(&job);
    let db = state.db.clone();
    let result = tauri::async_runtime::spawn_blocking(move || {
        exports::export_batch(&db, &query, format, lang, &dir, &cancel, &mut |p| {
            // A closed channel only means the window went away; the export itself carries on.
            let _ = progress.send(p);
        })
    })
    .await
    .unwrap_or_else(|e| {
        Err(AppError::Internal {
            message: e.to_string(),
        })
    });
    state.end_job(&job);
    let report = result?;
    let paths: Vec<PathBuf> = report.written.iter().map(PathBuf::from).collect();
    state.exported(&paths).await?;
    Ok(Some(report))
}

/// Opens a file this session exported in the system's default app for it (the export toast's "Open").
#[tauri::command]
#[specta::specta]
pub async fn export_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<()> {
    let path = state.exported_file(&path)?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| AppError::Internal {
            message: e.to_string(),
        })
}

/// Shows a file this session exported in the system's file manager, selected (the toast's "Show in folder").
#[tauri::command]
#[specta::specta]
pub async fn export_reveal<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<()> {
    let path = state.exported_file(&path)?;
    app.opener()
        .reveal_item_in_dir(path)
        .map_err(|e| AppError::Internal {
            message: e.to_string(),
        })
}

#[tauri::command]
#[specta::specta]
pub async fn export_cancel(state: State<'_, AppState>, job: String) -> Result<()> {
    state.cancel_job(&job);
    Ok(())
}
