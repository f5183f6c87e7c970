//! Settings → Data and the recovery screen through Tauri's mock runtime: backing up, restoring a listed backup,
//! and a start on a damaged database (moved aside, then restored or salvaged).
#![cfg(feature = "desktop")]

mod common;

use common::rows_in;
use liaison_desk::app::dialogs::Picker;
use liaison_desk::app::{install, state::AppState};
use liaison_desk::store::db::DB_FILE;
use serde_json::{json, Value};
use std::path::Path;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

struct Harness {
    _app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

fn harness(dir: &Path) -> Harness {
    let mut state = AppState::open(dir.to_path_buf()).unwrap();
    state.picker = Picker::StandIn(dir.join("out"));
    let app = install(mock_builder(), state)
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Harness { _app: app, webview }
}

impl Harness {
    fn call(&self, cmd: &str, body: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    }

    fn organizations(&self) -> i64 {
        let page = self
            .call(
                "organization_list",
                json!({ "query": { "search": null, "kind": null, "sort": null, "cursor": null, "limit": 5 } }),
            )
            .unwrap();
        page["total"].as_i64().unwrap()
    }
}

/// Overwrites the root page of the tasks table with garbage: one table is damaged and the schema is not, whatever
/// the file's layout (the middle of the file, used before, moved into the schema pages as tables were added).
fn damage(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let (page_size, root): (i64, i64) = {
        let c = rusqlite::Connection::open(path).unwrap();
        let page_size = c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
        let root = c
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'tasks'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (page_size, root)
    };
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(((root - 1) * page_size) as u64))
        .unwrap();
    f.write_all(&vec![0x5A; page_size as usize]).unwrap();
}

/// A data folder with the demo data and one verified backup, then its database damaged.
/// A data folder with the demo and a backup of it, then damaged; with the demo's row count.
fn damaged_folder() -> (tempfile::TempDir, i64) {
    let dir = tempfile::tempdir().unwrap();
    {
        let h = harness(dir.path());
        h.call("demo_load", json!({})).unwrap();
        let b = h
            .call("backup_now", json!({ "progress": "__CHANNEL__:1" }))
            .unwrap();
        assert_eq!(b["verification"]["integrity_ok"], true);
    }
    // The app's threads keep their connections for the process's life, so the demo rows may still sit in the WAL:
    // fold them into the file, as a quit would, before damaging it.
    rusqlite::Connection::open(dir.path().join(DB_FILE))
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let rows = rows_in(dir.path());
    damage(&dir.path().join(DB_FILE));
    (dir, rows)
}

#[test]
fn back_up_now_lists_the_backup_and_restore_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(dir.path());
    h.call("demo_load", json!({})).unwrap();
    let before = h.organizations();
    let made = h
        .call("backup_now", json!({ "progress": "__CHANNEL__:1" }))
        .unwrap();
    let overview = h.call("data_overview", json!({})).unwrap();
    assert_eq!(overview["keep"], 14);
    assert_eq!(overview["backups"][0]["file_name"], made["file_name"]);
    assert!(overview["backups_folder"]
        .as_str()
        .unwrap()
        .ends_with("backups"));

    h.call(
        "organization_create",
        json!({ "input": {
            "kind": "partner", "name": "之后 Later", "tier": null, "tags": [], "address": null,
            "website": null, "notes": null, "lead_contact_id": null, "weekly_capacity_hours": null
        }}),
    )
    .unwrap();
    assert_eq!(h.organizations(), before + 1);
    let report = h
        .call("backup_restore", json!({ "fileName": made["file_name"] }))
        .unwrap();
    assert!(report["kept"].as_str().unwrap().contains("before-restore"));
    assert_eq!(
        h.organizations(),
        before,
        "the open app reads the restored data at once"
    );

    // Only a listed backup, by name: a path is refused.
    let e = h
        .call(
            "backup_restore",
            json!({ "fileName": "../liaison-desk.db" }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "not_found");
}

#[test]
fn a_damaged_database_is_moved_aside_and_the_newest_backup_restored() {
    let (dir, rows) = damaged_folder();
    let h = harness(dir.path());
    let r = h.call("recovery_status", json!({})).unwrap();
    assert!(!r["problems"].as_array().unwrap().is_empty(), "{r}");
    let kept = r["damaged_kept_at"].as_str().unwrap();
    assert!(Path::new(kept).is_file(), "the damaged file is kept");
    assert!(r["newest_backup"]["file_name"].is_string());
    assert_eq!(
        h.organizations(),
        0,
        "nothing is written before the user chooses"
    );

    let report = h.call("recovery_restore", json!({})).unwrap();
    // Every row of the demo (with the projects plan, the relationships, the conflicts and the scorecards).
    assert_eq!(report["rows"], rows as f64);
    assert!(h.organizations() > 10);
    assert_eq!(h.call("recovery_status", json!({})).unwrap(), Value::Null);
    liaison_desk::store::backup::check(&dir.path().join(DB_FILE)).unwrap();
}

