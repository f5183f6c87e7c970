//! Meetings and minutes on the real app: a meeting from a template, agenda items added and reordered by a pointer
//! drag, notes typed in Chinese and autosaved, an action item that shows in the project's tasks, the PDF export
//! through the export dialog, and notes with script, handler and `javascript:` payloads staying inert.

use std::path::Path;
use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::Locator;
use liaison_desk::domain::*;
use liaison_desk::services::{directory, meetings, minutes, projects, settings};
use liaison_desk::store::Db;
use serde_json::json;

use super::harness::Harness;
use super::ui::{drag, pick, sel, App, WAIT};
use super::{run, Steps, FIRST_PAINT};

const PROJECT: &str = "新品导入 NPI";
const PERSON: &str = "王晓明";
const TEMPLATE: &str = "builtin:supplier-review:zh-CN";
const NOTES: &str = "客户要求提前一周交付样品，质量部负责首件检验。";
const ACTION: &str = "确认样品交期";
const XSS_MEETING: &str = "安全检查 Security check";

struct Fixture {
    project: String,
    xss_meeting: String,
}

/// A project, a supplier contact, and a held meeting whose notes and decision carry script payloads. Chinese UI.
fn fixture(dir: &Path) -> Fixture {
    let db = Db::open_in(dir).expect("open the test database");
    db.write(|c| {
        let p = projects::create_project(
            c,
            ProjectInput {
                name: PROJECT.into(),
                code: Some("NPI-1".into()),
                status: ProjectStatus::Active,
                start_date: None,
                due_date: None,
                budget_planned: None,
                budget_actual: None,
                currency: "CNY".into(),
                owner_department_id: None,
                color: None,
                organizations: vec![],
            },
        )?;
        directory::create_contact(
            c,
            ContactInput {
                name: PERSON.into(),
                title: None,
                organization_id: None,
                emails: vec!["wang@example.com".into()],
                phones: vec![],
                wechat: None,
                notes: None,
            },
        )?;
        let m = meetings::create_meeting(
            c,
            super::shanghai_meeting(
                XSS_MEETING,
                "2026-11-20T10:00:00+08:00".into(),
                "2026-11-20T11:00:00+08:00".into(),
            ),
        )?;
        minutes::set_notes(
            c,
            &m.id,
            Some(
                "<img src=x onerror=\"window.__xss = 'img'\">\n\n<script>window.__xss = 'script'</script>\n\n\
                 [点这里](javascript:window.__xss='link') 和 [官网](https://example.com)"
                    .into(),
            ),
        )?;
        minutes::add_decision(
            c,
            &m.id,
            DecisionInput {
                text: "<b onmouseover=\"window.__xss='decision'\">决议</b>".into(),
                organization_id: None,
            },
        )?;
        settings::set(
            c,
            settings::Settings {
                locale: Some("zh-CN".into()),
                ..Default::default()
            },
        )?;
        Ok(Fixture {
            project: p.id,
            xss_meeting: m.id,
        })
    })
    .expect("write the minutes fixture")
}

fn meeting_by_title(dir: &Path, title: &str) -> Option<Meeting> {
    let db = Db::open_in(dir).expect("open the database");
    let q = MeetingQuery {
        search: None,
        ..Default::default()
    };
    let page = db.read(|c| meetings::list_meetings(c, &q)).ok()?;
    let id = page.items.into_iter().find(|m| m.title == title)?.id;
    db.read(|c| meetings::get_meeting(c, &id)).ok()
}

/// The viewport centre of the `n`th element matching `css`.
async fn centre(app: &App, css: &str, n: usize) -> (f64, f64) {
    const JS: &str = r#"
        const el = document.querySelectorAll(arguments[0])[arguments[1]];
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return [r.left + r.width / 2, r.top + r.height / 2];
    "#;
    app.poll(&format!("{css}[{n}] on screen"), WAIT, || async {
        let v = app
            .client
            .execute(JS, vec![json!(css), json!(n)])
            .await
            .ok()?;
        Some((v.get(0)?.as_f64()?, v.get(1)?.as_f64()?))
    })
    .await
}

/// The agenda titles in the order the page shows them.
async fn agenda_on_screen(app: &App) -> Vec<String> {
    app.rows("agenda-title")
        .await
        .into_iter()
        .map(|(_, t)| t.trim().to_string())
        .collect()
}

