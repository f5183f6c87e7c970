//! Commands through Tauri's mock runtime: the JSON the webview sends in, the JSON (or typed error) it gets back.
#![cfg(feature = "desktop")]

use liaison_desk::app::dialogs::Picker;
use liaison_desk::app::{install, state::AppState};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

struct Harness {
    _dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    /// The folder the stand-in for the save and folder dialogs answers with.
    out: std::path::PathBuf,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut state = AppState::open(dir.path().to_path_buf()).unwrap();
    state.picker = Picker::StandIn(out.clone());
    let app = install(mock_builder(), state)
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Harness {
        _dir: dir,
        _app: app,
        webview,
        out,
    }
}

impl Harness {
    fn call(&self, cmd: &str, body: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                // tauri://localhost: on Linux http://tauri.localhost counts as a remote origin and is refused.
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    }
}

fn partner(name: &str) -> Value {
    json!({ "input": {
        "kind": "partner", "name": name, "tier": null, "tags": [], "address": null,
        "website": "hd-precision.cn", "notes": null, "lead_contact_id": null, "weekly_capacity_hours": null
    }})
}

#[test]
fn create_then_list_through_ipc() {
    let h = harness();
    let created = h
        .call("organization_create", partner("华东精密制造有限公司"))
        .unwrap();
    assert_eq!(created["name"], "华东精密制造有限公司");
    assert_eq!(created["kind"], "partner");
    let page = h
        .call(
            "organization_list",
            json!({ "query": { "search": "华东", "kind": "partner", "sort": null, "cursor": null, "limit": 50 } }),
        )
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], created["id"]);
    assert_eq!(page["next_cursor"], Value::Null);
}

#[test]
fn validation_error_has_a_stable_code_and_field() {
    let h = harness();
    let err = h.call("organization_create", partner("   ")).unwrap_err();
    assert_eq!(
        err,
        json!({ "code": "validation", "detail": { "fields": [{ "field": "name", "rule": "required" }] } })
    );
    let page = h
        .call("organization_list", json!({ "query": { "search": null, "kind": null, "sort": null, "cursor": null, "limit": null } }))
        .unwrap();
    assert_eq!(page["total"], 0, "nothing written");
}

#[test]
fn delete_and_restore_round_trip_and_not_found_is_typed() {
    let h = harness();
    let created = h
        .call("organization_create", partner("Northwind Logistics"))
        .unwrap();
    let id = created["id"].clone();
    assert_eq!(
        h.call("organization_delete", json!({ "id": id })).unwrap(),
        Value::Null
    );
    let restored = h.call("organization_restore", json!({ "id": id })).unwrap();
    assert_eq!(restored["deleted_at"], Value::Null);
    let err = h
        .call("contact_get", json!({ "id": "missing" }))
        .unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert_eq!(err["detail"]["entity"], "contact");
}

#[test]
fn demo_dashboard_and_settings() {
    let h = harness();
    let dash = h.call("dashboard_summary", json!({})).unwrap();
    assert_eq!(dash["is_empty"], true);
    let report = h.call("demo_load", json!({})).unwrap();
    assert_eq!(report["meetings"], 11);
    assert_eq!(
        h.call("demo_load", json!({})).unwrap_err(),
        json!({ "code": "not_empty" })
    );
    let dash = h.call("dashboard_summary", json!({})).unwrap();
    assert_eq!(dash["is_empty"], false);
    assert_eq!(dash["counts"]["departments"], 5);

    let s = h
        .call(
            "settings_set",
            json!({ "settings": { "locale": "zh-CN",
                "working_hours": { "start_minute": 510, "end_minute": 1080, "days": [1, 2, 3, 4, 5] } } }),
        )
        .unwrap();
    assert_eq!(s["locale"], "zh-CN");
    assert_eq!(s["working_hours"]["start_minute"], 510);
    assert_eq!(
        h.call("settings_get", json!({})).unwrap()["locale"],
        "zh-CN"
    );
    // The zone travels with the other settings and is checked against the tz database.
    let with_zone = json!({ "settings": { "locale": "zh-CN", "time_zone": "Asia/Shanghai",
        "working_hours": { "start_minute": 510, "end_minute": 1080, "days": [1, 2, 3, 4, 5] } } });
    assert_eq!(
        h.call("settings_set", with_zone).unwrap()["time_zone"],
        "Asia/Shanghai"
    );
    let bad_zone = json!({ "settings": { "locale": "zh-CN", "time_zone": "Asia/Beijing",
        "working_hours": { "start_minute": 510, "end_minute": 1080, "days": [1, 2, 3, 4, 5] } } });
    let err = h.call("settings_set", bad_zone).unwrap_err();
    assert_eq!(err["detail"]["fields"][0]["field"], "time_zone");
    assert_eq!(err["detail"]["fields"][0]["rule"], "invalid_time_zone");
}

