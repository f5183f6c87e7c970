//! The planner: range, backlog, changes with undo/redo, free slots, workload and the .ics export.

use crate::app::dialogs::SaveDialog;
use crate::app::state::AppState;
use crate::domain::{BacklogQuery, Task};
use crate::error::Result;
use crate::services::planner::{
    self, FreeSlotQuery, HistoryState, PlannerChange, PlannerRange, RangeQuery, Slot, Step,
    Workload,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
#[specta::specta]
pub async fn planner_range(state: State<'_, AppState>, query: RangeQuery) -> Result<PlannerRange> {
    state.read(move |c| planner::range(c, &query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn planner_backlog(state: State<'_, AppState>, query: BacklogQuery) -> Result<Vec<Task>> {
    state.read(move |c| planner::backlog(c, &query)).await
}

/// What a change, undo or redo did, and whether undo and redo are now possible.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct PlannerOutcome {
    /// The change that was applied; None when there was nothing to undo or redo.
    pub applied: Option<PlannerChange>,
    pub history: HistoryState,
    /// The week the caller asked for (`week`), read after the change: the calendar updates itself from it without
    /// a second request. None when no week was asked for.
    pub week: Option<PlannerRange>,
}

#[tauri::command]
#[specta::specta]
pub async fn planner_apply(
    state: State<'_, AppState>,
    change: PlannerChange,
    week: Option<RangeQuery>,
) -> Result<PlannerOutcome> {
    let forward = change.clone();
    let backward = state.write(move |c| planner::apply(c, &change)).await?;
    let history = {
        let mut history = state.history();
        history.record(Step {
            forward: forward.clone(),
            backward,
        });
        history.state()
    };
    with_week(&state, Some(forward), history, week).await
}

#[tauri::command]
#[specta::specta]
pub async fn planner_undo(
    state: State<'_, AppState>,
    week: Option<RangeQuery>,
) -> Result<PlannerOutcome> {
    let Some(step) = state.history().take_undo() else {
        let history = state.history().state();
        return with_week(&state, None, history, week).await;
    };
    let change = step.backward.clone();
    let result = state.write(move |c| planner::apply(c, &change)).await;
    let (applied, history) = finish(&state, step, result, true)?;
    with_week(&state, Some(applied), history, week).await
}

#[tauri::command]
#[specta::specta]
pub async fn planner_redo(
    state: State<'_, AppState>,
    week: Option<RangeQuery>,
) -> Result<PlannerOutcome> {
    let Some(step) = state.history().take_redo() else {
        let history = state.history().state();
        return with_week(&state, None, history, week).await;
    };
    let change = step.forward.clone();
    let result = state.write(move |c| planner::apply(c, &change)).await;
    let (applied, history) = finish(&state, step, result, false)?;
    with_week(&state, Some(applied), history, week).await
}

/// The outcome, with the asked-for week read after the write.
async fn with_week(
    state: &AppState,
    applied: Option<PlannerChange>,
    history: HistoryState,
    week: Option<RangeQuery>,
) -> Result<PlannerOutcome> {
    let week = match week {
        Some(query) => Some(state.read(move |c| planner::range(c, &query)).await?),
        None => None,
    };
    Ok(PlannerOutcome {
        applied,
        history,
        week,
    })
}

/// Moves a step to the other stack once it applied; a step that failed is dropped and its error returned.
fn finish(
    state: &AppState,
    step: Step,
    result: Result<PlannerChange>,
    undoing: bool,
) -> Result<(PlannerChange, HistoryState)> {
    let mut history = state.history();
    result?;
    let applied = if undoing {
        step.backward.clone()
    } else {
        step.forward.clone()
    };
    if undoing {
        history.undone(step);
    } else {
        history.redone(step);
    }
    Ok((applied, history.state()))
}

#[tauri::command]
#[specta::specta]
pub async fn planner_history(state: State<'_, AppState>) -> Result<HistoryState> {
    Ok(state.history().state())
}

#[tauri::command]
#[specta::specta]
pub async fn planner_free_slot(
    state: State<'_, AppState>,
    query: FreeSlotQuery,
) -> Result<Option<Slot>> {
    state.read(move |c| planner::free_slot(c, &query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn planner_workload(state: State<'_, AppState>, query: RangeQuery) -> Result<Workload> {
    state.read(move |c| planner::workload(c, &query)).await
}

/// Asks where to save in the native save dialog, then writes the range's schedule there. Returns the path
/// written, or None when the user cancelled the dialog.
#[tauri::command]
#[specta::specta]
pub async fn planner_export_ics<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: RangeQuery,
    dialog: SaveDialog,
) -> Result<Option<String>> {
    let start = state.export_folder(&app).await;
    let Some(path) = state.picker.save_file(&app, dialog, "ics", start).await? else {
        return Ok(None);
    };
    let written = path.clone();
    state
        .read(move |c| planner::export_ics_file(c, &query, &path))
        .await?;
    state.exported(std::slice::from_ref(&written)).await?;
    Ok(Some(written.display().to_string()))
}
