//! Closing the window without losing what was typed. The close is held back and the UI told; it saves pending
//! notes, asks about unsaved forms, then closes with `window_close`. A UI that does not answer (not loaded yet, or
//! stuck) does not keep the window open: without a reply within `UI_ANSWER` the window closes anyway.

use super::events::CloseRequested;
use super::state::AppState;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tauri::{Manager, Runtime, Window};
use tauri_specta::Event;

/// How long the UI has to say it is handling the close (`window_close_taken`). Saving may take longer; the UI
/// keeps its own deadline for that.
pub const UI_ANSWER: Duration = Duration::from_secs(2);

/// Holds back a close the user asked for and hands it to the UI.
pub fn on_close_requested<R: Runtime>(window: &Window<R>, api: &tauri::CloseRequestApi) {
    let Some(state) = window.try_state::<AppState>() else {
        return;
    };
    api.prevent_close();
    let taken = state.close_taken.clone();
    taken.store(false, Ordering::SeqCst);
    if let Err(e) = CloseRequested.emit(window.app_handle()) {
        tracing::warn!(error = %e, "cannot tell the UI about the close; closing");
        let _ = window.destroy();
        return;
    }
    let window = window.clone();
    let watchdog = std::thread::Builder::new()
        .name("close-watchdog".into())
        .spawn(move || {
            std::thread::sleep(UI_ANSWER);
            if !taken.load(Ordering::SeqCst) {
                tracing::warn!("the UI did not answer the close request in time; closing");
                let _ = window.destroy();
            }
        });
    if let Err(e) = watchdog {
        tracing::warn!(error = %e, "cannot start the close watchdog");
    }
}