#[test]
fn a_damaged_database_can_be_salvaged_instead() {
    let (dir, rows) = damaged_folder();
    let h = harness(dir.path());
    assert!(h.call("recovery_status", json!({})).unwrap().is_object());
    let report = h.call("recovery_salvage", json!({})).unwrap();
    let salvaged = report["rows"].as_f64().unwrap();
    assert!(salvaged > 0.0 && salvaged < rows as f64, "{report}");
    assert_eq!(h.call("recovery_status", json!({})).unwrap(), Value::Null);
    let integrity: String = rusqlite::Connection::open(dir.path().join(DB_FILE))
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}

#[test]
fn a_sound_database_has_no_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(dir.path());
    assert_eq!(h.call("recovery_status", json!({})).unwrap(), Value::Null);
    let e = h.call("recovery_restore", json!({})).unwrap_err();
    assert_eq!(e["code"], "not_found");
}

#[test]
fn export_everything_then_import_it_into_another_folder_and_merge_only_when_asked() {
    let a = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(a.path().join("out")).unwrap();
    let h = harness(a.path());
    h.call("demo_load", json!({})).unwrap();
    let rows = rows_in(a.path());
    let written = h
        .call(
            "data_export_all",
            json!({ "dialog": { "title": "Export", "file_name": "liaison-desk", "filter_name": "JSON" } }),
        )
        .unwrap();
    let written = written.as_str().unwrap().to_string();
    assert!(written.ends_with("liaison-desk.json"));

    let b = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(b.path().join("out")).unwrap();
    std::fs::copy(&written, b.path().join("out/liaison-desk.json")).unwrap();
    let hb = harness(b.path());
    let args = |merge: bool| json!({ "title": "Import", "filterName": "JSON", "merge": merge });
    let r = hb.call("data_import_all", args(false)).unwrap();
    assert_eq!(r["rows"], rows as f64);
    assert_eq!(hb.organizations(), h.organizations());
    // Again: the database now has data, so only a merge is accepted.
    let e = hb.call("data_import_all", args(false)).unwrap_err();
    assert_eq!(e["code"], "not_empty");
    hb.call("data_import_all", args(true)).unwrap();
    assert_eq!(
        hb.organizations(),
        h.organizations(),
        "merging the same rows adds none"
    );
}

#[test]
fn the_backups_folder_and_the_number_kept_can_be_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(dir.path());
    let chosen = h
        .call("backup_folder_choose", json!({ "title": "Backups" }))
        .unwrap();
    assert_eq!(
        chosen.as_str().unwrap(),
        dir.path().join("out").display().to_string()
    );
    h.call("backup_keep_set", json!({ "keep": 3 })).unwrap();
    let e = h.call("backup_keep_set", json!({ "keep": 0 })).unwrap_err();
    assert_eq!(e["code"], "validation");
    let o = h.call("data_overview", json!({})).unwrap();
    assert_eq!(o["keep"], 3);
    assert_eq!(o["backups_folder"], chosen);
    h.call("demo_load", json!({})).unwrap();
    for _ in 0..4 {
        h.call("backup_now", json!({ "progress": "__CHANNEL__:1" }))
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    let o = h.call("data_overview", json!({})).unwrap();
    assert_eq!(o["backups"].as_array().unwrap().len(), 3);
}

#[test]
fn a_backup_file_picked_in_the_dialog_is_checked_before_it_replaces_the_data() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    let h = harness(dir.path());
    h.call("demo_load", json!({})).unwrap();
    let before = h.organizations();
    let args = json!({ "title": "Restore", "filterName": "Backup" });
    // The stand-in answers with out/liaison-desk.db: first a file that is no database.
    std::fs::write(dir.path().join("out/liaison-desk.db"), "not a database").unwrap();
    let e = h.call("backup_restore_file", args.clone()).unwrap_err();
    assert_eq!(e["code"], "invalid_backup");
    assert_eq!(h.organizations(), before, "a refused file changes nothing");
    // Then a sound backup of an empty desk, which replaces the data.
    let empty = tempfile::tempdir().unwrap();
    let other = liaison_desk::store::Db::open_in(empty.path()).unwrap();
    std::fs::remove_file(dir.path().join("out/liaison-desk.db")).unwrap();
    other
        .backup_verified(&dir.path().join("out/liaison-desk.db"))
        .unwrap();
    let r = h.call("backup_restore_file", args).unwrap();
    assert!(r["kept"].as_str().unwrap().contains("before-restore"));
    assert_eq!(h.organizations(), 0);
}
