//! A project's plan as use cases: milestones, subtasks and dependencies, the board, risks, budget and health.

use crate::domain::{
    budget_totals, burn, creates_cycle, distinct_ids, health, key_between, milestone_state,
    parent_cycle, schedule_warning, time, BoardMove, BudgetLine, BudgetLineInput, BudgetTotal,
    BurnSeries, Dependency, HealthFacts, HealthOverride, Milestone, MilestoneInput,
    MilestoneStatus, Project, ProjectHealth, Rag, Risk, RiskInput, RiskLevel, RiskReviewInput,
    RiskStatus, Task, TaskBulkEdit, TaskDates, TaskPlanInput, TaskStatus,
};
use crate::error::{AppError, Result, Rule};
use crate::store::tasks::BoardFilter;
use crate::store::{check_ref, plan, projects, tasks};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::projects::live_project;
use super::settings;

// ---- Milestones

/// A done milestone without a day gets today's.
fn with_done_day(mut input: MilestoneInput, today: &str) -> MilestoneInput {
    if input.status == MilestoneStatus::Done && input.done_on.is_none() {
        input.done_on = Some(today.to_string());
    }
    input
}

pub fn create_milestone(
    conn: &Connection,
    project_id: &str,
    input: MilestoneInput,
    now: DateTime<Utc>,
) -> Result<Milestone> {
    let input = with_done_day(input.validate()?, &settings::today(conn, now)?);
    live_project(conn, project_id)?;
    let id = plan::insert_milestone(conn, project_id, &input)?;
    plan::milestone(conn, &id)
}

pub fn update_milestone(
    conn: &Connection,
    id: &str,
    input: MilestoneInput,
    now: DateTime<Utc>,
) -> Result<Milestone> {
    let input = with_done_day(input.validate()?, &settings::today(conn, now)?);
    plan::update_milestone(conn, id, &input)?;
    plan::milestone(conn, id)
}

pub fn milestones(conn: &Connection, project_id: &str) -> Result<Vec<Milestone>> {
    plan::milestones(conn, project_id)
}

// ---- Subtasks and dependencies

/// Sets a task's parent and milestone, and its predecessors when they are given. A new parent or milestone must be
/// of the task's project (`out_of_range`); a parent that would make the task its own ancestor is refused (`cycle`
/// on `parent_id`), as is a predecessor that would close a loop (`cycle`
/// on `predecessor_id`); new references must be live, kept ones may be deleted. A task given a new parent moves
/// in the manual order to just after its parent's family, so the project's list shows it nested there.
pub fn set_task_plan(conn: &Connection, task_id: &str, input: TaskPlanInput) -> Result<Task> {
    let had = tasks::get(conn, task_id)?;
    let parent = input.parent_id.filter(|p| !p.trim().is_empty());
    let milestone = input.milestone_id.filter(|m| !m.trim().is_empty());
    check_ref(
        conn,
        "tasks",
        "",
        "parent_id",
        parent.as_deref(),
        had.parent_id.as_deref(),
    )?;
    check_ref(
        conn,
        "milestones",
        "",
        "milestone_id",
        milestone.as_deref(),
        had.milestone_id.as_deref(),
    )?;
    // A new parent or milestone belongs to the task's own project (`out_of_range` otherwise).
    if let Some(p) = parent
        .as_deref()
        .filter(|p| had.parent_id.as_deref() != Some(*p))
    {
        if tasks::get(conn, p)?.project_id != had.project_id {
            return Err(AppError::field("parent_id", Rule::OutOfRange));
        }
    }
    if let Some(m) = milestone
        .as_deref()
        .filter(|m| had.milestone_id.as_deref() != Some(*m))
    {
        if had.project_id.as_deref() != Some(plan::milestone(conn, m)?.project_id.as_str()) {
            return Err(AppError::field("milestone_id", Rule::OutOfRange));
        }
    }
    if let Some(p) = &parent {
        if parent_cycle(&plan::parents(conn)?, task_id, p) {
            return Err(AppError::field("parent_id", Rule::Cycle));
        }
    }
    plan::set_task_plan(conn, task_id, parent.as_deref(), milestone.as_deref())?;
    if let (Some(p), Some(project)) = (&parent, &had.project_id) {
        if had.parent_id.as_deref() != Some(p.as_str()) {
            nest_after_parent(conn, project, task_id, p)?;
        }
    }
    if let Some(wanted) = input.predecessor_ids {
        set_predecessors(conn, task_id, wanted)?;
    }
    tasks::get(conn, task_id)
}

