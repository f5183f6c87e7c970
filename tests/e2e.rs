//! End-to-end tests that drive the real, built Liaison Desk app: a private Xvfb display, tauri-driver in front
//! of WebKitWebDriver, and a fantoccini WebDriver client. The tests fail — never skip — when any of these
//! cannot start. Screenshots of the key steps land in target/e2e-screenshots/ (and the driver/app log in
//! target/e2e-logs/).
//!
//! Set `LIAISON_DESK_UPDATE_DOCS=1` to also copy the dashboard screenshots into docs/screenshots/ (that is what
//! scripts/screenshots.sh does).
#![cfg(feature = "desktop")]

#[path = "common/mod.rs"]
mod common;
#[path = "e2e/everyday.rs"]
mod everyday;
#[path = "e2e/harness.rs"]
mod harness;
#[path = "e2e/minutes.rs"]
mod minutes;
#[path = "e2e/planner.rs"]
mod planner;
#[path = "e2e/projects.rs"]
mod projects;
#[path = "e2e/relationships.rs"]
mod relationships;
#[path = "e2e/series.rs"]
mod series;
#[path = "e2e/shell.rs"]
mod shell;
#[path = "e2e/sync.rs"]
mod sync;
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

/// A one-off meeting in Shanghai (the shared test input) at these times.
fn shanghai_meeting(
    title: &str,
    starts_at: String,
    ends_at: String,
) -> liaison_desk::domain::MeetingInput {
    liaison_desk::domain::MeetingInput {
        starts_at,
        ends_at,
        ..common::meeting(title)
    }
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

        // The partner still has its contact: the confirmation says so and offers to delete the contact too.
        app.click("detail-delete").await;
        app.visible("delete-references").await;
        app.visible("reference-contacts").await;
        app.screenshot("partner-delete-confirmation").await;
        app.click("delete-with-contacts").await;
        app.click("confirm-delete").await;
        app.visible("toast-undo").await;
        app.screenshot("partner-deleted-undo-toast").await;
        if !app.rows("list-row").await.is_empty() {
            app.no_row_with("list-row", PARTNER).await;
        }
        app.click("nav-contacts").await;
        app.no_row_with("list-row", CONTACT).await;
        app.click("toast-undo").await;
        app.row_with("list-row", CONTACT).await;
        app.click("nav-partners").await;
        app.fill("list-search", "华东").await;
        app.no_row_with("list-row", OTHER_PARTNER).await;
        app.row_with("list-row", PARTNER).await;
        app.screenshot("partner-restored").await;
        steps.step("deleted the partner with its contact and brought both back with one Undo");

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
        choose_time_zone(&app, data.path(), "Asia/Shanghai").await;
        steps.step("chose Asia/Shanghai as the time zone in Settings; it is saved in the database");
        app.click("nav-dashboard").await;
        app.visible("dashboard-counts").await;
        dashboard_matches_the_database(&app, data.path()).await;
        steps.step("the dashboard's counts and lists match the database, counted in Asia/Shanghai");
        date_picker_works(&app).await;
        steps.step("picked a date and a meeting's start time from the calendar; 2026-02-30 typed is refused");
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
            // Chinese punctuation in user text stays full-width in either language: a CJK face limited to the CJK
            // punctuation ranges leads the page's font stack.
            let punctuation: serde_json::Value = app
                .client
                .execute(
                    r#"const face = [...document.fonts].find((f) => f.family.replace(/"/g, "") === "LD CJK Punctuation");
                       return [getComputedStyle(document.body).fontFamily.replace(/"/g, "").split(",")[0].trim(),
                               face ? face.unicodeRange.toUpperCase() : null];"#,
                    vec![],
                )
                .await
                .expect("read the font stack");
            assert_eq!(
                punctuation,
                serde_json::json!(["LD CJK Punctuation", "U+3000-303F, U+FF00-FFEF"]),
                "the CJK punctuation face leads the font stack ({lang})"
            );
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

/// Picks the zone in Settings (zh-CN) and waits until the database holds it.
async fn choose_time_zone(app: &App, data: &std::path::Path, zone: &str) {
    app.click("nav-settings").await;
    app.click("settings-language-zh-CN").await;
    app.text_contains("nav-partners", "合作伙伴").await;
    // The searchable select shows the current choice; typing replaces it with the search, as a user would.
    app.fill("settings-time-zone-select", zone).await;
    let option = app
        .poll(&format!("the option {zone:?}"), WAIT, || async {
            for o in app
                .client
                .find_all(fantoccini::Locator::Css("[role=\"option\"]"))
                .await
                .ok()?
            {
                if o.is_displayed().await.unwrap_or(false) && ui::element_text(&o).await == zone {
                    return Some(o);
                }
            }
            None
        })
        .await;
    app.click_element(&option, zone).await;
    let db = liaison_desk::store::Db::open_in(data).expect("open the database");
    app.poll(
        &format!("{zone} saved in the settings table"),
        WAIT,
        || async {
            let saved = db.read(liaison_desk::services::settings::get).ok()?;
            (saved.time_zone.as_deref() == Some(zone)).then_some(())
        },
    )
    .await;
    app.text_contains("settings-time-zone-now", "当前时间")
        .await;
    app.settle_toasts().await;
    app.screenshot("settings-time-zone-zh").await;
}

/// What the dashboard shows: its count tiles, and the ids (with starts) of its today's-meetings and overdue rows.
#[derive(Debug, PartialEq)]
struct DashboardSeen {
    counts: Vec<(String, i64)>,
    today: Vec<(String, String)>,
    overdue: Vec<String>,
}

const COUNT_KEYS: [&str; 9] = [
    "partners",
    "suppliers",
    "clients",
    "departments",
    "contacts",
    "active_projects",
    "open_tasks",
    "overdue_tasks",
    "meetings_this_week",
];

async fn dashboard_seen(app: &App) -> DashboardSeen {
    use fantoccini::Locator;
    let mut counts = Vec::new();
    for key in COUNT_KEYS {
        let css = format!("[data-count=\"{key}\"]");
        let value = match app.client.find(Locator::Css(&css)).await {
            Ok(el) => el.attr("data-value").await.ok().flatten(),
            Err(_) => None,
        };
        counts.push((
            key.to_string(),
            value.and_then(|v| v.parse().ok()).unwrap_or(-1),
        ));
    }
    let mut today = Vec::new();
    for (el, _) in app.rows("dashboard-today").await {
        let id = el.attr("data-id").await.ok().flatten().unwrap_or_default();
        let start = el
            .attr("data-start")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        today.push((id, start));
    }
    let mut overdue = Vec::new();
    for (el, _) in app.rows("dashboard-overdue").await {
        overdue.push(el.attr("data-id").await.ok().flatten().unwrap_or_default());
    }
    DashboardSeen {
        counts,
        today,
        overdue,
    }
}

/// The same figures read from the database the app writes: counts by plain SQL; "today" and the week in the zone
/// saved in Settings; this week's and today's meetings through the planner's expansion of series.
fn dashboard_expected(data: &std::path::Path) -> (DashboardSeen, Vec<String>) {
    use liaison_desk::domain::time;
    use liaison_desk::services::{planner, settings};
    let db = liaison_desk::store::Db::open_in(data).expect("open the database");
    db.read(|c| {
        let tz = time::parse_zone(&settings::get(c)?.time_zone.unwrap_or_default())
            .expect("a zone saved in Settings");
        let now = chrono::Utc::now();
        let today = time::local_date(tz, now).format("%Y-%m-%d").to_string();
        let n = |sql: &str| -> rusqlite::Result<i64> { c.query_row(sql, [], |r| r.get(0)) };
        let open = "deleted_at IS NULL AND status IN ('todo', 'in_progress', 'blocked')";
        let overdue_where = format!("{open} AND due_date IS NOT NULL AND due_date < ?1");
        let kind = |k: &str| {
            n(&format!(
                "SELECT count(*) FROM organizations WHERE deleted_at IS NULL AND kind = '{k}'"
            ))
        };
        let overdue: i64 = c.query_row(
            &format!("SELECT count(*) FROM tasks WHERE {overdue_where}"),
            [&today],
            |r| r.get(0),
        )?;
        let (week_from, week_to) = time::week_of(tz, now);
        let week = planner::meeting_occurrences(c, week_from, week_to)?;
        let counts = vec![
            ("partners".to_string(), kind("partner")?),
            ("suppliers".to_string(), kind("supplier")?),
            ("clients".to_string(), kind("client")?),
            ("departments".to_string(), kind("department")?),
            (
                "contacts".to_string(),
                n("SELECT count(*) FROM contacts WHERE deleted_at IS NULL")?,
            ),
            (
                "active_projects".to_string(),
                n("SELECT count(*) FROM projects WHERE deleted_at IS NULL AND status = 'active'")?,
            ),
            (
                "open_tasks".to_string(),
                n(&format!("SELECT count(*) FROM tasks WHERE {open}"))?,
            ),
            ("overdue_tasks".to_string(), overdue),
            ("meetings_this_week".to_string(), week.len() as i64),
        ];
        let local_today = time::local_date(tz, now);
        let (day_from, day_to) =
            time::day_span(tz, local_today, local_today).expect("today's span");
        let today_meetings = planner::meeting_occurrences(c, day_from, day_to)?
            .into_iter()
            .take(8)
            .map(|e| (e.id, e.start))
            .collect();
        let mut stmt = c.prepare(&format!("SELECT id FROM tasks WHERE {overdue_where}"))?;
        let overdue_ids = stmt
            .query_map([&today], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((
            DashboardSeen {
                counts,
                today: today_meetings,
                overdue: Vec::new(),
            },
            overdue_ids,
        ))
    })
    .expect("read the expected dashboard from the database")
}

/// The dashboard's tiles and lists against the database (not only a picture of them).
async fn dashboard_matches_the_database(app: &App, data: &std::path::Path) {
    let matches = |seen: &DashboardSeen, (expected, overdue_ids): &(DashboardSeen, Vec<String>)| {
        let overdue_count = expected
            .counts
            .iter()
            .find(|(k, _)| k == "overdue_tasks")
            .map_or(0, |(_, v)| *v);
        seen.counts == expected.counts
            && seen.today == expected.today
            && seen.overdue.len() as i64 == overdue_count.min(8)
            && seen.overdue.iter().all(|id| overdue_ids.contains(id))
    };
    // The page may still be refetching after the zone changed: wait for it to settle on the database's answer.
    let settled = app
        .poll(
            "the dashboard to show what the database holds",
            WAIT,
            || async {
                let seen = dashboard_seen(app).await;
                matches(&seen, &dashboard_expected(data)).then_some(seen)
            },
        )
        .await;
    let (expected, _) = dashboard_expected(data);
    assert_eq!(settled.counts, expected.counts);
    assert!(
        settled.counts.iter().all(|(_, v)| *v >= 0),
        "every tile shows a number: {:?}",
        settled.counts
    );
    // Today's meetings may be none (a weekend), so only the overdue tasks must show.
    assert!(
        !settled.overdue.is_empty(),
        "the demo has overdue tasks: {settled:?}"
    );
    app.screenshot("dashboard-checked-zh").await;
}

/// The date picker in the real webview (frozen prototypes, Mantine dates on dayjs): pick a day from the calendar
/// into a project's start date, and see an impossible typed due date refused under its field.
async fn date_picker_works(app: &App) {
    use liaison_desk::domain::time;
    let today = time::local_date(chrono_tz::Asia::Shanghai, chrono::Utc::now())
        .format("%Y-%m-%d")
        .to_string();
    // Each list's own "new" button: wait for the page to switch, or the previous page's button is clicked.
    app.click("nav-projects").await;
    app.text_contains("page-title", "项目").await;
    app.click("list-new").await;
    app.visible("entity-form").await;
    app.fill("field-name", "日期选择器检查").await;
    app.click("field-start_date-pick").await;
    let calendar = app.visible("field-start_date-calendar").await;
    app.screenshot("date-picker-zh").await;
    let day = calendar
        .find(fantoccini::Locator::Css(&format!(
            "[data-date=\"{today}\"]"
        )))
        .await
        .expect("today's date in the calendar that opens on an empty field");
    app.click_element(&day, "today in the calendar").await;
    app.gone("field-start_date-calendar").await;
    assert_eq!(app.value_of("field-start_date").await, today);
    app.fill("field-due_date", "2026-02-30").await;
    app.click("form-submit").await;
    let error = app.text_contains("field-error-due_date", "日期").await;
    assert!(
        error.contains("YYYY-MM-DD"),
        "the localized invalid-date message, got {error:?}"
    );
    app.visible("entity-form").await;
    app.screenshot("date-picker-refused-zh").await;
    app.click("form-cancel").await;
    app.gone("entity-form").await;

    // A meeting's start: a day from the calendar and a half-hour from the list beside it.
    app.click("nav-meetings").await;
    app.text_contains("page-title", "会议").await;
    app.click("list-new").await;
    app.visible("entity-form").await;
    app.click("field-starts_at-pick").await;
    let calendar = app.visible("field-starts_at-calendar").await;
    let time = calendar
        .find(fantoccini::Locator::Css("[data-time=\"14:30\"]"))
        .await
        .expect("half-hours beside the calendar");
    app.screenshot("date-time-picker-zh").await;
    app.click_element(&time, "14:30 in the time list").await;
    app.gone("field-starts_at-calendar").await;
    let start = app.value_of("field-starts_at").await;
    assert!(
        start.ends_with(" 14:30"),
        "the picked time lands in the field, got {start:?}"
    );
    app.click("form-cancel").await;
    app.gone("entity-form").await;
}