#[test]
fn meeting_from_template_agenda_notes_action_item_and_pdf_export() {
    run(async {
        let mut steps = Steps::new();
        let data = tempfile::tempdir().expect("a temporary data folder");
        // WebDriver cannot click a GTK dialog: the app's dialog stand-in answers with this folder instead (set by
        // whoever starts the process; the webview has no say in where files go).
        let out = tempfile::tempdir().expect("a folder the dialogs answer with");
        let harness = Harness::start(
            "minutes",
            &[
                ("TZ", "Asia/Shanghai"),
                (
                    liaison_desk::app::dialogs::STAND_IN_ENV,
                    out.path().to_str().expect("a UTF-8 temp path"),
                ),
            ],
        );
        let fx = fixture(data.path());
        let dir = data.path();

        let app = App::launch(&harness, dir, "minutes").await;
        app.visible_within("dashboard", FIRST_PAINT).await;
        app.click("nav-meetings").await;

        // 1. A meeting from the built-in supplier review template, for the project.
        app.click("meeting-new-from-template").await;
        let option = format!("[data-testid=\"template-option\"][data-template-id=\"{TEMPLATE}\"]");
        let el = app
            .poll("the supplier review template in the menu", WAIT, || async {
                app.client.find(Locator::Css(&option)).await.ok()
            })
            .await;
        app.click_element(&el, "the template").await;
        let title = app.value_of("field-title").await;
        assert_eq!(
            title, "供应商评审会",
            "the form starts with the template's title"
        );
        pick(&app, "field-project_id", "新品", PROJECT).await;
        pick(&app, "field-attendee_ids", "王", PERSON).await;
        app.click("meeting-form-submit").await;
        app.visible("agenda-item").await;
        let m = app
            .poll("the new meeting in the database", WAIT, || async {
                meeting_by_title(dir, "供应商评审会")
            })
            .await;
        assert_eq!(m.project_id.as_deref(), Some(fx.project.as_str()));
        assert_eq!(m.agenda.len(), 5, "the template's agenda");
        app.screenshot("from-template").await;
        steps.step("created a meeting from the supplier review template");

        // 2. Add an agenda item, then drag it to the top by its handle.
        app.fill("agenda-add-input", "新增：样品确认").await;
        app.client
            .find(Locator::Css(&format!(
                "{} input, input{}",
                sel("agenda-add-input"),
                sel("agenda-add-input")
            )))
            .await
            .expect("the agenda input")
            .send_keys("\u{E007}")
            .await
            .expect("Enter");
        app.poll("six agenda items on screen", WAIT, || async {
            (agenda_on_screen(&app).await.len() == 6).then_some(())
        })
        .await;
        let last = centre(&app, &sel("agenda-handle"), 5).await;
        let first = centre(&app, &sel("agenda-handle"), 0).await;
        drag(&app, last, (first.0, first.1 - 6.0), 20).await;
        app.poll("the new item first on screen", WAIT, || async {
            (agenda_on_screen(&app).await.first().map(String::as_str) == Some("新增：样品确认"))
                .then_some(())
        })
        .await;
        app.poll("the new item first in the database", WAIT, || async {
            let m = meeting_by_title(dir, "供应商评审会")?;
            (m.agenda.first()?.title == "新增：样品确认").then_some(())
        })
        .await;
        steps.step("added an agenda item and dragged it to the top");

        // 3. Notes in Chinese, autosaved.
        app.type_notes(NOTES).await;
        if !element_has(&app, "notes-editor", NOTES).await {
            app.fail::<()>("the notes editor does not show the Chinese text typed into it")
                .await;
        }
        app.text_contains("notes-preview", NOTES).await;
        app.poll("the notes saved", WAIT, || async {
            let m = meeting_by_title(dir, "供应商评审会")?;
            m.notes?.contains(NOTES).then_some(())
        })
        .await;
        let status = app.visible("notes-status").await;
        app.poll("the saved state", WAIT, || async {
            (status.attr("data-state").await.ok()?? == "saved").then_some(())
        })
        .await;
        app.screenshot("notes").await;
        steps.step("typed notes in Chinese; they were saved");

        // 4. An action item for 王晓明; it appears in the project's tasks.
        app.fill("action-add-title", ACTION).await;
        pick(&app, "action-add-owner", "王", PERSON).await;
        app.click("action-add-submit").await;
        app.text_contains("action-item", ACTION).await;
        let task = app
            .poll("the action item in the database", WAIT, || async {
                let m = meeting_by_title(dir, "供应商评审会")?;
                m.action_items.into_iter().find(|t| t.title == ACTION)
            })
            .await;
        assert_eq!(task.project_id.as_deref(), Some(fx.project.as_str()));
        assert_eq!(task.assignee_contact_name.as_deref(), Some(PERSON));
        let meeting_url = app
            .client
            .current_url()
            .await
            .expect("the meeting's address");

        app.click("nav-projects").await;
        app.click_row_with("list-row", PROJECT).await;
        app.click("project-tab-tasks").await;
        app.body_contains(ACTION).await;
        app.screenshot("project-tasks").await;
        steps.step("added an action item; the project's tasks list it");

        // 5. Export the PDF through the export dialog; only the native save dialog is stood in for.
        app.client
            .goto(meeting_url.as_str())
            .await
            .expect("back to the meeting");
        app.visible("agenda-item").await;
        app.click("meeting-export").await;
        pick(&app, "export-format", "PDF", "PDF").await;
        app.click("export-save").await;
        let shown = app.text_contains("export-done", ".pdf").await;
        let pdfs = files_in(out.path());
        assert_eq!(
            pdfs.len(),
            1,
            "one file where the dialog answered: {pdfs:?}"
        );
        let out_file = out.path().join(&pdfs[0]);
        assert!(
            shown.contains(&pdfs[0]),
            "the toast names the file written: {shown:?} vs {pdfs:?}"
        );
        let bytes = std::fs::read(&out_file).expect("the exported PDF");
        assert_eq!(&bytes[..5], b"%PDF-");
        let text = std::process::Command::new("pdftotext")
            .arg(&out_file)
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&text.stdout);
        for want in ["供应商评审会", "新增：样品确认", NOTES, ACTION] {
            assert!(text.contains(want), "{want} missing from the PDF:\n{text}");
        }
        // The batch below writes into the same folder: start it empty.
        std::fs::remove_file(&out_file).expect("remove the single export");
        app.screenshot("exported").await;
        steps.step("exported the PDF through the export dialog");

        // 6. Notes and a decision with script payloads: rendered, and nothing ran.
        let url = meeting_url.as_str().replace(&m.id, &fx.xss_meeting);
        app.client
            .goto(&url)
            .await
            .expect("the meeting with payloads");
        app.text_contains("notes-preview", "官网").await;
        app.text_contains("decision-item", "决议").await;
        let link = app
            .client
            .find(Locator::Css(&format!("{} a", sel("notes-preview"))))
            .await
            .expect("a link in the preview");
        let _ = link.click().await;
        if let Ok(d) = app.client.find(Locator::Css(&sel("decision-item"))).await {
            let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
                element: d,
                duration: None,
                x: 0.0,
                y: 0.0,
            });
            let _ = app.client.perform_actions(hover).await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let probe = app
            .client
            .execute(
                "const p = document.querySelector(arguments[0]);
                 return [String(window.__xss), p.querySelectorAll('img, script').length,
                         [...p.querySelectorAll('a')].map((a) => a.getAttribute('href') || '').join(' '),
                         location.href];",
                vec![json!(sel("notes-preview"))],
            )
            .await
            .expect("probe the page");
        assert_eq!(probe[0], json!("undefined"), "a payload ran: {probe}");
        assert_eq!(probe[1], json!(0), "img/script survived: {probe}");
        assert!(
            !probe[2].as_str().unwrap_or("").contains("javascript"),
            "{probe}"
        );
        assert_eq!(
            probe[3].as_str(),
            Some(url.as_str()),
            "clicking a link must not navigate the app"
        );
        app.screenshot("xss-inert").await;
        steps.step("script, handler and javascript: payloads stayed inert");

        // 7. Every meeting into a folder, with progress, through the batch dialog.
        app.click("nav-meetings").await;
        app.click("meeting-batch-export").await;
        app.click("batch-which-all").await;
        app.click("batch-start").await;
        let done = app.visible("batch-done").await;
        assert_eq!(
            done.attr("data-cancelled").await.ok().flatten().as_deref(),
            Some("false")
        );
        let files = files_in(out.path());
        assert_eq!(files.len(), 2, "{files:?}");
        assert!(
            files.iter().all(|f| f.ends_with(".pdf")),
            "the format chosen last time: {files:?}"
        );
        assert!(
            files.iter().any(|f| f.contains("安全检查 Security check")),
            "{files:?}"
        );
        app.screenshot("batch-done").await;
        steps.step("exported every meeting into a folder with the batch dialog");
        app.close().await;
    });
}

/// The names of the files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("the dialog's folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    files
}

async fn element_has(app: &App, testid: &str, needle: &str) -> bool {
    let css = format!("{} .cm-content", sel(testid));
    match app.client.find(Locator::Css(&css)).await {
        Ok(el) => el.text().await.map(|t| t.contains(needle)).unwrap_or(false),
        Err(_) => false,
    }
}