/// Gives `task_id` a sort key just after the last of `parent`'s descendants (or the parent itself).
fn nest_after_parent(conn: &Connection, project: &str, task_id: &str, parent: &str) -> Result<()> {
    let order = plan::project_order(conn, project)?;
    let parents: std::collections::HashMap<&str, &str> = order
        .iter()
        .filter_map(|(id, p, _)| Some((id.as_str(), p.as_deref()?)))
        .collect();
    let descends = |id: &str| {
        let mut at = id.to_string();
        for _ in 0..order.len() {
            match parents.get(at.as_str()) {
                Some(&p) if p == parent => return true,
                Some(&p) => at = p.to_string(),
                None => return false,
            }
        }
        false
    };
    let family_end = order
        .iter()
        .filter(|(id, _, _)| id != task_id && (id == parent || descends(id)))
        .map(|(_, _, k)| *k)
        .fold(None, |m: Option<f64>, k| Some(m.map_or(k, |m| m.max(k))));
    let Some(prev) = family_end else {
        return Ok(());
    };
    let next = order
        .iter()
        .filter(|(id, _, k)| id != task_id && *k > prev)
        .map(|(_, _, k)| *k)
        .fold(None, |m: Option<f64>, k| Some(m.map_or(k, |m| m.min(k))));
    plan::set_sort_key(conn, task_id, key_between(Some(prev), next))
}

/// Makes `wanted` the task's predecessors: links no longer wanted are removed, new ones checked and added.
fn set_predecessors(conn: &Connection, task_id: &str, wanted: Vec<String>) -> Result<()> {
    let want = distinct_ids(wanted);
    let had = plan::predecessors(conn, task_id)?;
    for gone in had.iter().filter(|p| !want.contains(p)) {
        plan::remove_dependency(conn, gone, task_id)?;
    }
    for new in want.iter().filter(|p| !had.contains(p)) {
        check_ref(conn, "tasks", "", "predecessor_id", Some(new), None)?;
        if creates_cycle(&plan::edges(conn)?, new, task_id) {
            return Err(AppError::field("predecessor_id", Rule::Cycle));
        }
        plan::add_dependency(conn, new, task_id)?;
    }
    Ok(())
}

/// Applies one change to several tasks at once, through the same checks as editing each: the status, assignee
/// and due date as the task form would, the milestone as the plan would (it must belong to each task's project).
/// Any refusal writes nothing (the caller's transaction is rolled back). Returns the tasks as they now are.
pub fn bulk_edit(conn: &Connection, edit: TaskBulkEdit) -> Result<Vec<Task>> {
    let edit = edit.validate()?;
    let milestone = match &edit.milestone_id {
        Some(m) => Some(
            plan::milestone(conn, m)
                .map_err(|_| AppError::field("milestone_id", Rule::UnknownId))?,
        ),
        None => None,
    };
    let mut out = Vec::with_capacity(edit.ids.len());
    for id in &edit.ids {
        let task = tasks::get(conn, id)?;
        if task.deleted_at.is_some() {
            return Err(AppError::not_found("task", id));
        }
        let mut input = task.input();
        if let Some(s) = edit.status {
            input.status = s;
        }
        if let Some(a) = &edit.assignee_contact_id {
            input.assignee_contact_id = Some(a.clone());
        }
        if let Some(d) = &edit.due_date {
            input.due_date = Some(d.clone());
        }
        super::projects::update_task(conn, id, input)?;
        if let Some(m) = &milestone {
            if task.project_id.as_deref() != Some(m.project_id.as_str()) {
                return Err(AppError::field("milestone_id", Rule::OutOfRange));
            }
            plan::set_task_plan(conn, id, task.parent_id.as_deref(), Some(&m.id))?;
        }
        out.push(tasks::get(conn, id)?);
    }
    Ok(out)
}

/// Adds "`successor` starts after `predecessor` ends". A link that would close a loop is refused (`cycle` on
/// `predecessor_id`) and nothing is written.
pub fn add_dependency(
    conn: &Connection,
    predecessor_id: &str,
    successor_id: &str,
    now: DateTime<Utc>,
) -> Result<Dependency> {
    check_ref(
        conn,
        "tasks",
        "",
        "predecessor_id",
        Some(predecessor_id),
        None,
    )?;
    check_ref(conn, "tasks", "", "successor_id", Some(successor_id), None)?;
    if creates_cycle(&plan::edges(conn)?, predecessor_id, successor_id) {
        return Err(AppError::field("predecessor_id", Rule::Cycle));
    }
    plan::add_dependency(conn, predecessor_id, successor_id)?;
    let project = tasks::get(conn, successor_id)?.project_id;
    let deps = match project {
        Some(p) => dependencies(conn, &p, now)?,
        None => Vec::new(),
    };
    deps.into_iter()
        .find(|d| d.predecessor_id == predecessor_id && d.successor_id == successor_id)
        .ok_or_else(|| AppError::not_found("task", successor_id))
}

