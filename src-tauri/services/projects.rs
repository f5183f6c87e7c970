//! Projects and their tasks.

use crate::domain::{
    Entity, Page, Project, ProjectInput, ProjectOrganizationInput, ProjectQuery, ProjectSort, Rag,
    Task, TaskInput, TaskQuery, TaskScope, DEFAULT_PAGE, MAX_PAGE,
};
use crate::error::{AppError, Result};
use crate::store::{check_ref, check_refs, projects, tasks};
use rusqlite::Connection;

const DEPARTMENT: &str = "kind = 'department'";

/// The input validated, with every id it refers to checked: new references must be live, the ones the project
/// `had` may be deleted.
fn checked_project(
    conn: &Connection,
    input: ProjectInput,
    had: Option<&Project>,
) -> Result<ProjectInput> {
    let input = input.validate()?;
    check_ref(
        conn,
        "organizations",
        DEPARTMENT,
        "owner_department_id",
        input.owner_department_id.as_deref(),
        had.and_then(|p| p.owner_department_id.as_deref()),
    )?;
    let ids: Vec<String> = input
        .organizations
        .iter()
        .map(|o| o.organization_id.clone())
        .collect();
    let kept: Vec<String> = had
        .map(|p| {
            p.organizations
                .iter()
                .map(|o| o.organization_id.clone())
                .collect()
        })
        .unwrap_or_default();
    check_refs(conn, "organizations", "organizations", &ids, &kept)?;
    Ok(input)
}

pub fn create_project(conn: &Connection, input: ProjectInput) -> Result<Project> {
    let input = checked_project(conn, input, None)?;
    let id = projects::insert(conn, &input)?;
    projects::get(conn, &id)
}

pub fn get_project(conn: &Connection, id: &str) -> Result<Project> {
    projects::get(conn, id)
}

pub fn list_projects(conn: &Connection, q: &ProjectQuery) -> Result<Page<Project>> {
    list_projects_at(conn, q, chrono::Utc::now())
}

/// The list as of `now`. Sorted by health, every matching project's colour is computed (it depends on today, the
/// tasks, milestones, budget, risks and the override), the worst first, then by name; the cursor is the last row's
/// (rank, name, id), so paging goes on where it stopped, like the SQL sorts.
pub fn list_projects_at(
    conn: &Connection,
    q: &ProjectQuery,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Page<Project>> {
    if q.sort != Some(ProjectSort::Health) {
        return projects::list(conn, q);
    }
    let today = super::settings::today(conn, now)?;
    let mut ranked = projects::matching(conn, q)?
        .into_iter()
        .map(|(id, name)| {
            let rank = match super::plan::project_health_on(conn, &id, &today)?.rag {
                Rag::Red => 0,
                Rag::Amber => 1,
                Rag::Green => 2,
            };
            Ok((rank, name, id))
        })
        .collect::<Result<Vec<(i32, String, String)>>>()?;
    ranked.sort();
    let start = match q.cursor.as_deref() {
        Some(c) => {
            let after: (i32, String, String) =
                serde_json::from_str(c).map_err(|_| AppError::InvalidCursor)?;
            ranked.partition_point(|r| *r <= after)
        }
        None => 0,
    };
    let limit = usize::try_from(q.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE)).unwrap_or(1);
    let shown = &ranked[start..ranked.len().min(start + limit)];
    let next_cursor = match shown.last() {
        Some(last) if start + shown.len() < ranked.len() => {
            Some(serde_json::to_string(last).map_err(|_| AppError::InvalidCursor)?)
        }
        _ => None,
    };
    Ok(Page {
        items: shown
            .iter()
            .map(|(_, _, id)| projects::get(conn, id))
            .collect::<Result<_>>()?,
        next_cursor,
        total: q
            .cursor
            .is_none()
            .then(|| i32::try_from(ranked.len()).unwrap_or(i32::MAX)),
    })
}

pub fn update_project(conn: &Connection, id: &str, input: ProjectInput) -> Result<Project> {
    let had = projects::get(conn, id)?;
    let input = checked_project(conn, input, Some(&had))?;
    projects::update(conn, id, &input)?;
    projects::get(conn, id)
}

