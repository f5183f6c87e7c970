//! Create, get, update, delete, restore and list for each entity: the same six commands, so one macro.

use crate::app::state::AppState;
use crate::domain::*;
use crate::error::Result;
use crate::services::{self, directory, meetings, projects, ReferenceCount};
use tauri::State;

macro_rules! crud {
    ($entity:expr, $T:ty, $Input:ty, $Query:ty,
     $create:ident => $create_fn:path, $get:ident => $get_fn:path, $update:ident => $update_fn:path,
     $delete:ident, $restore:ident => $restore_fn:path, $list:ident => $list_fn:path) => {
        #[tauri::command]
        #[specta::specta]
        pub async fn $create(state: State<'_, AppState>, input: $Input) -> Result<$T> {
            state.write(move |c| $create_fn(c, input)).await
        }

        #[tauri::command]
        #[specta::specta]
        pub async fn $get(state: State<'_, AppState>, id: String) -> Result<$T> {
            state.read(move |c| $get_fn(c, &id)).await
        }

        #[tauri::command]
        #[specta::specta]
        pub async fn $update(state: State<'_, AppState>, id: String, input: $Input) -> Result<$T> {
            state.write(move |c| $update_fn(c, &id, input)).await
        }

        #[tauri::command]
        #[specta::specta]
        pub async fn $delete(state: State<'_, AppState>, id: String) -> Result<()> {
            state
                .write(move |c| services::delete(c, $entity, &id))
                .await
        }

        #[tauri::command]
        #[specta::specta]
        pub async fn $restore(state: State<'_, AppState>, id: String) -> Result<$T> {
            state.write(move |c| $restore_fn(c, &id)).await
        }

        #[tauri::command]
        #[specta::specta]
        pub async fn $list(state: State<'_, AppState>, query: $Query) -> Result<Page<$T>> {
            state.read(move |c| $list_fn(c, &query)).await
        }
    };
}

crud!(Entity::Organization, Organization, OrganizationInput, OrganizationQuery,
    organization_create => directory::create_organization, organization_get => directory::get_organization,
    organization_update => directory::update_organization, organization_delete,
    organization_restore => directory::restore_organization, organization_list => directory::list_organizations);

crud!(Entity::Contact, Contact, ContactInput, ContactQuery,
    contact_create => directory::create_contact, contact_get => directory::get_contact,
    contact_update => directory::update_contact, contact_delete,
    contact_restore => directory::restore_contact, contact_list => directory::list_contacts);

crud!(Entity::Project, Project, ProjectInput, ProjectQuery,
    project_create => projects::create_project, project_get => projects::get_project,
    project_update => projects::update_project, project_delete,
    project_restore => projects::restore_project, project_list => projects::list_projects);

crud!(Entity::Task, Task, TaskInput, TaskQuery,
    task_create => projects::create_task, task_get => projects::get_task,
    task_update => projects::update_task, task_delete,
    task_restore => projects::restore_task, task_list => projects::list_tasks);

crud!(Entity::Meeting, Meeting, MeetingInput, MeetingQuery,
    meeting_create => meetings::create_meeting, meeting_get => meetings::get_meeting,
    meeting_update => meetings::update_meeting, meeting_delete,
    meeting_restore => meetings::restore_meeting, meeting_list => meetings::list_meetings);

/// What still points at a record, asked before deleting it.
#[tauri::command]
#[specta::specta]
pub async fn references_to(
    state: State<'_, AppState>,
    entity: Entity,
    id: String,
) -> Result<Vec<ReferenceCount>> {
    state
        .read(move |c| services::references(c, entity, &id))
        .await
}

/// Deletes an organization together with its contacts; `organization_restore` brings all of them back.
#[tauri::command]
#[specta::specta]
pub async fn organization_delete_with_contacts(
    state: State<'_, AppState>,
    id: String,
) -> Result<()> {
    state
        .write(move |c| directory::delete_organization(c, &id, true))
        .await
}