pub fn remove_dependency(
    conn: &Connection,
    predecessor_id: &str,
    successor_id: &str,
) -> Result<()> {
    plan::remove_dependency(conn, predecessor_id, successor_id)
}

fn local_day(tz: Tz, utc: Option<&str>) -> Option<String> {
    let t = crate::domain::parse_utc(utc?)?;
    Some(time::local_date(tz, t).format("%Y-%m-%d").to_string())
}

fn dates(tz: Tz, t: &plan::DepTask) -> TaskDates {
    TaskDates {
        scheduled_start: local_day(tz, t.scheduled_start.as_deref()),
        scheduled_end: local_day(tz, t.scheduled_end.as_deref()),
        due: t.due_date.clone(),
        finished: matches!(t.status.as_str(), "done" | "cancelled"),
    }
}

/// A project's dependencies, each with its schedule warning (days counted in the user's zone).
pub fn dependencies(
    conn: &Connection,
    project_id: &str,
    _now: DateTime<Utc>,
) -> Result<Vec<Dependency>> {
    let tz = settings::time_zone(conn)?;
    Ok(plan::project_dependencies(conn, project_id)?
        .into_iter()
        .map(|(a, b)| Dependency {
            warning: schedule_warning(&dates(tz, &a), &dates(tz, &b)),
            deleted: a.deleted || b.deleted,
            predecessor_id: a.id,
            predecessor_title: a.title,
            successor_id: b.id,
            successor_title: b.title,
        })
        .collect())
}

// ---- Board

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct BoardColumn {
    pub status: TaskStatus,
    pub tasks: Vec<Task>,
}

/// The Kanban board: one column per status, cards in the manual order.
pub fn board(
    conn: &Connection,
    project_id: &str,
    filter: &BoardFilter,
) -> Result<Vec<BoardColumn>> {
    let mut columns: Vec<BoardColumn> = TaskStatus::ALL
        .into_iter()
        .map(|status| BoardColumn {
            status,
            tasks: Vec::new(),
        })
        .collect();
    for t in tasks::project_tasks(conn, project_id, filter)? {
        if let Some(c) = columns.iter_mut().find(|c| c.status == t.status) {
            c.tasks.push(t);
        }
    }
    Ok(columns)
}

/// Moves a card: new status, and a fractional sort key between its new neighbours. The keyboard's moves use this
/// same call.
pub fn move_on_board(conn: &Connection, m: BoardMove) -> Result<Task> {
    let task = tasks::get(conn, &m.task_id)?;
    if task.deleted_at.is_some() {
        return Err(AppError::not_found("task", &m.task_id));
    }
    let [prev, next] = tasks::sort_keys(conn, [m.after_id.as_deref(), m.before_id.as_deref()])?;
    let key = key_between(prev, next);
    plan::move_task(conn, &m.task_id, m.status.as_str(), key)?;
    tasks::get(conn, &m.task_id)
}

// ---- Risks

pub fn create_risk(conn: &Connection, project_id: &str, input: RiskInput) -> Result<Risk> {
    let input = input.validate()?;
    live_project(conn, project_id)?;
    check_ref(
        conn,
        "contacts",
        "",
        "owner_contact_id",
        input.owner_contact_id.as_deref(),
        None,
    )?;
    let id = plan::insert_risk(conn, project_id, &input)?;
    link_tasks(conn, project_id, &id, input.task_ids.as_deref(), &[])?;
    plan::risk(conn, &id)
}

/// Makes `wanted` (when given) the risk's linked tasks. New links must name live tasks of the risk's own project
/// (`unknown_id` on `task_ids`); links already there may name tasks deleted since.
fn link_tasks(
    conn: &Connection,
    project_id: &str,
    risk_id: &str,
    wanted: Option<&[String]>,
    kept: &[String],
) -> Result<()> {
    let Some(wanted) = wanted else {
        return Ok(());
    };
    for id in wanted.iter().filter(|id| !kept.contains(id)) {
        let task =
            tasks::get(conn, id).map_err(|_| AppError::field("task_ids", Rule::UnknownId))?;
        if task.deleted_at.is_some() || task.project_id.as_deref() != Some(project_id) {
            return Err(AppError::field("task_ids", Rule::UnknownId));
        }
    }
    plan::set_risk_tasks(conn, risk_id, wanted)
}

