//! End-to-end tests that drive the real, built Liaison Desk app: a private Xvfb display, tauri-driver in front
//! of WebKitWebDriver, and a fantoccini WebDriver client. The tests fail — never skip — when any of these
//! cannot start. Screenshots of the key steps land in target/e2e-screenshots/ (and the driver/app log in
//! target/e2e-logs/).
//!
//! Set `LIAISON_DESK_UPDATE_DOCS=1` to also copy the dashboard screenshots into docs/screenshots/ (that is what
//! scripts/screenshots.sh does).
#![cfg(feature = "desktop")]

#[path = "e2e/harness.rs"]
mod harness;
#[path = "e2e/minutes.rs"]
mod minutes;
#[path = "e2e/planner.rs"]
mod planner;
#[path = "e2e/shell.rs"]
mod shell;
#[path = "e2e/ui.rs"]
mod ui;

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use harness::Harness;
use ui::{App, WAIT};

const PARTNER: &str = "华东精密制造有限公司";
const PARTNER_WEBSITE: &str = "https://hdjm.example.cn";
const PARTNER_NEW_WEBSITE: &str = "https://www.hdjm-precision.example.cn";
const OTHER_PARTNER: &str = "北方物流集团";
const CONTACT: &str = "王晓明";
const CONTACT_EMAIL: &str = "wang.xiaoming@hdjm.example.cn";

/// The first launch of WebKit on a cold machine can take a while; later waits use `WAIT`.
const FIRST_PAINT: Duration = Duration::from_secs(30);

/// One app at a time: the machines have two cores, and parallel WebKit instances only slow each other down.
static SERIAL: Mutex<()> = Mutex::new(());

fn run(scenario: impl std::future::Future<Output = ()>) {
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime for the WebDriver client");
    runtime.block_on(scenario);
}

struct Steps {
    started: Instant,
    last: Instant,
}

impl Steps {
    fn new() -> Steps {
        let now = Instant::now();
        Steps {
            started: now,
            last: now,
        }
    }

    fn step(&mut self, what: &str) {
        let now = Instant::now();
        eprintln!(
            "[e2e {:>6.1}s, +{:.1}s] {what}",
            (now - self.started).as_secs_f64(),
            (now - self.last).as_secs_f64()
        );
        self.last = now;
    }
}

/// After saving a form, some screens open the new record and others return to the list: accept both, and end
/// on the organization's detail page. The list may show the new row for a moment before the page moves to the
/// detail by itself, so a row is clicked without insisting, and the detail title decides.
async fn open_org_detail(app: &App, name: &str) {
    app.poll(
        &format!("the detail page of {name:?} (or its list row to open it)"),
        WAIT,
        || async {
            if let Some((_, title)) = app.rows("detail-title").await.into_iter().next() {
                if title.contains(name) {
                    return Some(());
                }
            }
            let row = app
                .rows("list-row")
                .await
                .into_iter()
                .find(|(_, text)| text.contains(name));
            if let Some((row, _)) = row {
                let _ = row.click().await;
            }
            None
        },
    )
    .await;
    app.text_contains("detail-title", name).await;
}

/// The list's total, reading 0 when the page shows only its empty state.
async fn current_total(app: &App) -> u32 {
    app.poll("list-total or list-empty", WAIT, || async {
        if app.is_visible_now("list-total").await {
            let el = app
                .client
                .find(fantoccini::Locator::Css(&ui::sel("list-total")))
                .await
                .ok()?;
            return ui::first_number(&ui::element_text(&el).await);
        }
        app.is_visible_now("list-empty").await.then_some(0)
    })
    .await
}

async fn create_partner(app: &App, name: &str, website: &str) {
    app.click("list-new").await;
    app.visible("entity-form").await;
    app.fill("field-name", name).await;
    app.fill("field-website", website).await;
    app.click("form-submit").await;
    app.gone("entity-form").await;
}

