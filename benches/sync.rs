//! Sync at scale (docs/benchmarks.md, "Sync"):
//!
//! - `first sync`: a database seeded through `services::demo::seed` is set up for sync to a folder and synced
//!   once: every row goes out as a change, and a snapshot is written. Reported: time, rows/s, bytes on the target.
//! - `incremental`: 100 edits on one device, then that device's sync and another device's, against a local wsgidav
//!   WebDAV server (started here on 127.0.0.1). Goal: ≤ 1 s.
//! - `converge`: 10 devices each make `LIAISON_BENCH_SYNC_CHANGES` changes (100,000 by default: a million in all)
//!   to their own records and to 50 records every device edits; then each syncs until all hold the same data.
//!   Reported: wall time and the bytes stored on the target.
//!
//! Without `--bench` (e.g. `cargo test --benches`) everything runs once at a small size as a smoke test.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use liaison_desk::domain::{OrgKind, OrganizationInput};
use liaison_desk::services::demo::{self, SeedPlan};
use liaison_desk::services::directory;
use liaison_desk::store::Db;
use liaison_desk::sync::{self, RunOptions, SyncSettings, Target};

const FULL: SeedPlan = SeedPlan {
    orgs: 20_000,
    contacts: 50_000,
    projects: 5_000,
    tasks: 100_000,
    meetings: 20_000,
};
const SMOKE: SeedPlan = SeedPlan {
    orgs: 50,
    contacts: 100,
    projects: 10,
    tasks: 200,
    meetings: 40,
};

fn settings(target: Target) -> SyncSettings {
    SyncSettings {
        target,
        every_minutes: 0,
        on_start: false,
        after_edits: false,
        encrypted: false,
    }
}

fn folder(p: &Path) -> Target {
    Target::Folder {
        path: p.display().to_string(),
    }
}

fn bytes_under(p: &Path) -> (u64, usize) {
    let mut total = (0, 0);
    for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
        let path = e.path();
        if path.is_dir() {
            let (b, n) = bytes_under(&path);
            total = (total.0 + b, total.1 + n);
        } else if let Ok(m) = e.metadata() {
            total = (total.0 + m.len(), total.1 + 1);
        }
    }
    total
}

fn mib(b: u64) -> String {
    format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0))
}

fn org(name: String) -> OrganizationInput {
    OrganizationInput {
        kind: OrgKind::Supplier,
        name,
        tier: Some("A".into()),
        tags: vec![],
        address: None,
        website: None,
        notes: None,
        lead_contact_id: None,
        weekly_capacity_hours: None,
        color: None,
    }
}

fn first_sync(plan: SeedPlan) {
    let root = tempfile::tempdir().expect("temp");
    let db = Db::open_in(&root.path().join("a")).expect("db");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let rows = demo::seed(&db, plan, 42, today).expect("seed");
    let shared = root.path().join("shared");
    std::fs::create_dir_all(&shared).expect("shared");
    let t = Instant::now();
    sync::setup(&db, settings(folder(&shared)), None, None).expect("setup");
    let queued = t.elapsed().as_secs_f64();
    let r = sync::run(&db, RunOptions::default()).expect("first sync");
    let total = t.elapsed().as_secs_f64();
    let (bytes, files) = bytes_under(&shared);
    println!(
        "first sync to a folder: {rows} rows, {} changes: set-up (queueing) {queued:.2} s, sync {:.2} s, total {total:.2} s \
         = {:.0} rows/s; {} in {files} files (batches and a snapshot)",
        r.sent,
        total - queued,
        rows as f64 / total,
        mib(bytes)
    );
    // A second device joins from that snapshot.
    let b = Db::open_in(&root.path().join("b")).expect("db b");
    sync::setup(&b, settings(folder(&shared)), None, None).expect("setup b");
    let t = Instant::now();
    let r = sync::run(&b, RunOptions::default()).expect("join");
    println!(
        "a new device joins: {:.2} s, {} changes received, snapshot {}",
        t.elapsed().as_secs_f64(),
        r.received,
        r.snapshot_loaded
    );
}

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wsgidav(root: &Path) -> (Server, u16) {
    let cache = std::env::var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").expect("HOME")).join(".cache"));
    let bin = cache.join("liaison-desk-test-venv/bin/wsgidav");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    std::fs::create_dir_all(root.join("desk")).expect("root");
    let config = root.join("wsgidav.yaml");
    std::fs::write(
        &config,
        format!(
            "host: 127.0.0.1\nport: {port}\nverbose: 0\nprovider_mapping:\n  \"/\": \"{}\"\n\
             simple_dc:\n  user_mapping:\n    \"*\":\n      \"bench\":\n        password: \"bench-pw\"\n\
             http_authenticator:\n  accept_basic: true\n  accept_digest: false\n  default_to_digest: false\n",
            root.display()
        ),
    )
    .expect("config");
    let child = Command::new(&bin)
        .arg("--config")
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {} (run scripts/install-deps.sh): {e}", bin.display()));
    let until = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "wsgidav did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (Server(child), port)
}

