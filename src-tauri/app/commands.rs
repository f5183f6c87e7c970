//! Tauri commands: unpack, call a service inside `read` / `write`, return. No logic lives here.

pub mod commitments;
pub mod crud;
pub mod data;
pub mod directory_io;
pub mod minutes;
pub mod planner;
pub mod relationships;
pub mod search;
pub mod series;
pub mod system;

/// Commands generic over the runtime are named with `tauri::Wry` for their TypeScript signature only; the handler
/// runs them on whichever runtime the builder has (the mock one in tests).
pub fn all<R: tauri::Runtime>() -> tauri_specta::Commands<R> {
    use commitments::*;
    use crud::*;
    use data::*;
    use directory_io::*;
    use minutes::*;
    use planner::*;
    use relationships::*;
    use search::*;
    use series::*;
    use system::*;
    tauri_specta::collect_commands![
        organization_create,
        organization_get,
        organization_update,
        organization_delete,
        organization_delete_with_contacts,
        organization_restore,
        organization_list,
        contact_create,
        contact_get,
        contact_update,
        contact_delete,
        contact_restore,
        contact_list,
        contacts_import_pick::<tauri::Wry>,
        contacts_import_preview,
        contacts_import,
        contacts_export::<tauri::Wry>,
        interaction_log,
        interaction_update,
        interaction_get,
        interaction_delete,
        interaction_restore,
        meeting_log_interaction,
        timeline,
        cadence_get,
        cadence_set,
        cadence_snooze,
        losing_touch,
        commitment_create,
        commitment_update,
        commitment_set_status,
        commitment_list,
        commitment_delete,
        commitment_restore,
        commitment_from_decision,
        commitment_from_task,
        project_create,
        project_get,
        project_update,
        project_delete,
        project_restore,
        project_list,
        task_create,
        task_get,
        task_update,
        task_delete,
        task_restore,
        task_list,
        meeting_create,
        meeting_get,
        meeting_update,
        meeting_delete,
        meeting_restore,
        meeting_list,
        references_to,
        meeting_series_preview,
        meeting_series_save,
        dashboard_summary,
        demo_load,
        settings_get,
        settings_set,
        app_info,
        planner_range,
        planner_backlog,
        planner_apply,
        planner_undo,
        planner_redo,
        planner_history,
        planner_free_slot,
        planner_workload,
        planner_export_ics::<tauri::Wry>,
        meeting_set_notes,
        agenda_item_create,
        agenda_item_update,
        agenda_item_move,
        agenda_item_delete,
        agenda_item_restore,
        attendance_set,
        decision_create,
        decision_update,
        decision_delete,
        decision_restore,
        decision_search,
        template_list,
        template_create,
        template_delete,
        meeting_brief,
        meeting_parties,
        meeting_export::<tauri::Wry>,
        meeting_export_follow_ups::<tauri::Wry>,
        meetings_export_batch::<tauri::Wry>,
        export_cancel,
        search_all,
        export_open::<tauri::Wry>,
        export_reveal::<tauri::Wry>,
        window_close_taken,
        window_close::<tauri::Wry>,
        data_overview,
        backup_now,
        backup_restore,
        backup_restore_file::<tauri::Wry>,
        data_folder_open,
        data_export_all::<tauri::Wry>,
        data_import_all::<tauri::Wry>,
        backup_folder_choose::<tauri::Wry>,
        backup_keep_set,
        recovery_status,
        recovery_restore,
        recovery_salvage,
        recovery_dismiss,
    ]
}