#[test]
fn malformed_arguments_are_refused_without_panicking() {
    let h = harness();
    let err = h
        .call(
            "organization_create",
            json!({ "input": { "kind": "alien", "name": "x" } }),
        )
        .unwrap_err();
    assert!(
        err.is_string(),
        "Tauri reports bad argument shapes as a message: {err}"
    );
}

#[test]
fn planner_change_undo_and_redo() {
    let h = harness();
    let task = h
        .call(
            "task_create",
            json!({ "input": {
                "title": "确认样品交期", "description": null, "project_id": null, "meeting_id": null,
                "assignee_contact_id": null, "assignee_department_id": null, "due_date": null, "status": "todo",
                "progress": 0, "priority": "normal", "estimate_hours": 2.0, "scheduled_start": null, "scheduled_end": null
            }}),
        )
        .unwrap();
    let id = task["id"].as_str().unwrap().to_string();
    let schedule = json!({ "change": {
        "type": "schedule_task", "task_id": id,
        "start": "2026-11-24T10:00:00+08:00", "end": "2026-11-24T12:00:00+08:00"
    }});
    let out = h.call("planner_apply", schedule).unwrap();
    assert_eq!(
        out["history"],
        json!({ "can_undo": true, "can_redo": false })
    );
    let week = json!({ "query": {
        "from": "2026-11-23T00:00:00+08:00", "to": "2026-11-30T00:00:00+08:00", "time_zone": "Asia/Shanghai"
    }});
    let range = h.call("planner_range", week.clone()).unwrap();
    assert_eq!(range["events"][0]["start"], "2026-11-24T02:00:00Z");

    // Without a week the answer carries none; with one it carries that week as read after the change.
    assert_eq!(out["week"], Value::Null);
    let undone = h
        .call("planner_undo", json!({ "week": week["query"] }))
        .unwrap();
    assert_eq!(undone["applied"]["type"], "unschedule_task");
    assert_eq!(undone["week"]["events"], json!([]));
    assert_eq!(undone["week"]["working_hours"], range["working_hours"]);
    assert_eq!(
        undone["history"],
        json!({ "can_undo": false, "can_redo": true })
    );
    assert_eq!(
        h.call("planner_range", week.clone()).unwrap()["events"],
        json!([])
    );
    let redone = h
        .call("planner_redo", json!({ "week": week["query"] }))
        .unwrap();
    assert_eq!(redone["applied"]["type"], "schedule_task");
    assert_eq!(redone["week"]["events"][0]["start"], "2026-11-24T02:00:00Z");
    assert_eq!(
        h.call("planner_range", week).unwrap()["events"][0]["key"],
        format!("task:{id}")
    );
    // Nothing left to redo: a no-op that says so.
    assert_eq!(
        h.call("planner_redo", json!({})).unwrap()["applied"],
        Value::Null
    );

    let err = h
        .call(
            "planner_apply",
            json!({ "change": { "type": "unschedule_task", "task_id": "nope" } }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "not_found");
}

#[test]
fn minutes_and_export_through_ipc() {
    let h = harness();
    let templates = h.call("template_list", json!({ "lang": "zh-CN" })).unwrap();
    assert_eq!(templates[0]["id"], "builtin:weekly-sync:zh-CN");
    let meeting = h
        .call(
            "meeting_create",
            json!({ "input": {
                "title": "跨部门周例会", "starts_at": "2026-11-24T10:00:00+08:00", "ends_at": "2026-11-24T11:00:00+08:00",
                "time_zone": "Asia/Shanghai", "location": null, "organizer_contact_id": null, "attendee_ids": [],
                "project_id": null, "organization_ids": [], "recurrence": null, "previous_meeting_id": null,
                "template_id": "builtin:weekly-sync:zh-CN"
            }}),
        )
        .unwrap();
    let id = meeting["id"].as_str().unwrap().to_string();
    let agenda = meeting["agenda"].as_array().unwrap().clone();
    assert_eq!(agenda.len(), 5);
    let last = agenda[4]["id"].clone();
    let moved = h
        .call("agenda_item_move", json!({ "id": last, "after": null }))
        .unwrap();
    assert_eq!(moved[0]["title"], "下周重点");
    let saved = h
        .call(
            "meeting_set_notes",
            json!({ "id": id, "notes": "## 要点\n- 样品已到" }),
        )
        .unwrap();
    assert!(saved.as_str().unwrap().ends_with('Z'));
    let d = h
        .call(
            "decision_create",
            json!({ "meetingId": id, "input": { "text": "采用新包装方案", "organization_id": null } }),
        )
        .unwrap();
    assert_eq!(d["text"], "采用新包装方案");
    let hits = h
        .call("decision_search", json!({ "query": "包装", "limit": null }))
        .unwrap();
    assert_eq!(hits[0]["meeting_title"], "跨部门周例会");

    // Rust asks where in the save dialog (answered here by the stand-in) and writes the file there; the command
    // answers with its path only.
    let dialog =
        |name: &str| json!({ "title": "Save", "file_name": name, "filter_name": "Markdown" });
    let written = h
        .call(
            "meeting_export",
            json!({ "id": id, "format": "md", "lang": "en", "partyId": null, "dialog": dialog("纪要.md") }),
        )
        .unwrap();
    let path = h.out.join("纪要.md");
    assert_eq!(written, json!(path.display().to_string()));
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("## Decisions"));
    // The next save dialog opens where this file went.
    let db = liaison_desk::store::Db::open_in(h._dir.path()).unwrap();
    let folder = db
        .read(|c| liaison_desk::store::settings::get(c, "export_folder"))
        .unwrap();
    assert_eq!(folder, Some(h.out.display().to_string()));
    // The toast may open or show only a file this session exported; any other path is refused untouched.
    for cmd in ["export_open", "export_reveal"] {
        let err = h
            .call(cmd, json!({ "path": h.out.join("other.md") }))
            .unwrap_err();
        assert_eq!(err["detail"]["fields"][0]["rule"], "invalid_path", "{cmd}");
        let err = h.call(cmd, json!({ "path": "/etc/passwd" })).unwrap_err();
        assert_eq!(err["detail"]["fields"][0]["rule"], "invalid_path", "{cmd}");
    }
    // The webview suggests a name, never a place: a path in it is cut down to the name, and a path argument
    // (what the command took before) is not accepted.
    let written = h
        .call(
            "meeting_export",
            json!({ "id": id, "format": "md", "lang": "en", "partyId": null, "dialog": dialog("../../escape") }),
        )
        .unwrap();
    assert_eq!(
        written,
        json!(h.out.join("escape.md").display().to_string())
    );
    assert!(!h.out.join("../../escape.md").exists());
    let refused = h.call(
        "meeting_export",
        json!({ "id": id, "format": "md", "lang": "en", "partyId": null, "path": "/tmp/anywhere.md" }),
    );
    assert!(refused.is_err(), "{refused:?}");
    assert!(!std::path::Path::new("/tmp/anywhere.md").exists());
    // A folder that went away between the dialog and the write is refused with the field named.
    std::fs::remove_dir_all(&h.out).unwrap();
    let err = h
        .call(
            "meeting_export",
            json!({ "id": id, "format": "md", "lang": "en", "partyId": null, "dialog": dialog("x.md") }),
        )
        .unwrap_err();
    assert_eq!(
        err,
        json!({ "code": "validation", "detail": { "fields": [{ "field": "path", "rule": "invalid_path" }] } })
    );
    let err = h
        .call("meeting_brief", json!({ "id": id, "today": "27/11/2026" }))
        .unwrap_err();
    assert_eq!(err["detail"]["fields"][0]["rule"], "invalid_date");
    assert_eq!(
        h.call("export_cancel", json!({ "job": "nothing-running" }))
            .unwrap(),
        Value::Null
    );
}