fn incremental(rounds: usize) {
    std::env::set_var(sync::secret::PASSWORD_ENV, "bench-pw");
    let root = tempfile::tempdir().expect("temp");
    let (_server, port) = wsgidav(&root.path().join("dav"));
    let target = Target::Webdav {
        url: format!("http://127.0.0.1:{port}/desk/"),
        user: "bench".into(),
    };
    let a = Db::open_in(&root.path().join("a")).expect("a");
    let b = Db::open_in(&root.path().join("b")).expect("b");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    a.write(|tx| demo::load(tx, today)).expect("demo");
    sync::setup(&a, settings(target.clone()), None, None).expect("setup a");
    sync::setup(&b, settings(target), None, None).expect("setup b");
    sync::run(&a, RunOptions::default()).expect("a");
    sync::run(&b, RunOptions::default()).expect("b");
    let ids: Vec<String> = a
        .read(|c| {
            liaison_desk::store::rows(c, "SELECT id FROM organizations LIMIT 100", [], |r| {
                r.get(0)
            })
        })
        .expect("ids");
    let (mut send, mut receive) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        for i in 0..100 {
            let id = &ids[i % ids.len()];
            a.write(|tx| {
                let o = directory::get_organization(tx, id)?;
                let mut input = org(o.name);
                input.kind = o.kind;
                input.address = Some(format!("第 {round} 轮地址 {i}"));
                directory::update_organization(tx, id, input)
            })
            .expect("edit");
        }
        let t = Instant::now();
        let r = sync::run(&a, RunOptions::default()).expect("send");
        send.push(t.elapsed().as_secs_f64());
        assert!(r.sent >= 100);
        let t = Instant::now();
        let r = sync::run(&b, RunOptions::default()).expect("receive");
        receive.push(t.elapsed().as_secs_f64());
        assert!(r.received >= 100);
    }
    let stat = |v: &mut Vec<f64>| {
        v.sort_by(|x, y| x.total_cmp(y));
        format!(
            "median {:.0} ms, max {:.0} ms",
            v[v.len() / 2] * 1e3,
            v[v.len() - 1] * 1e3
        )
    };
    println!(
        "incremental sync of 100 changes via wsgidav ({rounds} rounds): sending device {}; receiving device {} (goal ≤ 1 s)",
        stat(&mut send),
        stat(&mut receive)
    );
}

fn converge(devices: usize, changes: usize) {
    let root = tempfile::tempdir().expect("temp");
    let shared = root.path().join("shared");
    std::fs::create_dir_all(&shared).expect("shared");
    let dbs: Vec<Db> = (0..devices)
        .map(|i| {
            let db = Db::open_in(&root.path().join(format!("d{i}"))).expect("db");
            sync::setup(&db, settings(folder(&shared)), None, None).expect("setup");
            db
        })
        .collect();
    // 50 records everyone edits, from the first device.
    let shared_ids: Vec<String> = dbs[0]
        .write(|tx| {
            (0..50)
                .map(|i| directory::create_organization(tx, org(format!("共享 {i}"))).map(|o| o.id))
                .collect()
        })
        .expect("shared records");
    for db in &dbs {
        sync::run(db, RunOptions::default()).expect("first round");
    }
    let t = Instant::now();
    // Each device: a tenth of its changes create records, the rest edit them and the shared ones (one change per
    // field: an address edit is address + updated_at).
    for (d, db) in dbs.iter().enumerate() {
        let creates = (changes / 10).max(1);
        db.write(|tx| {
            let mut own = Vec::new();
            for i in 0..creates {
                own.push(directory::create_organization(tx, org(format!("设备 {d} 组织 {i}")))?.id);
            }
            let mut made = creates;
            let mut i = 0;
            while made < changes {
                let id = if i % 10 == 0 {
                    &shared_ids[i % shared_ids.len()]
                } else {
                    &own[i % own.len()]
                };
                let o = directory::get_organization(tx, id)?;
                let mut input = org(o.name);
                input.address = Some(format!("设备 {d} 第 {i} 次"));
                directory::update_organization(tx, id, input)?;
                made += 2;
                i += 1;
            }
            Ok(())
        })
        .expect("changes");
    }
    let edits = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for _ in 0..2 {
        for db in &dbs {
            sync::run(db, RunOptions::default()).expect("sync");
        }
    }
    let wall = t.elapsed().as_secs_f64();
    let (bytes, files) = bytes_under(&shared);
    let count = |db: &Db| -> i64 {
        db.read(|c| Ok(c.query_row("SELECT count(*) FROM organizations", [], |r| r.get(0))?))
            .expect("count")
    };
    let n0 = count(&dbs[0]);
    assert!(dbs.iter().all(|db| count(db) == n0), "all devices converge");
    println!(
        "{devices} devices × {changes} changes: edits {edits:.1} s; two rounds of sync on every device {wall:.1} s; \
         {} stored in {files} files; {n0} organizations on each device",
        mib(bytes)
    );
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let changes: usize = std::env::var("LIAISON_BENCH_SYNC_CHANGES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if bench { 100_000 } else { 200 });
    first_sync(if bench { FULL } else { SMOKE });
    incremental(if bench { 10 } else { 1 });
    converge(if bench { 10 } else { 3 }, changes);
}
