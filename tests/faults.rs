//! Disk full and I/O errors: the failing write reports a clear "could not save" error, the database passes
//! integrity_check afterwards, and every row written before is still there.
//!
//! Methods, and why:
//! - `PRAGMA max_page_count` makes SQLite itself report a full disk at an exact size, in-process and on any machine:
//!   the failure lands mid-transaction, which is the case that must roll back cleanly.
//! - A 1 MiB tmpfs (when the tests run as root, as on the build machines) is a real full filesystem: the write
//!   that fails is the operating system's, for the WAL file.
//! - `fiu-run` (Debian's fiu-utils, installed by scripts/install-deps.sh) makes the real binary's `pwrite` and
//!   `fsync` calls fail, which no filesystem does on demand. SQLite writes with pwrite64 and syncs with fsync
//!   (checked with strace); the binary's own output uses write(), so its messages still get out.

mod common;

use common::*;
use liaison_desk::domain::OrgKind;
use liaison_desk::error::AppError;
use liaison_desk::export::summary::Lang;
use liaison_desk::messages;
use liaison_desk::services::directory;
use liaison_desk::store::Db;
use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

fn ids(db: &Db, table: &str) -> HashSet<String> {
    db.read(|c| {
        let mut stmt = c.prepare(&format!("SELECT id FROM {table}"))?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    })
    .unwrap()
}

fn integrity(path: &Path) -> String {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Writes organizations with 8 KiB of notes until a write fails; returns the ids written and the error.
fn fill(db: &Db) -> (Vec<String>, AppError) {
    let mut written = Vec::new();
    for i in 0..100_000 {
        let mut input = org(OrgKind::Supplier, &format!("填满 Fill {i}"));
        input.notes = Some("备注".repeat(1400));
        match db.write(|tx| directory::create_organization(tx, input)) {
            Ok(o) => written.push(o.id),
            Err(e) => return (written, e),
        }
    }
    panic!("the disk never filled up");
}

fn assert_clear_could_not_save(e: &AppError) {
    let en = messages::describe(Lang::En, e, &|f| f.to_string());
    let zh = messages::describe(Lang::ZhCn, e, &|f| f.to_string());
    assert!(en.starts_with("Could not save"), "{en}");
    assert!(zh.starts_with("无法保存"), "{zh}");
}

#[test]
fn a_full_disk_by_page_limit_fails_the_write_cleanly_and_keeps_earlier_rows() {
    let (dir, db) = temp_db();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    db.write(|tx| liaison_desk::services::demo::load(tx, today))
        .unwrap();
    let before = ids(&db, "organizations");
    let pages: i64 = db
        .read(|c| Ok(c.query_row("PRAGMA page_count", [], |r| r.get(0))?))
        .unwrap();
    db.with_writer(|c| Ok(c.pragma_update(None, "max_page_count", pages + 40)?))
        .unwrap();

    let (written, e) = fill(&db);
    assert!(matches!(e, AppError::DiskFull { .. }), "{e:?}");
    assert_eq!(e.code(), "disk_full");
    assert_clear_could_not_save(&e);
    assert!(!written.is_empty(), "some writes fit before the limit");

    assert_eq!(integrity(&dir.path().join("liaison-desk.db")), "ok");
    let after = ids(&db, "organizations");
    assert!(before.is_subset(&after), "rows from before are intact");
    assert!(
        written.iter().all(|id| after.contains(id)),
        "every saved write is there"
    );
    assert_eq!(
        after.len(),
        before.len() + written.len(),
        "the failed write left nothing behind"
    );

    // With room again, saving works as before.
    db.with_writer(|c| Ok(c.pragma_update(None, "max_page_count", 1_073_741_823)?))
        .unwrap();
    db.write(|tx| directory::create_organization(tx, org(OrgKind::Client, "有空间了 Room again")))
        .unwrap();
}

/// A real full filesystem: a 1 MiB tmpfs. Mounting needs root, which the build machines' tests run as.
#[test]
fn a_full_filesystem_fails_the_write_cleanly_and_keeps_earlier_rows() {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    if !root {
        println!("disk full on tmpfs: not root, so only the page-limit method ran");
        return;
    }
    let mnt = tempfile::tempdir().unwrap();
    let status = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(mnt.path())
        .status()
        .unwrap();
    assert!(status.success(), "mount a 1 MiB tmpfs (root)");
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(mnt.path());

    let db = Db::open_in(mnt.path()).unwrap();
    let first = db
        .write(|tx| directory::create_organization(tx, org(OrgKind::Partner, "第一个 First")))
        .unwrap()
        .id;
    let (written, e) = fill(&db);
    assert!(
        matches!(
            e,
            AppError::DiskFull { .. } | AppError::StorageFailure { .. }
        ),
        "{e:?}"
    );
    assert_clear_could_not_save(&e);
    let after = ids(&db, "organizations");
    assert!(after.contains(&first));
    assert!(
        written.iter().all(|id| after.contains(id)),
        "every saved write is there"
    );
    drop(db);
    assert_eq!(integrity(&mnt.path().join("liaison-desk.db")), "ok");
    println!(
        "disk full on tmpfs: {} writes saved before the 1 MiB filesystem filled up",
        written.len()
    );
}

fn cli(dir: &Path, fault: Option<&str>, lang: &str, args: &[&str]) -> std::process::Output {
    let bin = env!("CARGO_BIN_EXE_liaison-desk");
    let mut cmd = match fault {
        Some(f) => {
            let mut c = Command::new("fiu-run");
            c.args(["-x", "-c", f, bin]);
            c
        }
        None => Command::new(bin),
    };
    cmd.arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .env("RUST_LOG", "off")
        .output()
        .expect("run fiu-run (Debian package fiu-utils; scripts/install-deps.sh installs it)")
}

#[test]
fn injected_write_and_fsync_errors_give_a_clear_error_and_keep_earlier_rows() {
    let faults = [
        "enable_random name=posix/io/rw/pwrite,probability=0.02",
        "enable name=posix/io/sync/fsync",
    ];
    for fault in faults {
        for (lang, expected) in [("C.UTF-8", "Could not save"), ("zh_CN.UTF-8", "无法保存")] {
            let dir = tempfile::tempdir().unwrap();
            let ok = cli(dir.path(), None, lang, &["demo"]);
            assert!(ok.status.success());
            let db = Db::open_in(dir.path()).unwrap();
            let before = ids(&db, "organizations");
            drop(db);

            let o = cli(
                dir.path(),
                Some(fault),
                lang,
                &["seed", "--orgs", "3000", "--contacts", "3000"],
            );
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(!o.status.success(), "{fault}: the write must fail");
            assert!(err.contains(expected), "{fault}: {err}");
            assert!(!err.contains("panicked"), "{fault}: {err}");

            // Without the fault: the file is sound and what was there before is still there.
            let check = cli(dir.path(), None, lang, &["check"]);
            assert!(
                check.status.success(),
                "{fault}: {}",
                String::from_utf8_lossy(&check.stderr)
            );
            let db = Db::open_in(dir.path()).unwrap();
            assert!(
                before.is_subset(&ids(&db, "organizations")),
                "{fault}: rows from before are intact"
            );
        }
    }
}