pub fn update_risk(conn: &Connection, id: &str, input: RiskInput) -> Result<Risk> {
    let input = input.validate()?;
    let had = plan::risk(conn, id)?;
    check_ref(
        conn,
        "contacts",
        "",
        "owner_contact_id",
        input.owner_contact_id.as_deref(),
        had.owner_contact_id.as_deref(),
    )?;
    plan::update_risk(conn, id, &input)?;
    let kept: Vec<String> = had.tasks.iter().map(|t| t.id.clone()).collect();
    link_tasks(conn, &had.project_id, id, input.task_ids.as_deref(), &kept)?;
    plan::risk(conn, id)
}

/// Records a review; its scores become the risk's current ones.
pub fn review_risk(conn: &Connection, id: &str, input: RiskReviewInput) -> Result<Risk> {
    let input = input.validate()?;
    plan::risk(conn, id)?;
    plan::add_review(conn, id, &input)?;
    plan::risk(conn, id)
}

pub fn risks(conn: &Connection, project_id: &str) -> Result<Vec<Risk>> {
    plan::risks(conn, project_id)
}

/// A risk whose due date (its next review) falls within the coming week, or has passed, for the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RiskDue {
    pub id: String,
    pub project_id: String,
    pub project_name: String,
    pub title: String,
    pub score: i32,
    pub level: RiskLevel,
    pub due_date: String,
    /// Due before today (in the user's zone).
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct RisksDue {
    /// The first `limit`, earliest due first.
    pub items: Vec<RiskDue>,
    pub total: i32,
}

/// Open and mitigating risks of live projects due for review by a week from today (the user's "today"),
/// overdue ones included, earliest first.
pub fn risks_due(conn: &Connection, now: DateTime<Utc>, limit: i32) -> Result<RisksDue> {
    let today = settings::today(conn, now)?;
    let until = chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d")
        .map(|d| {
            (d + chrono::Duration::days(7))
                .format("%Y-%m-%d")
                .to_string()
        })
        .map_err(|_| AppError::field("today", Rule::InvalidDate))?;
    let all = plan::risks_due(conn, &until)?;
    let total = i32::try_from(all.len()).unwrap_or(i32::MAX);
    let items = all
        .into_iter()
        .take(usize::try_from(limit.max(0)).unwrap_or(0))
        .map(|(r, project_name)| RiskDue {
            overdue: r.due_date.as_deref().is_some_and(|d| d < today.as_str()),
            due_date: r.due_date.unwrap_or_default(),
            id: r.id,
            project_id: r.project_id,
            project_name,
            title: r.title,
            score: r.score,
            level: r.level,
        })
        .collect();
    Ok(RisksDue { items, total })
}

// ---- Budget

pub fn create_budget_line(
    conn: &Connection,
    project_id: &str,
    input: BudgetLineInput,
) -> Result<BudgetLine> {
    let input = input.validate()?;
    live_project(conn, project_id)?;
    let id = plan::insert_line(conn, project_id, &input)?;
    plan::line(conn, &id)
}

pub fn update_budget_line(
    conn: &Connection,
    id: &str,
    input: BudgetLineInput,
) -> Result<BudgetLine> {
    let input = input.validate()?;
    plan::update_line(conn, id, &input)?;
    plan::line(conn, id)
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ProjectBudget {
    pub lines: Vec<BudgetLine>,
    pub totals: Vec<BudgetTotal>,
    pub burn: Vec<BurnSeries>,
}

pub fn budget(conn: &Connection, project_id: &str, now: DateTime<Utc>) -> Result<ProjectBudget> {
    let lines = plan::lines(conn, project_id)?;
    let totals = budget_totals(
        lines
            .iter()
            .map(|l| (l.currency.as_str(), l.planned, l.actual)),
    )?;
    let burn = burn(&lines, &settings::today(conn, now)?)?;
    Ok(ProjectBudget {
        lines,
        totals,
        burn,
    })
}

// ---- Health

/// The facts health is computed from, for one project on `today`.
pub fn health_facts(conn: &Connection, project_id: &str, today: &str) -> Result<HealthFacts> {
    Ok(gather(conn, project_id, today)?.facts)
}

/// What health needs, with the milestones and risks it read (so a page that shows them reads them once).
pub struct Gathered {
    pub facts: HealthFacts,
    pub milestones: Vec<Milestone>,
    pub risks: Vec<Risk>,
}

pub fn gather(conn: &Connection, project_id: &str, today: &str) -> Result<Gathered> {
    let overdue_tasks: i32 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM tasks t WHERE t.project_id = ?1 AND t.deleted_at IS NULL AND {}",
            tasks::OVERDUE
        ))?
        .query_row((project_id, today), |r| r.get(0))?;
    let all_milestones = plan::milestones(conn, project_id)?;
    let milestones = all_milestones
        .iter()
        .map(|m| {
            (
                m.title.clone(),
                m.target_date.clone(),
                milestone_state(m, today),
            )
        })
        .collect();
    let lines = plan::lines(conn, project_id)?;
    let budget = budget_totals(
        lines
            .iter()
            .map(|l| (l.currency.as_str(), l.planned, l.actual)),
    )?;
    let risks = plan::risks(conn, project_id)?;
    let live = |r: &&Risk| r.status != RiskStatus::Closed;
    let facts = HealthFacts {
        overdue_tasks,
        milestones,
        budget,
        open_high_risks: risks
            .iter()
            .filter(live)
            .filter(|r| r.level == RiskLevel::High)
            .count() as i32,
        flagged_risks: risks
            .iter()
            .filter(|r| r.flagged)
            .map(|r| r.title.clone())
            .collect(),
    };
    Ok(Gathered {
        facts,
        milestones: all_milestones,
        risks,
    })
}