#[test]
fn partner_lifecycle_survives_a_restart() {
    run(async {
        let mut steps = Steps::new();
        let harness = Harness::start("partners", &[]);
        let data = tempfile::tempdir().expect("a temporary data folder");
        steps.step(&format!(
            "Xvfb on {} and tauri-driver on port {} are up",
            harness.display, harness.driver_port
        ));

        let app = App::launch(&harness, data.path(), "partners").await;
        app.visible_within("dashboard", FIRST_PAINT).await;
        app.visible("demo-offer").await;
        app.screenshot("dashboard-empty").await;
        steps.step("empty database: the dashboard offers demo data");

        app.click("nav-partners").await;
        app.visible("page-title").await;
        assert_eq!(
            current_total(&app).await,
            0,
            "a new database has no partners"
        );
        app.screenshot("partners-empty").await;
        app.click("list-new").await;
        app.visible("entity-form").await;
        app.fill("field-name", PARTNER).await;
        app.fill("field-website", PARTNER_WEBSITE).await;
        app.screenshot("partner-form").await;
        app.click("form-submit").await;
        app.gone("entity-form").await;
        open_org_detail(&app, PARTNER).await;
        app.body_contains(PARTNER_WEBSITE).await;
        steps.step("created the partner 华东精密制造有限公司");

        app.click("org-add-contact").await;
        app.visible("entity-form").await;
        app.fill("field-name", CONTACT).await;
        app.fill("field-emails", CONTACT_EMAIL).await;
        app.click("form-submit").await;
        app.gone("entity-form").await;
        app.row_with("contact-row", CONTACT).await;
        app.screenshot("partner-with-contact").await;
        steps.step("added the contact 王晓明 from the partner's page");

        app.click("nav-partners").await;
        app.row_with("list-row", PARTNER).await;
        create_partner(&app, OTHER_PARTNER, "https://beifang.example.cn").await;
        app.click("nav-partners").await;
        app.row_with("list-row", OTHER_PARTNER).await;
        app.list_total_is(2).await;
        app.fill("list-search", "华东").await;
        app.no_row_with("list-row", OTHER_PARTNER).await;
        app.row_with("list-row", PARTNER).await;
        app.screenshot("partners-search").await;
        steps.step("the list search for 华东 finds only the partner");

        app.click_row_with("list-row", PARTNER).await;
        app.text_contains("detail-title", PARTNER).await;
        app.click("detail-edit").await;
        app.visible("entity-form").await;
        assert_eq!(app.value_of("field-website").await, PARTNER_WEBSITE);
        app.fill("field-website", PARTNER_NEW_WEBSITE).await;
        app.click("form-submit").await;
        app.gone("entity-form").await;
        app.body_contains(PARTNER_NEW_WEBSITE).await;
        // Read it back through a fresh form, which loads from the database.
        app.click("detail-edit").await;
        app.visible("entity-form").await;
        assert_eq!(app.value_of("field-website").await, PARTNER_NEW_WEBSITE);
        app.click("form-cancel").await;
        app.gone("entity-form").await;
        app.screenshot("partner-edited").await;
        steps.step("edited the website");

        app.click("detail-delete").await;
        app.visible("toast-undo").await;
        app.screenshot("partner-deleted-undo-toast").await;
        if !app.rows("list-row").await.is_empty() {
            app.no_row_with("list-row", PARTNER).await;
        }
        app.click("toast-undo").await;
        app.click("nav-partners").await;
        app.fill("list-search", "华东").await;
        app.no_row_with("list-row", OTHER_PARTNER).await;
        app.row_with("list-row", PARTNER).await;
        app.screenshot("partner-restored").await;
        steps.step("deleted the partner and brought it back with Undo");

        app.fill("list-search", "").await;
        app.list_total_is(2).await;
        app.click("list-new").await;
        app.visible("entity-form").await;
        app.click("form-submit").await;
        let error = app.visible("field-error-name").await;
        let message = ui::element_text(&error).await;
        assert!(
            !message.trim().is_empty() && message.trim() != "required",
            "the empty-name error shows a localized message, got {message:?}"
        );
        app.screenshot("partner-empty-name-error").await;
        app.click("form-cancel").await;
        app.gone("entity-form").await;
        app.list_total_is(2).await;
        steps.step(&format!(
            "an empty name is refused with {message:?} and nothing is added"
        ));

        app.click("nav-settings").await;
        app.click("settings-language-en").await;
        app.text_contains("nav-partners", "Partners").await;
        app.screenshot("settings-english").await;
        app.click("settings-language-zh-CN").await;
        app.text_contains("nav-partners", "合作伙伴").await;
        app.screenshot("settings-chinese").await;
        // The same empty-name error, now in Chinese.
        app.click("nav-partners").await;
        app.click("list-new").await;
        app.visible("entity-form").await;
        app.click("form-submit").await;
        let error = app.visible("field-error-name").await;
        let message_zh = ui::element_text(&error).await;
        assert!(
            message_zh
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "in zh-CN the empty-name error is Chinese, got {message_zh:?}"
        );
        app.click("form-cancel").await;
        app.gone("entity-form").await;
        steps.step(&format!(
            "switched the language to English and back to Chinese (the error now reads {message_zh:?})"
        ));

        app.close().await;
        let app = App::launch(&harness, data.path(), "partners-restart").await;
        app.visible_within("dashboard", FIRST_PAINT).await;
        app.text_contains("nav-partners", "合作伙伴").await;
        app.click("nav-partners").await;
        app.row_with("list-row", PARTNER).await;
        app.click_row_with("list-row", PARTNER).await;
        app.text_contains("detail-title", PARTNER).await;
        app.row_with("contact-row", CONTACT).await;
        app.body_contains(PARTNER_NEW_WEBSITE).await;
        app.screenshot("partner-after-restart").await;
        app.close().await;
        steps.step("after a restart on the same data folder the partner, its contact and the edit are there");
    });
}

