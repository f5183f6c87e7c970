//! Two app instances on two data folders and one shared folder, as on two computers: an edit in one shows in the
//! other after "Sync now", and the same field edited on both appears in the conflicts list. Then one of them
//! publishes its address book to Radicale (CardDAV), and an edit reaches it with the next sync.

use liaison_desk::domain::OrgKind;
use liaison_desk::services::directory;
use liaison_desk::store::Db;
use liaison_desk::sync::{self, RunOptions, SyncSettings, Target};

use super::harness::Harness;
use super::ui::App;
use super::{common, run, Steps, FIRST_PAINT, PARTNER, PARTNER_NEW_WEBSITE};

fn set_up(dir: &std::path::Path, shared: &std::path::Path) -> Db {
    let db = Db::open_in(dir).expect("open the database");
    let settings = SyncSettings {
        target: Target::Folder {
            path: shared.display().to_string(),
        },
        // Only "Sync now" syncs here, so each step is the test's.
        every_minutes: 0,
        on_start: false,
        after_edits: false,
        encrypted: false,
    };
    sync::setup(&db, settings, None, None).expect("set up sync");
    db
}

async fn edit_partner(app: &App, field: &str, value: &str) {
    app.click("nav-partners").await;
    app.text_contains("page-title", "合作伙伴").await;
    app.click_row_with("list-row", PARTNER).await;
    app.text_contains("detail-title", PARTNER).await;
    app.click("detail-edit").await;
    app.visible("entity-form").await;
    app.fill(field, value).await;
    app.click("form-submit").await;
    app.gone("entity-form").await;
}

async fn sync_now(app: &App) {
    app.click("nav-settings").await;
    app.visible("settings-sync").await;
    app.click("sync-now").await;
    app.text_contains("sync-indicator", "已同步").await;
}

#[test]
fn two_apps_sync_through_a_shared_folder() {
    let shared = tempfile::tempdir().expect("the shared folder");
    let (da, db) = (
        tempfile::tempdir().expect("data folder A"),
        tempfile::tempdir().expect("data folder B"),
    );
    {
        // A has the partner; B joins A's desk through the folder before either app starts.
        let a = set_up(da.path(), shared.path());
        a.write(|tx| directory::create_organization(tx, common::org(OrgKind::Partner, PARTNER)))
            .expect("the partner");
        sync::run(&a, RunOptions::default()).expect("A's first sync");
        let b = set_up(db.path(), shared.path());
        sync::run(&b, RunOptions::default()).expect("B's first sync");
    }
    run(async {
        let mut steps = Steps::new();
        // No keychain under the test's bare X server: the publish password comes the way cron jobs give it.
        let password = [(liaison_desk::sync::publish::PASSWORD_ENV, "desk")];
        let (ha, hb) = (
            Harness::start("sync-a", &password),
            Harness::start("sync-b", &[]),
        );
        let a = App::launch(&ha, da.path(), "sync-a").await;
        let b = App::launch(&hb, db.path(), "sync-b").await;
        for app in [&a, &b] {
            app.visible_within("dashboard", FIRST_PAINT).await;
            app.click("nav-settings").await;
            app.click("settings-language-zh-CN").await;
            app.text_contains("sync-indicator", "已同步").await;
        }
        steps.step("two apps, each on its own data folder, both synced");

        edit_partner(&a, "field-website", PARTNER_NEW_WEBSITE).await;
        a.body_contains(PARTNER_NEW_WEBSITE).await;
        a.text_contains("sync-indicator", "待发送").await;
        sync_now(&a).await;
        sync_now(&b).await;
        b.click("nav-partners").await;
        b.click_row_with("list-row", PARTNER).await;
        b.body_contains(PARTNER_NEW_WEBSITE).await;
        b.screenshot("sync-edit-arrived-zh").await;
        steps.step("A's new website shows in B after Sync now on both");

        edit_partner(&a, "field-address", "苏州工业园区星湖街 328 号").await;
        edit_partner(&b, "field-address", "苏州市吴中区东吴北路 8 号").await;
        sync_now(&a).await;
        sync_now(&b).await;
        b.visible("sync-conflicts").await;
        b.text_contains("sync-conflicts", "苏州工业园区星湖街 328 号")
            .await;
        b.text_contains("sync-conflicts", "苏州市吴中区东吴北路 8 号")
            .await;
        // The indicator opens Settings at the sync panel, conflicts first.
        b.click("sync-indicator").await;
        b.settle_toasts().await;
        b.screenshot("sync-conflict-listed-zh").await;
        steps.step("the address edited on both is listed in B's conflicts, both values shown");

        // B keeps A's address: it becomes an edit that reaches A.
        let row = b.rows("sync-conflicts").await;
        assert!(!row.is_empty());
        let id: i32 = db_conflict(db.path());
        b.click(&format!("sync-keep-theirs-{id}")).await;
        b.gone("sync-conflicts").await;
        sync_now(&b).await;
        sync_now(&a).await;
        a.click("nav-partners").await;
        a.click_row_with("list-row", PARTNER).await;
        a.body_contains("苏州工业园区星湖街 328 号").await;
        steps.step("B kept A's address; both hold it after syncing");

        let server = common::radicale::start_radicale();
        let book = format!("http://127.0.0.1:{}/desk/desk-book/", server.port);
        a.click("nav-settings").await;
        a.fill("publish-contacts", &book).await;
        a.fill("publish-user", "desk").await;
        a.fill("publish-password", "desk").await;
        a.click("publish-save").await;
        a.click("publish-now").await;
        a.text_contains("publish-status", "名片 1 张").await;
        a.settle_toasts().await;
        a.screenshot("sync-publish-zh").await;
        let card = |server: &common::radicale::Radicale| {
            let (_, listing) =
                common::radicale::http(server, "PROPFIND", "/desk/desk-book/", &["Depth: 1"], None);
            let name = listing
                .split(".vcf")
                .next()
                .and_then(|h| h.rsplit('/').next())
                .expect("a card on the server")
                .to_string();
            common::radicale::http(
                server,
                "GET",
                &format!("/desk/desk-book/{name}.vcf"),
                &[],
                None,
            )
            .1
        };
        assert!(card(&server).contains(PARTNER), "the partner's card");
        steps.step("A publishes its address book to a CardDAV server");

        edit_partner(&a, "field-website", "https://published.example.cn").await;
        sync_now(&a).await;
        assert!(
            card(&server).contains("https://published.example.cn"),
            "the edit reached the address book with the sync"
        );
        steps.step("an edit reaches the address book with the next sync");
        a.close().await;
        b.close().await;
    });
}

fn db_conflict(dir: &std::path::Path) -> i32 {
    let db = Db::open_in(dir).expect("open the database");
    sync::conflicts(&db, true).expect("conflicts")[0].id
}