pub fn project_health(
    conn: &Connection,
    project_id: &str,
    now: DateTime<Utc>,
) -> Result<ProjectHealth> {
    project_health_on(conn, project_id, &settings::today(conn, now)?)
}

/// The project's health on `today` (YYYY-MM-DD in the user's zone), for callers that read many projects' health
/// and find "today" once.
pub fn project_health_on(
    conn: &Connection,
    project_id: &str,
    today: &str,
) -> Result<ProjectHealth> {
    let facts = health_facts(conn, project_id, today)?;
    Ok(health(
        &facts,
        plan::health_override(conn, project_id)?,
        today,
    ))
}

/// Sets (or with None clears) the manual override. The comment is required and `until` may not be in the past.
pub fn set_health_override(
    conn: &Connection,
    project_id: &str,
    over: Option<HealthOverride>,
    now: DateTime<Utc>,
) -> Result<ProjectHealth> {
    let today = settings::today(conn, now)?;
    let over = over.map(|o| o.validate(&today)).transpose()?;
    plan::set_health_override(conn, project_id, over.as_ref())?;
    project_health(conn, project_id, now)
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ProjectOverview {
    pub project: Project,
    pub health: ProjectHealth,
    pub milestones: Vec<Milestone>,
    /// Task counts per status, in `TaskStatus::ALL` order.
    pub status_counts: Vec<(TaskStatus, i32)>,
    pub overdue_tasks: i32,
    /// The five highest-scored open risks.
    pub top_risks: Vec<Risk>,
    pub budget: Vec<BudgetTotal>,
}

pub fn overview(
    conn: &Connection,
    project_id: &str,
    now: DateTime<Utc>,
) -> Result<ProjectOverview> {
    let project = projects::get(conn, project_id)?;
    let today = settings::today(conn, now)?;
    let g = gather(conn, project_id, &today)?;
    let facts = g.facts;
    let health = health(&facts, plan::health_override(conn, project_id)?, &today);
    let mut status_counts: Vec<(TaskStatus, i32)> =
        TaskStatus::ALL.into_iter().map(|s| (s, 0)).collect();
    for (status, n) in crate::store::rows(
        conn,
        "SELECT status, count(*) FROM tasks WHERE project_id = ?1 AND deleted_at IS NULL GROUP BY status",
        [project_id],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i32>(1)?)),
    )? {
        if let Some(e) = status_counts.iter_mut().find(|(s, _)| s.as_str() == status) {
            e.1 = n;
        }
    }
    let top_risks = g
        .risks
        .into_iter()
        .filter(|r| r.status != RiskStatus::Closed)
        .take(5)
        .collect();
    Ok(ProjectOverview {
        project,
        health,
        milestones: g.milestones,
        status_counts,
        overdue_tasks: facts.overdue_tasks,
        top_risks,
        budget: facts.budget,
    })
}

/// The colour of each project on a list page (the list shows it and can sort by it).
pub fn healths(
    conn: &Connection,
    ids: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<(String, Rag)>> {
    let today = settings::today(conn, now)?;
    ids.iter()
        .map(|id| Ok((id.clone(), project_health_on(conn, id, &today)?.rag)))
        .collect()
}
