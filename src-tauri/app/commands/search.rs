//! The one search over everything (see `crate::search`).

use crate::app::state::AppState;
use crate::error::Result;
use crate::search::{self, Hit};
use tauri::State;

/// Results best first; `kind` narrows to one type ("organization", "contact", "project", "task", "meeting",
/// "decision"). Any text is a valid query.
#[tauri::command]
#[specta::specta]
pub async fn search_all(
    state: State<'_, AppState>,
    query: String,
    kind: Option<String>,
    limit: Option<u32>,
) -> Result<Vec<Hit>> {
    state
        .read(move |c| search::search(c, &query, kind.as_deref(), limit.unwrap_or(30)))
        .await
}
