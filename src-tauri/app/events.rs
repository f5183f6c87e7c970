use crate::store::watch::Watcher;
use crate::store::Db;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

/// Tells the UI about writes it did not start itself (another process such as the CLI; later sync, import and
/// reminders), so it can refresh the named entity. `entity` is "organization", "contact", "project", "task",
/// "meeting", "template", "settings" or "all"; `ids` names the changed records when they are few and known (empty:
/// any record of the entity).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct DataChanged {
    pub entity: String,
    pub ids: Vec<String>,
}

/// A reminder was raised (see `app::reminders`): the window shows it too, with an Open button to `path`, for when
/// the desktop notification has gone or the notification server does not report clicks.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct ReminderRaised {
    pub title: String,
    pub body: String,
    pub path: String,
}

/// The user clicked a reminder's desktop notification: the window comes to the front and opens `path`.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct ReminderOpened {
    pub path: String,
}

/// The user asked to close the window. The UI answers `window_close_taken` at once, saves what is pending (or
/// asks about unsaved forms), then calls `window_close`.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct CloseRequested;

/// How often the database is checked for writes by other processes. A check that finds none is one pragma, and
/// the UI promises a refresh within 2 s.
const OUTSIDE_WRITES_POLL: Duration = Duration::from_millis(400);

/// Watches for writes by other processes on a background thread (never the main thread) and sends a
/// `DataChanged` for each entity they touched. The thread ends when the app does.
pub fn watch_outside_writes<R: Runtime>(app: AppHandle<R>, db: Arc<Db>) {
    let spawned = std::thread::Builder::new()
        .name("outside-writes".into())
        .spawn(move || {
            let mut watcher = match Watcher::new(&db) {
                Ok(w) => w,
                Err(e) => {
                    tracing::error!(error = %e, "cannot watch the database for outside writes");
                    return;
                }
            };
            loop {
                std::thread::sleep(OUTSIDE_WRITES_POLL);
                match watcher.poll(&db) {
                    Ok(changes) => {
                        for c in changes {
                            tracing::info!(entity = %c.entity, ids = c.ids.len(), "changed outside the app");
                            let event = DataChanged {
                                entity: c.entity,
                                ids: c.ids,
                            };
                            if let Err(e) = event.emit(&app) {
                                tracing::warn!(error = %e, "cannot send DataChanged");
                            }
                        }
                    }
                    // A busy or briefly locked database is retried on the next tick.
                    Err(e) => tracing::warn!(error = %e, "checking for outside writes failed"),
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start the outside-writes watcher");
    }
}