/// A write by another process (a second `Db` on the same file, as the CLI is) reaches the UI as `DataChanged`,
/// naming the entity and the record, well within the 2 s the UI promises.
#[test]
#[allow(deprecated)] // run_iteration is the way to run a mock app's setup hook without its event loop
fn a_write_by_another_process_is_announced_as_data_changed() {
    use tauri::Listener;
    let mut h = harness();
    h._app.run_iteration(|_, _| {});
    let (tx, rx) = std::sync::mpsc::channel();
    h._app.listen_any("data-changed", move |e| {
        let _ = tx.send(e.payload().to_string());
    });
    // Our own writes are not announced: the UI refreshes those itself.
    h.call("organization_create", partner("北方物流集团"))
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(900));
    assert!(rx.try_recv().is_err(), "an own write was announced");

    let other = liaison_desk::store::Db::open_in(h._dir.path()).unwrap();
    let input = serde_json::from_value(partner("华东精密制造有限公司")["input"].clone()).unwrap();
    let org = other
        .write(|c| liaison_desk::services::directory::create_organization(c, input))
        .unwrap();
    let started = std::time::Instant::now();
    let payload = rx
        .recv_timeout(std::time::Duration::from_secs(2))
        .expect("DataChanged within 2 s of the other process's commit");
    let event: Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(event["entity"], "organization", "{event}");
    assert_eq!(event["ids"], json!([org.id]), "{event}");
    eprintln!(
        "DataChanged arrived {:?} after the commit",
        started.elapsed()
    );
}
