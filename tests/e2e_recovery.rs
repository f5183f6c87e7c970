//! End to end: a damaged database. The real app is started on a data folder whose database file was damaged after
//! a backup; it must show the recovery screen (not an empty desk), restore the backup on request, and then show the
//! data. Uses the same harness as tests/e2e.rs (Xvfb + tauri-driver + WebKitWebDriver); it fails, never skips,
//! when they cannot start.
#![cfg(feature = "desktop")]
// The harness and UI helpers are shared with tests/e2e.rs, which uses more of them than this scenario does.
#![allow(dead_code)]

#[path = "e2e/harness.rs"]
mod harness;
#[path = "e2e/ui.rs"]
mod ui;

use harness::Harness;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use ui::{App, WAIT};

fn cli(dir: &Path, args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("LANG", "C.UTF-8")
        .env("RUST_LOG", "off")
        .output()
        .expect("run liaison-desk");
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_damaged_database_shows_the_recovery_screen_and_the_backup_brings_the_data_back() {
    let data = tempfile::tempdir().expect("a temporary data folder");
    cli(data.path(), &["demo"]);
    cli(data.path(), &["backup"]);
    let live = data.path().join("liaison-desk.db");
    {
        use std::io::{Seek, SeekFrom, Write};
        let len = std::fs::metadata(&live).unwrap().len();
        let mut f = std::fs::OpenOptions::new().write(true).open(&live).unwrap();
        f.seek(SeekFrom::Start(len / 2)).unwrap();
        f.write_all(&[0x5A; 8192]).unwrap();
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let harness = Harness::start("recovery", &[("LANG", "en_US.UTF-8")]);
        let app = App::launch(&harness, data.path(), "recovery").await;
        app.visible_within("recovery-restore", Duration::from_secs(30))
            .await;
        app.text_contains("recovery-kept", "damaged-").await;
        app.visible("recovery-backup").await;
        app.screenshot("damaged").await;

        app.click("recovery-restore").await;
        app.gone("recovery-restore").await;
        app.click("nav-partners").await;
        app.poll("the restored partners in the list", WAIT, || async {
            let rows = app.rows("list-row").await;
            (!rows.is_empty()).then_some(())
        })
        .await;
        app.screenshot("restored").await;
        app.close().await;
    });

    let kept: Vec<_> = std::fs::read_dir(data.path().join("backups"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("damaged-"))
        .collect();
    assert!(
        !kept.is_empty(),
        "the damaged file is kept in the backups folder"
    );
    liaison_desk::store::backup::check(&live).expect("the restored database is sound");
}
