//! Reminders while the app runs: at start, one summary notification of what came due since the last check; then,
//! every minute, one notification per new reminder. Kinds switched off in Settings are left out (see
//! `services::reminders`). Each is also shown in the window (`ReminderRaised`) with a button that opens the item.
//!
//! A click on the desktop notification opens its item too: the notification carries the item's path (`extra`), and
//! the notification plugin reports the click (`tap`; on Linux through the server's `ActionInvoked` signal, for
//! servers that report clicks) to `on_tap`, which brings the window to the front and sends `ReminderOpened`.
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
use tauri_plugin_notification::{ActionPerformed, NotificationExt};
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
        .extra(PATH_KEY, &n.path)
        .show()
    {
        tracing::warn!(error = %e, "cannot show a notification");
    }
}

/// Where a notification keeps the path of its item.
const PATH_KEY: &str = "path";

/// The item a click on a notification asks for: the path of a `tap` (a click on the notification itself) on one of
/// ours. Only app paths ("/…") are followed.
pub fn tapped_path(action: &ActionPerformed) -> Option<String> {
    if action.action_id() != "tap" {
        return None;
    }
    let path = action.notification()?.extra().get(PATH_KEY)?.as_str()?;
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}

/// A click on a reminder's notification: the window comes to the front and opens the item.
fn on_tap<R: Runtime>(app: &AppHandle<R>, action: &ActionPerformed) {
    let Some(path) = tapped_path(action) else {
        return;
    };
    tracing::info!(path, "reminder notification clicked");
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    if let Err(e) = (crate::app::events::ReminderOpened { path }).emit(app) {
        tracing::warn!(error = %e, "cannot send ReminderOpened");
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
    // Registered before the first notification: only notifications shown while a handler exists report clicks.
    let handle = app.clone();
    if let Err(e) = app
        .notification()
        .on_action(move |action| on_tap(&handle, action))
    {
        tracing::warn!(error = %e, "cannot listen to notification clicks");
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What the notification plugin hands its handlers: the action and the notification as it was shown.
    fn performed(action: &str, extra: serde_json::Value) -> ActionPerformed {
        serde_json::from_value(serde_json::json!({
            "actionId": action,
            "inputValue": null,
            "notification": { "id": 3, "title": "会议提醒", "body": "10:00 周例会", "extra": extra },
        }))
        .expect("the plugin's payload")
    }

    #[test]
    fn a_click_on_a_reminder_opens_its_item() {
        let tap = performed("tap", serde_json::json!({ "path": "/meetings/0193-abc" }));
        assert_eq!(tapped_path(&tap).as_deref(), Some("/meetings/0193-abc"));
    }

    #[test]
    fn other_actions_and_foreign_notifications_open_nothing() {
        let path = serde_json::json!({ "path": "/meetings/0193-abc" });
        assert_eq!(tapped_path(&performed("dismiss", path)), None);
        assert_eq!(tapped_path(&performed("tap", serde_json::json!({}))), None);
        for odd in ["https://example.com", "//example.com/x", "meetings/1"] {
            let tap = performed("tap", serde_json::json!({ "path": odd }));
            assert_eq!(tapped_path(&tap), None, "{odd}");
        }
        let unreadable: ActionPerformed = serde_json::from_value(serde_json::json!({
            "actionId": "tap",
            "inputValue": null,
            "notification": { "id": "not a number" },
        }))
        .expect("an action without a readable notification");
        assert_eq!(tapped_path(&unreadable), None);
    }
}
