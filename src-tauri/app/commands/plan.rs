//! A project's plan: overview and health, board, milestones, subtasks and dependencies, risks, budget, and the
//! weekly status report (preview, kept summary, export).

use crate::app::dialogs::SaveDialog;
use crate::app::state::AppState;
use crate::domain::*;
use crate::error::Result;
use crate::export::summary::Lang;
use crate::services::exports::ExportFormat;
use crate::services::plan::{self, BoardColumn, ProjectBudget, ProjectOverview, RisksDue};
use crate::services::reports::{self, ReportScope};
use crate::store::tasks::BoardFilter;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::PathBuf;
use tauri::{AppHandle, Runtime, State};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

#[tauri::command]
#[specta::specta]
pub async fn project_overview(state: State<'_, AppState>, id: String) -> Result<ProjectOverview> {
    state.read(move |c| plan::overview(c, &id, now())).await
}

#[tauri::command]
#[specta::specta]
pub async fn project_health_override(
    state: State<'_, AppState>,
    id: String,
    manual: Option<HealthOverride>,
) -> Result<ProjectHealth> {
    state
        .write(move |c| plan::set_health_override(c, &id, manual, now()))
        .await
}

/// The colour of each listed project, for the project list (it shows and sorts by it).
#[tauri::command]
#[specta::specta]
pub async fn project_healths(
    state: State<'_, AppState>,
    ids: Vec<String>,
) -> Result<Vec<(String, Rag)>> {
    state.read(move |c| plan::healths(c, &ids, now())).await
}

