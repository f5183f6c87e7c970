//! SQL for a project's plan: milestones, task parents and dependencies, risks and their reviews, budget lines, the
//! health override, and the summaries kept with status reports.

use super::{deleted_refs, insert_row, parse_enum, rows, update_row};
use crate::domain::{
    new_id, now, risk_level, risk_score, BudgetLine, BudgetLineInput, HealthOverride, Milestone,
    MilestoneInput, MilestoneStatus, Minor, Rag, Risk, RiskInput, RiskReview, RiskReviewInput,
    RiskStatus, RiskTask, TaskStatus,
};
use crate::error::{AppError, Result};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};
use std::collections::HashMap;

// ---- Milestones

const MILESTONE_COLUMNS: &str = "m.id, m.project_id, m.title, m.target_date, m.status, m.done_on, \
    (SELECT count(*) FROM tasks t WHERE t.milestone_id = m.id AND t.deleted_at IS NULL), \
    (SELECT count(*) FROM tasks t WHERE t.milestone_id = m.id AND t.deleted_at IS NULL \
        AND t.status IN ('todo', 'in_progress', 'blocked')), \
    (SELECT max(t.due_date) FROM tasks t WHERE t.milestone_id = m.id AND t.deleted_at IS NULL \
        AND t.status IN ('todo', 'in_progress', 'blocked') AND t.due_date > m.target_date), \
    m.created_at, m.updated_at";

