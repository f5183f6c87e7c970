//! Importing contacts from a CSV or vCard file the user picks, and exporting the directory to one they name.

use crate::app::dialogs::SaveDialog;
use crate::app::state::AppState;
use crate::error::Result;
use crate::export::summary::Lang;
use crate::import::CardFormat;
use crate::services::contacts_io::{self, ImportOptions, ImportReport};
use tauri::{AppHandle, Runtime, State};

/// Asks for a .csv or .vcf file and keeps it for `contacts_import_preview` and `contacts_import`; returns its
/// name, or None when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn contacts_import_pick<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: String,
    filter_name: String,
) -> Result<Option<String>> {
    let picked = state
        .picker
        .open_file(&app, title, filter_name, &["csv", "vcf", "vcard", "txt"])
        .await?;
    let name = picked.as_ref().map(|p| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    });
    if picked.is_some() {
        *state.import_pick.lock().unwrap_or_else(|e| e.into_inner()) = picked;
    }
    Ok(name)
}

/// What importing the picked file would do, row by row, with the column mapping; nothing is written.
#[tauri::command]
#[specta::specta]
pub async fn contacts_import_preview(
    state: State<'_, AppState>,
    options: ImportOptions,
) -> Result<ImportReport> {
    let path = state.picked_import()?;
    state
        .read(move |c| contacts_io::import_file(c, &path, &options, false))
        .await
}

/// Imports the picked file in one transaction: all of it, or nothing.
#[tauri::command]
#[specta::specta]
pub async fn contacts_import(
    state: State<'_, AppState>,
    options: ImportOptions,
) -> Result<ImportReport> {
    let path = state.picked_import()?;
    state
        .write(move |tx| contacts_io::import_file(tx, &path, &options, true))
        .await
}

/// Writes every organization and contact as vCard 4.0 or CSV (headers in `lang`) where the user chooses; None
/// when they cancelled.
#[tauri::command]
#[specta::specta]
pub async fn contacts_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: CardFormat,
    lang: Lang,
    dialog: SaveDialog,
) -> Result<Option<String>> {
    let ext = match format {
        CardFormat::Csv => "csv",
        CardFormat::Vcf => "vcf",
    };
    let start = state.export_folder(&app).await;
    let Some(path) = state.picker.save_file(&app, dialog, ext, start).await? else {
        return Ok(None);
    };
    let written = path.clone();
    state
        .read(move |c| contacts_io::export_file(c, format, lang, &path))
        .await?;
    state.exported(std::slice::from_ref(&written)).await?;
    Ok(Some(written.display().to_string()))
}
