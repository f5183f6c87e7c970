//! Projects and their tasks.

use crate::domain::{Entity, Page, Project, ProjectInput, Task, TaskInput, TaskQuery};
use crate::error::Result;
use crate::store::{check_ref, check_refs, projects, tasks};
use rusqlite::Connection;

const DEPARTMENT: &str = "kind = 'department'";

/// The input validated, with every id it refers to checked to exist.
fn checked_project(conn: &Connection, input: ProjectInput) -> Result<ProjectInput> {
    let input = input.validate()?;
    check_ref(
        conn,
        "organizations",
        DEPARTMENT,
        "owner_department_id",
        input.owner_department_id.as_deref(),
    )?;
    let ids: Vec<String> = input
        .organizations
        .iter()
        .map(|o| o.organization_id.clone())
        .collect();
    check_refs(conn, "organizations", "organizations", &ids)?;
    Ok(input)
}

pub fn create_project(conn: &Connection, input: ProjectInput) -> Result<Project> {
    let input = checked_project(conn, input)?;
    let id = projects::insert(conn, &input)?;
    projects::get(conn, &id)
}

pub fn update_project(conn: &Connection, id: &str, input: ProjectInput) -> Result<Project> {
    let input = checked_project(conn, input)?;
    projects::update(conn, id, &input)?;
    projects::get(conn, id)
}

pub fn restore_project(conn: &Connection, id: &str) -> Result<Project> {
    super::restore(conn, Entity::Project, id)?;
    projects::get(conn, id)
}

/// The input validated, with every id it refers to checked to exist.
fn checked_task(conn: &Connection, input: TaskInput) -> Result<TaskInput> {
    let mut input = input.validate()?;
    // An action item of an occurrence belongs to that occurrence's row, created for it if needed.
    if let Some(m) = &input.meeting_id {
        input.meeting_id = Some(super::series::row_for_write(conn, m)?);
    }
    check_ref(
        conn,
        "projects",
        "",
        "project_id",
        input.project_id.as_deref(),
    )?;
    check_ref(
        conn,
        "meetings",
        "",
        "meeting_id",
        input.meeting_id.as_deref(),
    )?;
    check_ref(
        conn,
        "contacts",
        "",
        "assignee_contact_id",
        input.assignee_contact_id.as_deref(),
    )?;
    check_ref(
        conn,
        "organizations",
        DEPARTMENT,
        "assignee_department_id",
        input.assignee_department_id.as_deref(),
    )?;
    Ok(input)
}

pub fn create_task(conn: &Connection, input: TaskInput) -> Result<Task> {
    let input = checked_task(conn, input)?;
    let id = tasks::insert(conn, &input)?;
    tasks::get(conn, &id)
}

pub fn update_task(conn: &Connection, id: &str, input: TaskInput) -> Result<Task> {
    let input = checked_task(conn, input)?;
    tasks::update(conn, id, &input)?;
    tasks::get(conn, id)
}

pub fn restore_task(conn: &Connection, id: &str) -> Result<Task> {
    super::restore(conn, Entity::Task, id)?;
    tasks::get(conn, id)
}

pub fn list_tasks(conn: &Connection, q: &TaskQuery) -> Result<Page<Task>> {
    tasks::list(conn, q)
}