fn milestone_row(r: &Row) -> rusqlite::Result<Milestone> {
    Ok(Milestone {
        id: r.get(0)?,
        project_id: r.get(1)?,
        title: r.get(2)?,
        target_date: r.get(3)?,
        status: parse_enum(4, r.get(4)?, MilestoneStatus::parse)?,
        done_on: r.get(5)?,
        task_count: r.get(6)?,
        open_task_count: r.get(7)?,
        latest_open_due: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

const MILESTONE_FIELDS: &str = "title, target_date, status, done_on";

fn milestone_values(input: &MilestoneInput) -> Vec<Value> {
    vec![
        input.title.clone().into(),
        input.target_date.clone().into(),
        input.status.as_str().to_string().into(),
        input.done_on.clone().into(),
    ]
}

pub fn insert_milestone(
    conn: &Connection,
    project_id: &str,
    input: &MilestoneInput,
) -> Result<String> {
    let id = new_id();
    let mut v = milestone_values(input);
    v.push(project_id.to_string().into());
    insert_row(
        conn,
        "milestones",
        &format!("{MILESTONE_FIELDS}, project_id"),
        &id,
        v,
    )?;
    Ok(id)
}

pub fn update_milestone(conn: &Connection, id: &str, input: &MilestoneInput) -> Result<()> {
    update_row(
        conn,
        "milestones",
        "milestone",
        MILESTONE_FIELDS,
        id,
        milestone_values(input),
    )
}

pub fn milestone(conn: &Connection, id: &str) -> Result<Milestone> {
    conn.prepare_cached(&format!(
        "SELECT {MILESTONE_COLUMNS} FROM milestones m WHERE m.id = ?1 AND m.deleted_at IS NULL"
    ))?
    .query_row([id], milestone_row)
    .optional()?
    .ok_or_else(|| AppError::not_found("milestone", id))
}

/// A project's live milestones by target date.
pub fn milestones(conn: &Connection, project_id: &str) -> Result<Vec<Milestone>> {
    rows(
        conn,
        &format!(
            "SELECT {MILESTONE_COLUMNS} FROM milestones m WHERE m.project_id = ?1 AND m.deleted_at IS NULL \
             ORDER BY m.target_date, m.id"
        ),
        [project_id],
        milestone_row,
    )
}

// ---- Task parents, milestones, board moves

pub fn set_task_plan(
    conn: &Connection,
    id: &str,
    parent_id: Option<&str>,
    milestone_id: Option<&str>,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE tasks SET parent_id = ?2, milestone_id = ?3, updated_at = ?4 WHERE id = ?1 AND deleted_at IS NULL",
        (id, parent_id, milestone_id, now()),
    )?;
    if n == 0 {
        return Err(AppError::not_found("task", id));
    }
    Ok(())
}

/// Every live task's parent, for the loop check.
pub fn parents(conn: &Connection) -> Result<HashMap<String, String>> {
    Ok(rows(
        conn,
        "SELECT id, parent_id FROM tasks WHERE parent_id IS NOT NULL AND deleted_at IS NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?
    .into_iter()
    .collect())
}

/// A project's live tasks as (id, parent, sort key), to place a new subtask after its parent's family.
pub fn project_order(
    conn: &Connection,
    project_id: &str,
) -> Result<Vec<(String, Option<String>, f64)>> {
    rows(
        conn,
        "SELECT id, parent_id, sort_key FROM tasks WHERE project_id = ?1 AND deleted_at IS NULL",
        [project_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

pub fn set_sort_key(conn: &Connection, id: &str, sort_key: f64) -> Result<()> {
    conn.execute(
        "UPDATE tasks SET sort_key = ?2 WHERE id = ?1 AND deleted_at IS NULL",
        (id, sort_key),
    )?;
    Ok(())
}

/// A board move: the task's status and its place in the manual order.
pub fn move_task(conn: &Connection, id: &str, status: &str, sort_key: f64) -> Result<()> {
    let n = conn.execute(
        "UPDATE tasks SET status = ?2, sort_key = ?3, updated_at = ?4 WHERE id = ?1 AND deleted_at IS NULL",
        (id, status, sort_key, now()),
    )?;
    if n == 0 {
        return Err(AppError::not_found("task", id));
    }
    Ok(())
}

// ---- Dependencies

/// Every live dependency as (predecessor, successor), for the loop check.
pub fn edges(conn: &Connection) -> Result<Vec<(String, String)>> {
    rows(
        conn,
        "SELECT predecessor_id, successor_id FROM task_dependencies WHERE deleted_at IS NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The live predecessors of a task.
pub fn predecessors(conn: &Connection, succ: &str) -> Result<Vec<String>> {
    rows(
        conn,
        "SELECT predecessor_id FROM task_dependencies WHERE successor_id = ?1 AND deleted_at IS NULL",
        [succ],
        |r| r.get(0),
    )
}

pub fn add_dependency(conn: &Connection, pred: &str, succ: &str) -> Result<()> {
    let t = now();
    conn.execute(
        "INSERT INTO task_dependencies (predecessor_id, successor_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT DO UPDATE SET deleted_at = NULL, updated_at = excluded.updated_at",
        (pred, succ, &t),
    )?;
    Ok(())
}

pub fn remove_dependency(conn: &Connection, pred: &str, succ: &str) -> Result<()> {
    let n = conn.execute(
        "UPDATE task_dependencies SET deleted_at = ?3, updated_at = ?3
         WHERE predecessor_id = ?1 AND successor_id = ?2 AND deleted_at IS NULL",
        (pred, succ, now()),
    )?;
    if n == 0 {
        return Err(AppError::not_found("dependency", &format!("{pred}→{succ}")));
    }
    Ok(())
}

/// One side of a dependency with what the schedule check needs (stored values; the service localizes instants).
#[derive(Debug, Clone)]
pub struct DepTask {
    pub id: String,
    pub title: String,
    pub status: String,
    pub due_date: Option<String>,
    pub scheduled_start: Option<String>,
    pub scheduled_end: Option<String>,
    pub deleted: bool,
}

/// The dependencies touching a project's tasks, with both tasks (deleted ones included, marked).
pub fn project_dependencies(
    conn: &Connection,
    project_id: &str,
) -> Result<Vec<(DepTask, DepTask)>> {
    let side = |r: &Row, at: usize| -> rusqlite::Result<DepTask> {
        Ok(DepTask {
            id: r.get(at)?,
            title: r.get(at + 1)?,
            status: r.get(at + 2)?,
            due_date: r.get(at + 3)?,
            scheduled_start: r.get(at + 4)?,
            scheduled_end: r.get(at + 5)?,
            deleted: r.get(at + 6)?,
        })
    };
    rows(
        conn,
        "SELECT a.id, a.title, a.status, a.due_date, a.scheduled_start, a.scheduled_end, a.deleted_at IS NOT NULL,
                b.id, b.title, b.status, b.due_date, b.scheduled_start, b.scheduled_end, b.deleted_at IS NOT NULL
         FROM task_dependencies d JOIN tasks a ON a.id = d.predecessor_id JOIN tasks b ON b.id = d.successor_id
         WHERE d.deleted_at IS NULL AND (a.project_id = ?1 OR b.project_id = ?1)
         ORDER BY b.sort_key, a.sort_key",
        [project_id],
        |r| Ok((side(r, 0)?, side(r, 7)?)),
    )
}

// ---- Risks

const RISK_COLUMNS: &str = "r.id, r.project_id, r.title, r.description, r.probability, r.impact, r.owner_contact_id, \
    c.name, r.mitigation, r.due_date, r.status, r.created_at, r.updated_at, c.deleted_at IS NOT NULL";

fn risk_row(r: &Row) -> rusqlite::Result<Risk> {
    let probability: i32 = r.get(4)?;
    let impact: i32 = r.get(5)?;
    let score = risk_score(probability, impact);
    Ok(Risk {
        id: r.get(0)?,
        project_id: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        probability,
        impact,
        score,
        level: risk_level(score),
        owner_contact_id: r.get(6)?,
        owner_name: r.get(7)?,
        mitigation: r.get(8)?,
        due_date: r.get(9)?,
        status: parse_enum(10, r.get(10)?, RiskStatus::parse)?,
        reviews: Vec::new(),
        flagged: false,
        tasks: Vec::new(),
        deleted_refs: deleted_refs(r, &[("owner_contact_id", 13)])?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

const RISK_FIELDS: &str =
    "title, description, probability, impact, owner_contact_id, mitigation, due_date, status";

fn risk_values(input: &RiskInput) -> Vec<Value> {
    vec![
        input.title.clone().into(),
        input.description.clone().into(),
        input.probability.into(),
        input.impact.into(),
        input.owner_contact_id.clone().into(),
        input.mitigation.clone().into(),
        input.due_date.clone().into(),
        input.status.as_str().to_string().into(),
    ]
}

pub fn insert_risk(conn: &Connection, project_id: &str, input: &RiskInput) -> Result<String> {
    let id = new_id();
    let mut v = risk_values(input);
    v.push(project_id.to_string().into());
    insert_row(conn, "risks", &format!("{RISK_FIELDS}, project_id"), &id, v)?;
    Ok(id)
}

pub fn update_risk(conn: &Connection, id: &str, input: &RiskInput) -> Result<()> {
    update_row(conn, "risks", "risk", RISK_FIELDS, id, risk_values(input))
}

fn with_reviews(conn: &Connection, mut list: Vec<Risk>) -> Result<Vec<Risk>> {
    for r in &mut list {
        r.reviews = reviews(conn, &r.id)?;
        r.flagged = crate::domain::flagged(r.status, &r.reviews);
        r.tasks = linked_tasks(conn, "l.risk_id = ?1", &r.id)?
            .into_iter()
            .map(|(_, t)| t)
            .collect();
    }
    Ok(list)
}

/// Linked tasks as (risk id, task) for the risks matching `cond` (on `l`, the link, or `r`, the risk), by title.
fn linked_tasks(conn: &Connection, cond: &str, param: &str) -> Result<Vec<(String, RiskTask)>> {
    rows(
        conn,
        &format!(
            "SELECT l.risk_id, t.id, t.title, t.status, t.deleted_at IS NOT NULL
             FROM risk_tasks l JOIN tasks t ON t.id = l.task_id JOIN risks r ON r.id = l.risk_id
             WHERE {cond} AND l.deleted_at IS NULL ORDER BY t.title, t.id"
        ),
        [param],
        |r| {
            Ok((
                r.get(0)?,
                RiskTask {
                    id: r.get(1)?,
                    title: r.get(2)?,
                    status: parse_enum(3, r.get(3)?, TaskStatus::parse)?,
                    deleted: r.get(4)?,
                },
            ))
        },
    )
}

/// Makes `ids` the risk's linked tasks: links not in it are soft-deleted, new ones added (or revived).
pub fn set_risk_tasks(conn: &Connection, risk_id: &str, ids: &[String]) -> Result<()> {
    let t = now();
    let had: Vec<String> = rows(
        conn,
        "SELECT task_id FROM risk_tasks WHERE risk_id = ?1 AND deleted_at IS NULL",
        [risk_id],
        |r| r.get(0),
    )?;
    for gone in had.iter().filter(|id| !ids.contains(id)) {
        conn.execute(
            "UPDATE risk_tasks SET deleted_at = ?3, updated_at = ?3 WHERE risk_id = ?1 AND task_id = ?2",
            (risk_id, gone, &t),
        )?;
    }
    for new in ids.iter().filter(|id| !had.contains(id)) {
        conn.execute(
            "INSERT INTO risk_tasks (risk_id, task_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT DO UPDATE SET deleted_at = NULL, updated_at = excluded.updated_at",
            (risk_id, new, &t),
        )?;
    }
    Ok(())
}

pub fn risk(conn: &Connection, id: &str) -> Result<Risk> {
    let r = conn
        .prepare_cached(&format!(
            "SELECT {RISK_COLUMNS} FROM risks r LEFT JOIN contacts c ON c.id = r.owner_contact_id
             WHERE r.id = ?1 AND r.deleted_at IS NULL"
        ))?
        .query_row([id], risk_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("risk", id))?;
    Ok(with_reviews(conn, vec![r])?.remove(0))
}

/// A project's live risks, highest score first, with their reviews (read in one query for all of them).
pub fn risks(conn: &Connection, project_id: &str) -> Result<Vec<Risk>> {
    let mut list = rows(
        conn,
        &format!(
            "SELECT {RISK_COLUMNS} FROM risks r LEFT JOIN contacts c ON c.id = r.owner_contact_id
             WHERE r.project_id = ?1 AND r.deleted_at IS NULL
             ORDER BY r.probability * r.impact DESC, r.created_at, r.id"
        ),
        [project_id],
        risk_row,
    )?;
    let mut by_risk: HashMap<String, Vec<RiskReview>> = HashMap::new();
    for (risk_id, review) in rows(
        conn,
        "SELECT v.risk_id, v.id, v.reviewed_on, v.probability, v.impact, v.note FROM risk_reviews v
         JOIN risks r ON r.id = v.risk_id
         WHERE r.project_id = ?1 AND r.deleted_at IS NULL AND v.deleted_at IS NULL
         ORDER BY v.risk_id, v.reviewed_on, v.created_at, v.id",
        [project_id],
        |r| Ok((r.get::<_, String>(0)?, review_row(r, 1)?)),
    )? {
        by_risk.entry(risk_id).or_default().push(review);
    }
    let mut links: HashMap<String, Vec<RiskTask>> = HashMap::new();
    for (risk_id, task) in linked_tasks(
        conn,
        "r.project_id = ?1 AND r.deleted_at IS NULL",
        project_id,
    )? {
        links.entry(risk_id).or_default().push(task);
    }
    for r in &mut list {
        r.reviews = by_risk.remove(&r.id).unwrap_or_default();
        r.flagged = crate::domain::flagged(r.status, &r.reviews);
        r.tasks = links.remove(&r.id).unwrap_or_default();
    }
    Ok(list)
}

/// Risks not closed, of live projects, due on or before `until`, earliest first, with their project's name.
pub fn risks_due(conn: &Connection, until: &str) -> Result<Vec<(Risk, String)>> {
    rows(
        conn,
        &format!(
            "SELECT {RISK_COLUMNS}, p.name FROM risks r LEFT JOIN contacts c ON c.id = r.owner_contact_id
             JOIN projects p ON p.id = r.project_id
             WHERE r.deleted_at IS NULL AND p.deleted_at IS NULL AND r.status != 'closed'
               AND r.due_date IS NOT NULL AND r.due_date <= ?1
             ORDER BY r.due_date, r.probability * r.impact DESC, r.id"
        ),
        [until],
        |r| Ok((risk_row(r)?, r.get(14)?)),
    )
}

/// A review from the columns (id, reviewed_on, probability, impact, note) starting at `at`.
fn review_row(r: &Row, at: usize) -> rusqlite::Result<RiskReview> {
    let probability: i32 = r.get(at + 2)?;
    let impact: i32 = r.get(at + 3)?;
    Ok(RiskReview {
        id: r.get(at)?,
        reviewed_on: r.get(at + 1)?,
        probability,
        impact,
        score: risk_score(probability, impact),
        note: r.get(at + 4)?,
    })
}

fn reviews(conn: &Connection, risk_id: &str) -> Result<Vec<RiskReview>> {
    rows(
        conn,
        "SELECT id, reviewed_on, probability, impact, note FROM risk_reviews
         WHERE risk_id = ?1 AND deleted_at IS NULL ORDER BY reviewed_on, created_at, id",
        [risk_id],
        |r| review_row(r, 0),
    )
}

/// Records a review and takes its scores as the risk's current ones (and its next due date, when it sets one).
pub fn add_review(conn: &Connection, risk_id: &str, input: &RiskReviewInput) -> Result<()> {
    insert_row(
        conn,
        "risk_reviews",
        "risk_id, reviewed_on, probability, impact, note",
        &new_id(),
        vec![
            risk_id.to_string().into(),
            input.reviewed_on.clone().into(),
            input.probability.into(),
            input.impact.into(),
            input.note.clone().into(),
        ],
    )?;
    let n = conn.execute(
        "UPDATE risks SET probability = ?2, impact = ?3, due_date = ifnull(?5, due_date), updated_at = ?4
         WHERE id = ?1 AND deleted_at IS NULL",
        (
            risk_id,
            input.probability,
            input.impact,
            now(),
            input.next_due.as_deref(),
        ),
    )?;
    if n == 0 {
        return Err(AppError::not_found("risk", risk_id));
    }
    Ok(())
}

// ---- Budget lines

const BUDGET_COLUMNS: &str =
    "b.id, b.project_id, b.category, b.description, b.planned, b.actual, b.currency, b.spent_on, b.created_at, b.updated_at";

fn budget_row(r: &Row) -> rusqlite::Result<BudgetLine> {
    Ok(BudgetLine {
        id: r.get(0)?,
        project_id: r.get(1)?,
        category: r.get(2)?,
        description: r.get(3)?,
        planned: Minor(r.get(4)?),
        actual: Minor(r.get(5)?),
        currency: r.get(6)?,
        spent_on: r.get(7)?,
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
    })
}

const BUDGET_FIELDS: &str = "category, description, planned, actual, currency, spent_on";

fn budget_values(input: &BudgetLineInput) -> Vec<Value> {
    vec![
        input.category.clone().into(),
        input.description.clone().into(),
        input.planned.0.into(),
        input.actual.0.into(),
        input.currency.clone().into(),
        input.spent_on.clone().into(),
    ]
}

pub fn insert_line(conn: &Connection, project_id: &str, input: &BudgetLineInput) -> Result<String> {
    let id = new_id();
    let mut v = budget_values(input);
    v.push(project_id.to_string().into());
    insert_row(
        conn,
        "budget_lines",
        &format!("{BUDGET_FIELDS}, project_id"),
        &id,
        v,
    )?;
    Ok(id)
}

pub fn update_line(conn: &Connection, id: &str, input: &BudgetLineInput) -> Result<()> {
    update_row(
        conn,
        "budget_lines",
        "budget_line",
        BUDGET_FIELDS,
        id,
        budget_values(input),
    )
}

pub fn line(conn: &Connection, id: &str) -> Result<BudgetLine> {
    conn.prepare_cached(&format!(
        "SELECT {BUDGET_COLUMNS} FROM budget_lines b WHERE b.id = ?1 AND b.deleted_at IS NULL"
    ))?
    .query_row([id], budget_row)
    .optional()?
    .ok_or_else(|| AppError::not_found("budget_line", id))
}

/// A project's live budget lines by spend date (undated last), then category.
pub fn lines(conn: &Connection, project_id: &str) -> Result<Vec<BudgetLine>> {
    rows(
        conn,
        &format!(
            "SELECT {BUDGET_COLUMNS} FROM budget_lines b WHERE b.project_id = ?1 AND b.deleted_at IS NULL \
             ORDER BY b.spent_on IS NULL, b.spent_on, b.category, b.id"
        ),
        [project_id],
        budget_row,
    )
}

// ---- Health override

pub fn health_override(conn: &Connection, project_id: &str) -> Result<Option<HealthOverride>> {
    let row: Option<(Option<String>, Option<String>, Option<String>)> = conn
        .prepare_cached(
            "SELECT health_override, health_override_comment, health_override_until FROM projects
             WHERE id = ?1",
        )?
        .query_row([project_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (rag, comment, until) = row.ok_or_else(|| AppError::not_found("project", project_id))?;
    Ok(match (rag.as_deref().and_then(Rag::parse), until) {
        (Some(rag), Some(until)) => Some(HealthOverride {
            rag,
            comment: comment.unwrap_or_default(),
            until,
        }),
        _ => None,
    })
}

pub fn set_health_override(
    conn: &Connection,
    project_id: &str,
    o: Option<&HealthOverride>,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE projects SET health_override = ?2, health_override_comment = ?3, health_override_until = ?4,
             updated_at = ?5 WHERE id = ?1 AND deleted_at IS NULL",
        (
            project_id,
            o.map(|o| o.rag.as_str()),
            o.map(|o| o.comment.as_str()),
            o.map(|o| o.until.as_str()),
            now(),
        ),
    )?;
    if n == 0 {
        return Err(AppError::not_found("project", project_id));
    }
    Ok(())
}

// ---- Report summaries

pub fn report_summary(
    conn: &Connection,
    scope: &str,
    scope_id: &str,
    week: &str,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT summary FROM status_reports WHERE scope = ?1 AND scope_id = ?2 AND week = ?3 AND deleted_at IS NULL",
        )?
        .query_row((scope, scope_id, week), |r| r.get(0))
        .optional()?)
}

pub fn save_report_summary(
    conn: &Connection,
    scope: &str,
    scope_id: &str,
    week: &str,
    summary: &str,
) -> Result<()> {
    let t = now();
    conn.execute(
        "INSERT INTO status_reports (id, scope, scope_id, week, summary, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (scope, scope_id, week) DO UPDATE SET summary = excluded.summary,
             updated_at = excluded.updated_at, deleted_at = NULL",
        (new_id(), scope, scope_id, week, summary, &t),
    )?;
    Ok(())
}