/// Links an organization (a partner, supplier, client or department) to the project, or changes its role.
#[tauri::command]
#[specta::specta]
pub async fn project_organization_link(
    state: State<'_, AppState>,
    project_id: String,
    link: ProjectOrganizationInput,
) -> Result<Project> {
    state
        .write(move |c| crate::services::projects::link_organization(c, &project_id, link))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn project_organization_unlink(
    state: State<'_, AppState>,
    project_id: String,
    organization_id: String,
) -> Result<Project> {
    state
        .write(move |c| {
            crate::services::projects::unlink_organization(c, &project_id, &organization_id)
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn project_board(
    state: State<'_, AppState>,
    id: String,
    filter: BoardFilter,
) -> Result<Vec<BoardColumn>> {
    state.read(move |c| plan::board(c, &id, &filter)).await
}

/// A board move, from a pointer drag or the keyboard.
#[tauri::command]
#[specta::specta]
pub async fn task_board_move(state: State<'_, AppState>, m: BoardMove) -> Result<Task> {
    state.write(move |c| plan::move_on_board(c, m)).await
}

#[tauri::command]
#[specta::specta]
pub async fn task_plan_set(
    state: State<'_, AppState>,
    id: String,
    input: TaskPlanInput,
) -> Result<Task> {
    state
        .write(move |c| plan::set_task_plan(c, &id, input))
        .await
}

/// One change (status, assignee, due date, milestone) to the selected tasks, all or nothing.
#[tauri::command]
#[specta::specta]
pub async fn task_bulk_edit(state: State<'_, AppState>, edit: TaskBulkEdit) -> Result<Vec<Task>> {
    state.write(move |c| plan::bulk_edit(c, edit)).await
}

#[tauri::command]
#[specta::specta]
pub async fn milestone_list(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<Milestone>> {
    state.read(move |c| plan::milestones(c, &project_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn milestone_create(
    state: State<'_, AppState>,
    project_id: String,
    input: MilestoneInput,
) -> Result<Milestone> {
    state
        .write(move |c| plan::create_milestone(c, &project_id, input, now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn milestone_update(
    state: State<'_, AppState>,
    id: String,
    input: MilestoneInput,
) -> Result<Milestone> {
    state
        .write(move |c| plan::update_milestone(c, &id, input, now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn dependency_list(
    state: State<'_, AppState>,
    project_id: String,
) -> Result<Vec<Dependency>> {
    state
        .read(move |c| plan::dependencies(c, &project_id, now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn dependency_add(
    state: State<'_, AppState>,
    predecessor_id: String,
    successor_id: String,
) -> Result<Dependency> {
    state
        .write(move |c| plan::add_dependency(c, &predecessor_id, &successor_id, now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn dependency_remove(
    state: State<'_, AppState>,
    predecessor_id: String,
    successor_id: String,
) -> Result<()> {
    state
        .write(move |c| plan::remove_dependency(c, &predecessor_id, &successor_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn risk_list(state: State<'_, AppState>, project_id: String) -> Result<Vec<Risk>> {
    state.read(move |c| plan::risks(c, &project_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn risk_create(
    state: State<'_, AppState>,
    project_id: String,
    input: RiskInput,
) -> Result<Risk> {
    state
        .write(move |c| plan::create_risk(c, &project_id, input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn risk_update(state: State<'_, AppState>, id: String, input: RiskInput) -> Result<Risk> {
    state.write(move |c| plan::update_risk(c, &id, input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn risk_review(
    state: State<'_, AppState>,
    id: String,
    input: RiskReviewInput,
) -> Result<Risk> {
    state.write(move |c| plan::review_risk(c, &id, input)).await
}

/// Risks due for review within the week (overdue ones first), for the dashboard.
#[tauri::command]
#[specta::specta]
pub async fn risks_due(state: State<'_, AppState>, limit: i32) -> Result<RisksDue> {
    state.read(move |c| plan::risks_due(c, now(), limit)).await
}

#[tauri::command]
#[specta::specta]
pub async fn budget_get(state: State<'_, AppState>, project_id: String) -> Result<ProjectBudget> {
    state
        .read(move |c| plan::budget(c, &project_id, now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn budget_line_create(
    state: State<'_, AppState>,
    project_id: String,
    input: BudgetLineInput,
) -> Result<BudgetLine> {
    state
        .write(move |c| plan::create_budget_line(c, &project_id, input))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn budget_line_update(
    state: State<'_, AppState>,
    id: String,
    input: BudgetLineInput,
) -> Result<BudgetLine> {
    state
        .write(move |c| plan::update_budget_line(c, &id, input))
        .await
}

/// Which report: a project's or a department's, for one ISO week, in one language.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ReportRequest {
    pub scope: ReportScope,
    pub id: String,
    pub week: String,
    pub lang: Lang,
}

/// The report as Markdown for the preview, with `summary` (the paragraph being edited) in place of the kept one.
#[tauri::command]
#[specta::specta]
pub async fn report_preview(
    state: State<'_, AppState>,
    request: ReportRequest,
    summary: Option<String>,
) -> Result<String> {
    state
        .read(move |c| {
            let r = request;
            let doc = reports::compose(
                c,
                r.scope,
                &r.id,
                &r.week,
                r.lang,
                summary.as_deref(),
                now(),
            )?;
            Ok(crate::export::document::markdown(&doc))
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn report_summary_save(
    state: State<'_, AppState>,
    request: ReportRequest,
    summary: String,
) -> Result<()> {
    state
        .write(move |c| {
            reports::save_summary(c, request.scope, &request.id, &request.week, &summary)
        })
        .await
}

/// The kept summary of a report, if one was written.
#[tauri::command]
#[specta::specta]
pub async fn report_summary_get(
    state: State<'_, AppState>,
    request: ReportRequest,
) -> Result<Option<String>> {
    state
        .read(move |c| reports::saved_summary(c, request.scope, &request.id, &request.week))
        .await
}

/// Asks where to save, then writes the report. None when the user cancelled the dialog.
#[tauri::command]
#[specta::specta]
pub async fn report_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: ReportRequest,
    format: ExportFormat,
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
        .read(move |c| {
            let r = request;
            reports::export_report(c, r.scope, &r.id, &r.week, format, r.lang, &path, now())
        })
        .await?;
    state.exported(&[PathBuf::from(&written)]).await?;
    Ok(Some(written))
}

/// The parts of a plan that are deleted one by one (with Undo): milestones, risks and budget lines.
fn plan_part(entity: Entity) -> Result<Entity> {
    match entity {
        Entity::Milestone | Entity::Risk | Entity::BudgetLine => Ok(entity),
        _ => Err(crate::error::AppError::field(
            "entity",
            crate::error::Rule::OutOfRange,
        )),
    }
}

#[tauri::command]
#[specta::specta]
pub async fn plan_part_delete(
    state: State<'_, AppState>,
    entity: Entity,
    id: String,
) -> Result<()> {
    let entity = plan_part(entity)?;
    state
        .write(move |c| crate::services::delete(c, entity, &id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn plan_part_restore(
    state: State<'_, AppState>,
    entity: Entity,
    id: String,
) -> Result<()> {
    let entity = plan_part(entity)?;
    state
        .write(move |c| crate::services::restore(c, entity, &id))
        .await
}
