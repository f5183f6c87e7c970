//! The native save and folder dialogs, opened by the backend itself: a file is written only where the user chose
//! in one of them, so the webview can never name a path to write.

use crate::error::{AppError, Result};
use serde::Deserialize;
use specta::Type;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// Set to a folder, this answers every dialog without showing it: the save dialog with `<folder>/<suggested
/// name>`, the folder dialog with the folder. The end-to-end tests use it because WebDriver cannot click a GTK
/// dialog; only whoever starts the process can set it, never the webview.
pub const STAND_IN_ENV: &str = "LIAISON_DESK_DIALOG_STAND_IN";

/// What the save dialog shows: its title and the file name it suggests (both in the UI's language).
#[derive(Debug, Clone, Deserialize, Type)]
pub struct SaveDialog {
    pub title: String,
    pub file_name: String,
    /// The name of the file type in the dialog's filter ("PDF document").
    pub filter_name: String,
}

/// Who answers the dialogs: the user, or the stand-in folder.
#[derive(Debug, Clone)]
pub enum Picker {
    Native,
    StandIn(PathBuf),
}

impl Picker {
    pub fn from_env() -> Picker {
        match std::env::var_os(STAND_IN_ENV) {
            Some(dir) if !dir.is_empty() => Picker::StandIn(PathBuf::from(dir)),
            _ => Picker::Native,
        }
    }

    /// Asks where to save a file with extension `ext`, starting in `start`; None when the user cancelled.
    pub async fn save_file<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        ask: SaveDialog,
        ext: &str,
        start: Option<PathBuf>,
    ) -> Result<Option<PathBuf>> {
        let name = file_name(&ask.file_name, ext);
        match self {
            Picker::StandIn(dir) => Ok(Some(dir.join(name))),
            Picker::Native => {
                let (tx, rx) = tokio::sync::oneshot::channel();
                let mut dialog = app.dialog().file();
                if let Some(dir) = start {
                    dialog = dialog.set_directory(dir);
                }
                dialog
                    .set_title(ask.title)
                    .set_file_name(name)
                    .add_filter(ask.filter_name, &[ext])
                    .save_file(move |picked| {
                        let _ = tx.send(picked);
                    });
                let picked = rx.await.ok().flatten();
                picked.map(into_path).transpose()
            }
        }
    }

    /// Asks for a file to open with one of the extensions `exts`; None when the user cancelled. The stand-in
    /// answers with the first `<folder>/liaison-desk.<ext>` that exists, else the first extension's.
    pub async fn open_file<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        title: String,
        filter_name: String,
        exts: &[&str],
    ) -> Result<Option<PathBuf>> {
        match self {
            Picker::StandIn(dir) => {
                let named = |ext: &&str| dir.join(format!("liaison-desk.{ext}"));
                let found = exts.iter().map(named).find(|p| p.exists());
                Ok(found.or_else(|| exts.first().map(named)))
            }
            Picker::Native => {
                let (tx, rx) = tokio::sync::oneshot::channel();
                app.dialog()
                    .file()
                    .set_title(title)
                    .add_filter(filter_name, exts)
                    .pick_file(move |picked| {
                        let _ = tx.send(picked);
                    });
                let picked = rx.await.ok().flatten();
                picked.map(into_path).transpose()
            }
        }
    }

    /// Asks for a folder, starting in `start`; None when the user cancelled.
    pub async fn folder<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        title: String,
        start: Option<PathBuf>,
    ) -> Result<Option<PathBuf>> {
        match self {
            Picker::StandIn(dir) => Ok(Some(dir.clone())),
            Picker::Native => {
                let (tx, rx) = tokio::sync::oneshot::channel();
                let mut dialog = app.dialog().file();
                if let Some(dir) = start {
                    dialog = dialog.set_directory(dir);
                }
                dialog.set_title(title).pick_folder(move |picked| {
                    let _ = tx.send(picked);
                });
                let picked = rx.await.ok().flatten();
                picked.map(into_path).transpose()
            }
        }
    }
}

fn into_path(p: tauri_plugin_dialog::FilePath) -> Result<PathBuf> {
    p.into_path().map_err(|e| AppError::Internal {
        message: e.to_string(),
    })
}

/// The suggestion reduced to a bare file name with the format's extension: the UI proposes a name, never a place.
fn file_name(suggested: &str, ext: &str) -> String {
    let base = Path::new(suggested.trim())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .unwrap_or_else(|| "liaison-desk".to_string());
    if Path::new(&base)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
    {
        base
    } else {
        format!("{base}.{ext}")
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn a_suggested_name_cannot_point_elsewhere() {
        assert_eq!(file_name("纪要 minutes.pdf", "pdf"), "纪要 minutes.pdf");
        assert_eq!(file_name("../../etc/passwd", "md"), "passwd.md");
        assert_eq!(file_name("/tmp/x.ics", "ics"), "x.ics");
        assert_eq!(file_name("", "ics"), "liaison-desk.ics");
        assert_eq!(file_name("..", "ics"), "liaison-desk.ics");
        assert_eq!(file_name(".bashrc", "md"), "liaison-desk.md");
    }
}