#[test]
fn dashboard_with_demo_data_in_both_languages() {
    run(async {
        let mut steps = Steps::new();
        // The README pictures show a desk in China: meeting times in the zone the demo schedules them in.
        let harness = Harness::start("dashboard", &[("TZ", "Asia/Shanghai")]);
        let data = tempfile::tempdir().expect("a temporary data folder");
        let app = App::launch(&harness, data.path(), "dashboard").await;
        app.visible_within("dashboard", FIRST_PAINT).await;
        app.click("demo-load").await;
        app.gone("demo-offer").await;
        app.visible("dashboard-counts").await;
        steps.step("loaded the demo data from the empty dashboard");
        // The demo's first held meeting that another meeting follows.
        let (held, follower) = liaison_desk::store::Db::open_in(data.path())
            .expect("open the demo database")
            .read(|c| {
                Ok(c.query_row(
                    "SELECT m.previous_meeting_id, m.id FROM meetings m
                     WHERE m.previous_meeting_id IN (SELECT meeting_id FROM meeting_decisions)
                     ORDER BY m.starts_at LIMIT 1",
                    [],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
                )?)
            })
            .expect("a held meeting with a follow-up in the demo");

        let mut shots: Vec<(PathBuf, String)> = Vec::new();
        for (lang, label, file) in [
            ("zh-CN", "合作伙伴", "dashboard-zh.png"),
            ("en", "Partners", "dashboard-en.png"),
        ] {
            app.click("nav-settings").await;
            app.click(&format!("settings-language-{lang}")).await;
            app.text_contains("nav-partners", label).await;
            app.click("nav-dashboard").await;
            app.visible("dashboard-counts").await;
            app.settle_toasts().await;
            // Let lists finish their first paint before the picture.
            tokio::time::sleep(Duration::from_millis(500)).await;
            shots.push((
                app.screenshot(&format!("dashboard-{lang}")).await,
                file.to_string(),
            ));

            // The planner's week and workload with the demo data (the week of the demo meetings and blocks).
            app.click("nav-planner").await;
            app.visible("backlog-task").await;
            app.visible("planner-event").await;
            app.settle_toasts().await;
            tokio::time::sleep(Duration::from_millis(500)).await;
            let week = format!(
                "planner-week-{}.png",
                if lang == "en" { "en" } else { "zh" }
            );
            shots.push((app.screenshot(&format!("planner-week-{lang}")).await, week));
            app.click("planner-mode-workload").await;
            app.visible("workload-row").await;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let workload = format!(
                "planner-workload-{}.png",
                if lang == "en" { "en" } else { "zh" }
            );
            shots.push((
                app.screenshot(&format!("planner-workload-{lang}")).await,
                workload,
            ));
            app.click("planner-mode-calendar").await;

            // A held meeting's minutes, and the brief of the meeting that follows it.
            let tag = if lang == "en" { "en" } else { "zh" };
            let url = app.client.current_url().await.expect("the app's address");
            let _ = app.client.execute("window.addEventListener('error', (e) => { window.__lastError = String(e.message) + ' ' + (e.error && e.error.stack); });", vec![]).await;
            // The app routes on the fragment (HashRouter).
            let page = |id: &str| {
                let mut u = url.clone();
                u.set_fragment(Some(&format!("/meetings/{id}")));
                u
            };
            app.client
                .goto(page(&held).as_str())
                .await
                .expect("open the held meeting");
            app.visible("agenda-item").await;
            app.visible("decision-item").await;
            app.settle_toasts().await;
            tokio::time::sleep(Duration::from_millis(500)).await;
            shots.push((
                app.screenshot(&format!("meeting-{lang}")).await,
                format!("meeting-{tag}.png"),
            ));
            app.client
                .goto(page(&follower).as_str())
                .await
                .expect("open the next meeting");
            app.click("brief-tab").await;
            app.visible("brief-panel").await;
            tokio::time::sleep(Duration::from_millis(500)).await;
            shots.push((
                app.screenshot(&format!("brief-{lang}")).await,
                format!("meeting-brief-{tag}.png"),
            ));
            app.click("nav-dashboard").await;
        }
        app.close().await;
        steps.step("took the dashboard, the planner and a meeting in Chinese and English");

        if std::env::var_os("LIAISON_DESK_UPDATE_DOCS").is_some() {
            let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
            std::fs::create_dir_all(&docs).expect("create docs/screenshots");
            for (shot, file) in shots {
                std::fs::copy(&shot, docs.join(file))
                    .expect("copy a screenshot into docs/screenshots");
            }
            steps.step("copied the screenshots into docs/screenshots/");
        }
    });
}
