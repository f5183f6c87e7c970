//! Reminders while the app runs: at start, one summary notification of what came due since the last check; then,
//! every minute, one notification per new reminder. Kinds switched off in Settings are left out (see
//! `services::reminders`). Each is also shown in the window (`ReminderRaised`) with a button that opens the item.
//!
//! Test hook: with `LIAISON_DESK_REMINDER_LOG` set to a file, each notification is also appended to it as one JSON
//! line (title, body, path), so an end-to-end test can see that a reminder was raised without an OS popup.

use crate::app::state::AppState;
use crate::services::reminders::{self, Notice};
use crate::store::Db;
use chrono::Utc;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

pub const LOG_ENV: &str = "LIAISON_DESK_REMINDER_LOG";
const POLL: Duration = Duration::from_secs(60);
/// The first look waits for the window, so the summary does not race the first screen.
const FIRST: Duration = Duration::from_secs(3);
/// A first start (no check recorded) looks back one day for its summary.
const FIRST_LOOK_BACK: chrono::Duration = chrono::Duration::days(1);

fn raise<R: Runtime>(app: &AppHandle<R>, n: &Notice) {
    if let Ok(path) = std::env::var(LOG_ENV) {
        let line = serde_json::to_string(n).unwrap_or_default();
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| writeln!(f, "{line}"));
        if let Err(e) = written {
            tracing::warn!(error = %e, path, "cannot write the reminder log");
        }
    }
    tracing::info!(title = %n.title, path = %n.path, "reminder raised");
    let shown = crate::app::events::ReminderRaised {
        title: n.title.clone(),
        body: n.body.clone(),
        path: n.path.clone(),
    };
    if let Err(e) = shown.emit(app) {
        tracing::warn!(error = %e, "cannot send ReminderRaised");
    }
    if let Err(e) = app
        .notification()
        .builder()
        .title(&n.title)
        .body(&n.body)
        .show()
    {
        tracing::warn!(error = %e, "cannot show a notification");
    }
}

/// One check: the reminders that came due since the last one, as one summary (`catch_up`) or one each.
fn check<R: Runtime>(app: &AppHandle<R>, db: &Db, catch_up: bool) -> crate::error::Result<()> {
    let now = Utc::now();
    let (lang, list) = db.write(|c| {
        let since = reminders::last_checked(c)?.unwrap_or(now - FIRST_LOOK_BACK);
        let list = reminders::due(c, since.min(now), now)?;
        reminders::mark_checked(c, now)?;
        Ok((reminders::language(c)?, list))
    })?;
    if catch_up {
        if let Some(n) = reminders::summary(lang, &list) {
            raise(app, &n);
        }
    } else {
        for r in &list {
            raise(app, &reminders::notice(lang, r));
        }
    }
    Ok(())
}

/// Whether the start found the database damaged and the user has not chosen yet: nothing may be written then.
fn in_recovery<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<AppState>()
        .is_none_or(|s| s.recovery.lock().map_or(true, |r| r.is_some()))
}

pub fn schedule<R: Runtime>(app: AppHandle<R>, db: Arc<Db>) {
    let spawned = std::thread::Builder::new()
        .name("reminders".into())
        .spawn(move || {
            std::thread::sleep(FIRST);
            let mut catch_up = true;
            loop {
                // The summary waits until a restore or salvage has given the app its data.
                if !in_recovery(&app) {
                    if let Err(e) = check(&app, &db, catch_up) {
                        tracing::error!(error = %e, "cannot check reminders");
                    }
                    catch_up = false;
                }
                std::thread::sleep(POLL);
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start the reminders thread");
    }
}
