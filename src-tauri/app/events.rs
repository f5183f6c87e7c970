use serde::{Deserialize, Serialize};
use specta::Type;
use tauri_specta::Event;

/// Tells the UI about writes it did not start itself (demo data, later sync, import and reminders), so it can
/// refresh the named entity. `entity` is "organization", "contact", "project", "task", "meeting" or "all".
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct DataChanged {
    pub entity: String,
    pub ids: Vec<String>,
}
