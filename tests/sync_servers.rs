//! Sync through real servers started here on 127.0.0.1 and stopped by their PID: wsgidav (WebDAV with
//! authentication), `rclone serve webdav` (a minimal WebDAV server) and moto (the S3 API). Three devices edit
//! through each; all end with the same data, table by table. Then the faults: a wrong password, a server stopped
//! mid-way and started again.

mod common;

use common::*;
use liaison_desk::domain::*;
use liaison_desk::error::AppError;
use liaison_desk::services::{directory, meetings, minutes};
use liaison_desk::store::Db;
use liaison_desk::sync::{self, RunOptions, SyncSettings, Target};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};
use tempfile::TempDir;

const USER: &str = "liaison";
const PASSWORD: &str = "s3cret-密码";

/// Every server here takes the same password, given the way cron jobs give it.
fn password_from_env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| std::env::set_var(sync::secret::PASSWORD_ENV, PASSWORD));
}

fn venv_bin(name: &str) -> PathBuf {
    let cache = std::env::var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").expect("HOME")).join(".cache"));
    let bin = cache.join("liaison-desk-test-venv/bin").join(name);
    assert!(
        bin.exists(),
        "{} is missing: run scripts/install-deps.sh",
        bin.display()
    );
    bin
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server {
    child: Child,
    port: u16,
    _dir: TempDir,
    start: Box<dyn Fn(u16) -> Child>,
}

impl Server {
    fn spawn(start: Box<dyn Fn(u16) -> Child>, dir: TempDir) -> Server {
        let port = free_port();
        let child = start(port);
        let s = Server {
            child,
            port,
            _dir: dir,
            start,
        };
        s.wait_ready();
        s
    }

    fn wait_ready(&self) {
        let until = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < until,
                "server on port {} did not start",
                self.port
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn restart(&mut self) {
        self.stop();
        self.child = (self.start)(self.port);
        self.wait_ready();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn quiet(cmd: &mut Command) -> Child {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start test server")
}

fn wsgidav(password: &'static str) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    std::fs::create_dir_all(root.join("desk")).unwrap();
    let config = dir.path().join("wsgidav.yaml");
    let write_config = move |port: u16| {
        std::fs::write(
            &config,
            format!(
                "host: 127.0.0.1\nport: {port}\nverbose: 0\nprovider_mapping:\n  \"/\": \"{}\"\n\
                 simple_dc:\n  user_mapping:\n    \"*\":\n      \"{USER}\":\n        password: \"{password}\"\n\
                 http_authenticator:\n  accept_basic: true\n  accept_digest: false\n  default_to_digest: false\n",
                root.display()
            ),
        )
        .unwrap();
        quiet(
            Command::new(venv_bin("wsgidav"))
                .arg("--config")
                .arg(&config),
        )
    };
    Server::spawn(Box::new(write_config), dir)
}

fn rclone() -> Server {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("desk")).unwrap();
    let root = dir.path().to_path_buf();
    let start = move |port: u16| {
        quiet(
            Command::new("rclone")
                .args([
                    "serve",
                    "webdav",
                    "--addr",
                    &format!("127.0.0.1:{port}"),
                    "--user",
                    USER,
                    "--pass",
                    PASSWORD,
                ])
                .arg(&root),
        )
    };
    Server::spawn(Box::new(start), dir)
}

fn moto() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let start = |port: u16| {
        quiet(Command::new(venv_bin("moto_server")).args([
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ]))
    };
    let s = Server::spawn(Box::new(start), dir);
    // moto keeps buckets in memory: make the one the devices share.
    let made = Command::new("curl")
        .args([
            "-sf",
            "-X",
            "PUT",
            &format!("http://127.0.0.1:{}/desk", s.port),
        ])
        .status()
        .unwrap();
    assert!(made.success(), "bucket created");
    s
}

fn webdav_target(s: &Server) -> Target {
    Target::Webdav {
        url: format!("http://127.0.0.1:{}/desk/", s.port),
        user: USER.into(),
    }
}

fn s3_target(s: &Server) -> Target {
    Target::S3 {
        endpoint: format!("http://127.0.0.1:{}", s.port),
        bucket: "desk".into(),
        prefix: "team/liaison".into(),
        region: "us-east-1".into(),
        access_key: "AKIDLIAISON".into(),
    }
}

struct Device {
    _dir: TempDir,
    db: Db,
}

fn device(target: &Target) -> Device {
    password_from_env();
    let (dir, db) = temp_db();
    let settings = SyncSettings {
        target: target.clone(),
        every_minutes: 15,
        on_start: true,
        after_edits: true,
        encrypted: false,
    };
    sync::setup(&db, settings, None, None).unwrap();
    Device { _dir: dir, db }
}

fn run(d: &Device) -> sync::SyncReport {
    sync::run(&d.db, RunOptions::default()).unwrap()
}

fn sync_all(ds: &[&Device]) {
    for _ in 0..2 {
        for d in ds {
            run(d);
        }
    }
}

/// The whole story through one target: A, B and C edit; D joins late.
fn three_devices_through(target: &Target) {
    let (a, b, c) = (device(target), device(target), device(target));
    let o =
        a.db.write(|tx| directory::create_organization(tx, org(OrgKind::Supplier, "苏州恒通电子")))
            .unwrap();
    let gone =
        a.db.write(|tx| directory::create_organization(tx, org(OrgKind::Client, "宁波新材料")))
            .unwrap();
    let m =
        a.db.write(|tx| meetings::create_meeting(tx, meeting("供应商季度评审")))
            .unwrap();
    a.db.write(|tx| {
        minutes::set_notes(
            tx,
            &m.id,
            Some("议程：交期\n结论：待定\n下一步：待定".into()),
        )
    })
    .unwrap();
    sync_all(&[&a, &b, &c]);
    // Different fields of one record; the same field on two devices; notes on two lines; a delete against an edit.
    edit_org(&a.db, &o.id, |x| x.address = Some("苏州工业园区".into()));
    edit_org(&b.db, &o.id, |x| {
        x.website = Some("https://ht.example.cn".into())
    });
    edit_org(&a.db, &o.id, |x| x.tier = Some("B".into()));
    edit_org(&c.db, &o.id, |x| x.tier = Some("C".into()));
    a.db.write(|tx| {
        minutes::set_notes(
            tx,
            &m.id,
            Some("议程：交期与质量\n结论：待定\n下一步：待定".into()),
        )
    })
    .unwrap();
    b.db.write(|tx| {
        minutes::set_notes(
            tx,
            &m.id,
            Some("议程：交期\n结论：待定\n下一步：周五前回复".into()),
        )
    })
    .unwrap();
    b.db.write(|tx| directory::delete_organization(tx, &gone.id, false))
        .unwrap();
    edit_org(&c.db, &gone.id, |x| x.address = Some("宁波市北仑区".into()));
    sync_all(&[&a, &b, &c]);
    let want = synced_rows(&a.db);
    assert_eq!(synced_rows(&b.db), want, "B");
    assert_eq!(synced_rows(&c.db), want, "C");
    let got =
        a.db.read(|cn| directory::get_organization(cn, &o.id))
            .unwrap();
    assert_eq!(got.address.as_deref(), Some("苏州工业园区"));
    assert_eq!(got.website.as_deref(), Some("https://ht.example.cn"));
    let notes =
        a.db.read(|cn| meetings::get_meeting(cn, &m.id))
            .unwrap()
            .notes;
    assert_eq!(
        notes.as_deref(),
        Some("议程：交期与质量\n结论：待定\n下一步：周五前回复")
    );
    let listed = |d: &Device| sync::conflicts(&d.db, true).unwrap();
    let kinds = |d: &Device| {
        listed(d)
            .iter()
            .map(|k| format!("{}:{}", k.kind, k.field))
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(&a), vec!["field:tier"], "A: the tier clash");
    assert!(
        kinds(&c).contains(&"field:tier".to_string())
            && kinds(&c).contains(&"deleted:deleted_at".to_string()),
        "C: {:?}",
        kinds(&c)
    );
    assert_eq!(
        kinds(&b),
        vec!["deleted:deleted_at"],
        "B: its delete met C's edit"
    );
    // D joins: the same data.
    let d = device(target);
    sync_all(&[&d]);
    assert_eq!(synced_rows(&d.db), want, "D");
}

#[test]
fn three_devices_through_wsgidav() {
    let s = wsgidav(PASSWORD);
    three_devices_through(&webdav_target(&s));
}

#[test]
fn three_devices_through_rclone_webdav() {
    let s = rclone();
    three_devices_through(&webdav_target(&s));
}

#[test]
fn three_devices_through_s3() {
    let s = moto();
    three_devices_through(&s3_target(&s));
}

#[test]
fn a_wrong_password_is_refused_with_a_clear_message() {
    password_from_env();
    let s = wsgidav("another-password");
    let (dir, db) = temp_db();
    let settings = SyncSettings {
        target: webdav_target(&s),
        every_minutes: 15,
        on_start: true,
        after_edits: true,
        encrypted: false,
    };
    let err = sync::setup(&db, settings, None, None).unwrap_err();
    assert!(matches!(err, AppError::SyncDenied { .. }), "{err:?}");
    let said =
        liaison_desk::messages::describe(liaison_desk::export::summary::Lang::ZhCn, &err, &|f| {
            f.to_string()
        });
    assert!(said.contains("密码"), "{said}");
    drop(dir);
}

#[test]
fn a_server_stopped_mid_way_loses_and_duplicates_nothing() {
    let mut s = rclone();
    let target = webdav_target(&s);
    let (a, b) = (device(&target), device(&target));
    for i in 0..30 {
        a.db.write(|tx| {
            directory::create_organization(tx, org(OrgKind::Partner, &format!("伙伴 {i}")))
        })
        .unwrap();
    }
    s.stop();
    let err = sync::run(&a.db, RunOptions::default()).unwrap_err();
    assert!(matches!(err, AppError::SyncUnreachable { .. }), "{err:?}");
    assert_eq!(sync::status(&a.db).unwrap().pending, 30, "still queued");
    s.restart();
    assert_eq!(run(&a).sent, 30);
    run(&b);
    assert_eq!(synced_rows(&b.db), synced_rows(&a.db));
    let n: i64 =
        b.db.read(|c| Ok(c.query_row("SELECT count(*) FROM organizations", [], |r| r.get(0))?))
            .unwrap();
    assert_eq!(n, 30);
}