/// Links an organization to the project (or changes its role when it is linked already), through the same checks
/// as the project form: a new link must name a live organization.
pub fn link_organization(
    conn: &Connection,
    project_id: &str,
    link: ProjectOrganizationInput,
) -> Result<Project> {
    let had = live_project(conn, project_id)?;
    let mut input = had.input();
    match input
        .organizations
        .iter_mut()
        .find(|o| o.organization_id == link.organization_id)
    {
        Some(o) => o.role = link.role,
        None => input.organizations.push(link),
    }
    update_project(conn, project_id, input)
}

/// Removes an organization's link to the project (a link to an organization deleted since included).
pub fn unlink_organization(
    conn: &Connection,
    project_id: &str,
    organization_id: &str,
) -> Result<Project> {
    let had = live_project(conn, project_id)?;
    let mut input = had.input();
    input
        .organizations
        .retain(|o| o.organization_id != organization_id);
    update_project(conn, project_id, input)
}

/// The project, refused as not found when it is deleted (nothing new may be added to it).
pub fn live_project(conn: &Connection, project_id: &str) -> Result<Project> {
    let p = projects::get(conn, project_id)?;
    if p.deleted_at.is_some() {
        return Err(AppError::not_found("project", project_id));
    }
    Ok(p)
}

pub fn restore_project(conn: &Connection, id: &str) -> Result<Project> {
    super::restore(conn, Entity::Project, id)?;
    projects::get(conn, id)
}

/// The input validated, with every id it refers to checked: new references must be live, the ones the task
/// `had` may be deleted (so a task whose assignee left can still be marked done).
fn checked_task(conn: &Connection, input: TaskInput, had: Option<&Task>) -> Result<TaskInput> {
    let mut input = input.validate()?;
    // An action item of an occurrence belongs to that occurrence's row, created for it if needed.
    if let Some(m) = &input.meeting_id {
        input.meeting_id = Some(super::series::row_for_write(conn, m)?);
    }
    let kept = |f: fn(&Task) -> &Option<String>| had.and_then(|t| f(t).as_deref());
    check_ref(
        conn,
        "projects",
        "",
        "project_id",
        input.project_id.as_deref(),
        kept(|t| &t.project_id),
    )?;
    check_ref(
        conn,
        "meetings",
        "",
        "meeting_id",
        input.meeting_id.as_deref(),
        kept(|t| &t.meeting_id),
    )?;
    check_ref(
        conn,
        "contacts",
        "",
        "assignee_contact_id",
        input.assignee_contact_id.as_deref(),
        kept(|t| &t.assignee_contact_id),
    )?;
    check_ref(
        conn,
        "organizations",
        DEPARTMENT,
        "assignee_department_id",
        input.assignee_department_id.as_deref(),
        kept(|t| &t.assignee_department_id),
    )?;
    Ok(input)
}

pub fn create_task(conn: &Connection, input: TaskInput) -> Result<Task> {
    let input = checked_task(conn, input, None)?;
    let id = tasks::insert(conn, &input)?;
    tasks::get(conn, &id)
}

pub fn get_task(conn: &Connection, id: &str) -> Result<Task> {
    tasks::get(conn, id)
}

pub fn update_task(conn: &Connection, id: &str, input: TaskInput) -> Result<Task> {
    let had = tasks::get(conn, id)?;
    let input = checked_task(conn, input, Some(&had))?;
    tasks::update(conn, id, &input)?;
    tasks::get(conn, id)
}

pub fn restore_task(conn: &Connection, id: &str) -> Result<Task> {
    super::restore(conn, Entity::Task, id)?;
    tasks::get(conn, id)
}

pub fn list_tasks(conn: &Connection, q: &TaskQuery) -> Result<Page<Task>> {
    list_tasks_at(conn, q, chrono::Utc::now())
}

/// The list as of `now`: "overdue" means due before today in the user's zone, as on the dashboard.
pub fn list_tasks_at(
    conn: &Connection,
    q: &TaskQuery,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Page<Task>> {
    let today = match q.scope {
        Some(TaskScope::Overdue) => Some(super::settings::today(conn, now)?),
        _ => None,
    };
    tasks::list(conn, q, today.as_deref())
}
