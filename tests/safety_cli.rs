//! The data-safety commands of the binary, in both languages: backup, check, restore, export all / import all,
//! and what every command says about a damaged database.

mod common;

use common::rows_in;
use liaison_desk::store::backup::DataLock;
use std::path::Path;
use std::process::{Command, Output};

fn run_in(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("LIAISON_DESK_DATA_DIR")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .env("RUST_LOG", "off")
        .output()
        .expect("run liaison-desk")
}

fn en(dir: &Path, args: &[&str]) -> Output {
    run_in(dir, "C.UTF-8", args)
}

fn zh(dir: &Path, args: &[&str]) -> Output {
    run_in(dir, "zh_CN.UTF-8", args)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", text(&o));
    text(&o)
}

fn damage(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let len = std::fs::metadata(path).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(len / 2)).unwrap();
    f.write_all(&[0xA5; 8192]).unwrap();
}

#[test]
fn backup_check_and_restore_speak_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    ok(en(dir.path(), &["demo"]));
    let rows = rows_in(dir.path());
    let said = ok(en(dir.path(), &["backup"]));
    assert!(
        said.contains(&format!("Backed up {rows} rows")) && said.contains("verified"),
        "{said}"
    );
    let said = ok(zh(dir.path(), &["backup"]));
    assert!(
        said.contains(&format!("已将 {rows} 行备份到")) && said.contains("已验证"),
        "{said}"
    );
    let said = ok(en(dir.path(), &["check"]));
    assert!(said.contains(": ok"), "{said}");
    let said = ok(zh(dir.path(), &["check"]));
    assert!(said.contains("正常"), "{said}");

    let file = dir.path().join("mine.db");
    ok(en(dir.path(), &["backup", "-o", file.to_str().unwrap()]));
    let said = ok(zh(dir.path(), &["restore", file.to_str().unwrap()]));
    assert!(
        said.contains(&format!("恢复 {rows} 行")) && said.contains("被替换的数据库已保留为"),
        "{said}"
    );
}

#[test]
fn restore_is_refused_while_the_app_holds_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    ok(en(dir.path(), &["demo"]));
    let file = dir.path().join("b.db");
    ok(en(dir.path(), &["backup", "-o", file.to_str().unwrap()]));
    let app = DataLock::acquire(dir.path()).unwrap();
    let o = en(dir.path(), &["restore", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("Liaison Desk has this database open. Quit the app"),
        "{}",
        text(&o)
    );
    let o = zh(dir.path(), &["restore", file.to_str().unwrap()]);
    assert!(text(&o).contains("正在使用此数据库"), "{}", text(&o));
    drop(app);
    ok(en(dir.path(), &["restore", file.to_str().unwrap()]));
}

#[test]
fn a_damaged_database_stops_every_command_and_names_the_backup_to_restore() {
    let dir = tempfile::tempdir().unwrap();
    ok(en(dir.path(), &["demo"]));
    let rows = rows_in(dir.path());
    ok(en(dir.path(), &["backup"]));
    let live = dir.path().join("liaison-desk.db");
    let before = std::fs::read(&live).unwrap();
    damage(&live);

    for args in [
        &["info"][..],
        &["meetings"],
        &["export", "all", "-o", "/dev/null"],
        &["check"],
    ] {
        let o = en(dir.path(), args);
        assert!(!o.status.success(), "{args:?} on a damaged file");
        let t = text(&o);
        assert!(t.contains("The database file is damaged"), "{args:?}: {t}");
        assert!(!t.contains("panicked"), "{t}");
    }
    let o = zh(dir.path(), &["meetings"]);
    let t = text(&o);
    assert!(
        t.contains("数据库文件已损坏") && t.contains("最新的完好备份"),
        "{t}"
    );
    let o = en(dir.path(), &["info"]);
    let t = text(&o);
    let newest = t
        .lines()
        .find_map(|l| l.strip_prefix("newest sound backup: "))
        .unwrap_or_else(|| panic!("the message names the backup: {t}"))
        .to_string();
    assert!(
        std::fs::metadata(&live).unwrap().len() as usize >= before.len() / 2,
        "the damaged file is left in place"
    );

    let said = ok(en(dir.path(), &["restore", &newest]));
    assert!(said.contains(&format!("Restored {rows} rows")), "{said}");
    assert!(
        said.contains("damaged-"),
        "the damaged file is set aside, not deleted: {said}"
    );
    ok(en(dir.path(), &["check"]));
    let listed = ok(en(dir.path(), &["meetings"]));
    assert!(listed.lines().count() >= 5, "{listed}");
}

#[test]
fn export_all_and_import_all_round_trip_and_refuse_a_database_with_data() {
    let dir = tempfile::tempdir().unwrap();
    ok(en(dir.path(), &["demo"]));
    let rows = rows_in(dir.path());
    let a = dir.path().join("a.json");
    let said = ok(zh(
        dir.path(),
        &["export", "all", "-o", a.to_str().unwrap()],
    ));
    assert!(said.contains(&format!("30 张表，{rows} 行")), "{said}");

    let o = en(dir.path(), &["import", "all", a.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(text(&o).contains("--merge"), "{}", text(&o));
    ok(en(
        dir.path(),
        &["import", "all", a.to_str().unwrap(), "--merge"],
    ));

    let other = tempfile::tempdir().unwrap();
    let said = ok(en(other.path(), &["import", "all", a.to_str().unwrap()]));
    assert!(
        said.contains(&format!("Imported {rows} rows of 30 tables")),
        "{said}"
    );
    let b = dir.path().join("b.json");
    ok(en(
        other.path(),
        &["export", "all", "-o", b.to_str().unwrap()],
    ));
    let strip = |p: &Path| {
        let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("exported_at");
        v
    };
    assert_eq!(strip(&a), strip(&b));

    // A hostile file: the place is named, in both languages, and nothing is written.
    let mut doc = strip(&a);
    doc["tables"]["tasks"][4]["progress"] = serde_json::json!("a lot");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&doc).unwrap()).unwrap();
    let empty = tempfile::tempdir().unwrap();
    let o = zh(empty.path(), &["import", "all", bad.to_str().unwrap()]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(
        t.contains("要导入的文件无效") && t.contains("$.tables.tasks[4].progress"),
        "{t}"
    );
    let said = ok(en(
        empty.path(),
        &["export", "all", "-o", b.to_str().unwrap()],
    ));
    assert!(said.contains("0 rows"), "nothing was imported: {said}");
}
