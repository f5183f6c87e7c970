//! Data safety at scale: a verified backup against `cp` of the same file (measured in the same run), the start-up
//! `quick_check` and the full check, and the JSON export and import in rows per second.
//!
//! The database is seeded through `services::demo::seed` with the scale plan (20k organizations, 50k
//! contacts, 5k projects, 100k tasks, 20k meetings) into a temporary folder. Each figure is the median of
//! `LIAISON_BENCH_SAMPLES` runs (default 5), with the fastest and slowest beside it. Without `--bench` (as in
//! `cargo test --benches`) it runs once on a small database as a smoke test.

use liaison_desk::services::archive;
use liaison_desk::services::demo::{self, SeedPlan};
use liaison_desk::store::backup;
use liaison_desk::store::db::DB_FILE;
use liaison_desk::store::Db;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const FULL: SeedPlan = SeedPlan {
    orgs: 20_000,
    contacts: 50_000,
    projects: 5_000,
    tasks: 100_000,
    meetings: 20_000,
};

const SMOKE: SeedPlan = SeedPlan {
    orgs: 200,
    contacts: 500,
    projects: 50,
    tasks: 1_000,
    meetings: 200,
};

struct Figure {
    median: f64,
    min: f64,
    max: f64,
}

/// Runs `f` `n` times (after `setup` each time, untimed) and returns the median, fastest and slowest seconds.
fn time(n: usize, mut setup: impl FnMut(), mut f: impl FnMut()) -> Figure {
    let mut v: Vec<f64> = (0..n)
        .map(|_| {
            setup();
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    v.sort_by(f64::total_cmp);
    Figure {
        median: v[v.len() / 2],
        min: v[0],
        max: v[v.len() - 1],
    }
}

fn ms(f: &Figure) -> String {
    format!(
        "{:.1} ms (min {:.1}, max {:.1})",
        f.median * 1e3,
        f.min * 1e3,
        f.max * 1e3
    )
}

fn main() {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let plan = if bench_mode { FULL } else { SMOKE };
    let n: usize = std::env::var("LIAISON_BENCH_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if bench_mode { 5 } else { 1 })
        .max(1);

    let root = tempfile::tempdir().expect("a temp folder");
    let dir = root.path().join("data");
    let db = Db::open_in(&dir).expect("create the database");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("a valid date");
    let t = Instant::now();
    let seeded = demo::seed(&db, plan, 42, today).expect("seed");
    let seed_secs = t.elapsed().as_secs_f64();
    // A checkpoint first, so the file `cp` copies holds every row, as the backup's copy does.
    db.with_writer(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?))
        .expect("checkpoint");
    let live = dir.join(DB_FILE);
    let bytes = std::fs::metadata(&live).expect("the database file").len();
    let rows: i64 = db
        .read(backup::row_counts)
        .expect("counts")
        .values()
        .map(|n| i64::from(*n))
        .sum();

    let out = root.path().join("out");
    std::fs::create_dir_all(&out).expect("an output folder");
    let dest = out.join("copy.db");
    let clear = || {
        let _ = std::fs::remove_file(&dest);
    };
    let cp = time(n, clear, || {
        let ok = Command::new("cp")
            .arg(&live)
            .arg(&dest)
            .status()
            .expect("run cp")
            .success();
        assert!(ok, "cp failed");
    });
    // cp does not sync; a backup that counts must be on disk, so cp followed by an fsync of the copy is the fair
    // comparison (both are reported).
    let cp_sync = time(n, clear, || {
        let ok = Command::new("cp")
            .arg(&live)
            .arg(&dest)
            .status()
            .expect("run cp")
            .success();
        assert!(ok, "cp failed");
        std::fs::File::open(&dest)
            .and_then(|f| f.sync_all())
            .expect("fsync the copy");
    });
    let raw_backup = time(n, clear, || db.backup_to(&dest).expect("backup"));
    // The copy part of a verified backup is timed from the start to its first "verifying" report.
    let mut copy_parts = Vec::new();
    let verified = time(n, clear, || {
        let started = Instant::now();
        let mut copied_at = None;
        db.backup_verified_with(&dest, &mut |p| {
            if p.verifying && copied_at.is_none() {
                copied_at = Some(started.elapsed().as_secs_f64());
            }
        })
        .expect("verified backup");
        copy_parts.extend(copied_at);
    });
    copy_parts.sort_by(f64::total_cmp);
    let copy_part = Figure {
        median: copy_parts[copy_parts.len() / 2],
        min: copy_parts[0],
        max: copy_parts[copy_parts.len() - 1],
    };
    let verify_only = time(
        n,
        || {},
        || {
            backup::verify_file(&dest).expect("verify");
        },
    );
    let quick = time(
        n,
        || {},
        || backup::quick_check(&live).expect("quick_check"),
    );
    let startup = time(
        n,
        || {},
        || {
            backup::startup_check(&dir, &dir.join("backups")).expect("start-up check");
        },
    );
    let full = time(
        n,
        || {},
        || {
            backup::check(&live).expect("check");
        },
    );

    let json = out.join("all.json");
    let export = time(
        n,
        || {},
        || {
            archive::export_file(&db, &json).expect("export");
        },
    );
    let json_bytes = std::fs::metadata(&json).expect("the export").len();
    // Each import goes into a new empty database, made outside the timed part.
    let target: std::cell::RefCell<Option<(tempfile::TempDir, Db)>> = std::cell::RefCell::new(None);
    let import = time(
        n,
        || {
            let d = tempfile::tempdir().expect("a temp folder");
            let db = Db::open_in(d.path()).expect("an empty database");
            *target.borrow_mut() = Some((d, db));
        },
        || {
            let t = target.borrow();
            let (_, db) = t.as_ref().expect("set up");
            archive::import_file(db, &json, false).expect("import");
        },
    );

    let rate = |f: &Figure| rows as f64 / f.median;
    let report = format!(
        "Data safety figures ({mode}; {seeded} rows seeded in {seed_secs:.1} s; {rows} rows, database file {mb:.1} MiB; \
         median of {n})\n\n\
         | what | time | note |\n|---|---|---|\n\
         | `cp` of the database file | {cp} | the yardstick |\n\
         | `cp` + fsync of the copy | {cps} | {r0:.2}× cp |\n\
         | online backup API copy (as before a migration, journaled) | {raw} | {r1:.2}× cp |\n\
         | verified backup: copy, integrity_check, schema, row counts, fsync | {ver} | {r2:.2}× cp, {r3:.2}× cp + fsync |\n\
         | … of which the copy (snapshot, row counts, unjournaled copy) | {cpart} | {r4:.2}× cp |\n\
         | verifying a backup file alone | {vo} | |\n\
         | start-up `quick_check` | {quick} | |\n\
         | start-up check (quick_check + open) | {startup} | |\n\
         | `liaison-desk check` (integrity, foreign keys) | {full} | |\n\
         | JSON export all ({jmb:.1} MiB) | {export} | {er:.0} rows/s |\n\
         | JSON import all into an empty database | {import} | {ir:.0} rows/s |\n",
        mode = if bench_mode { "scale plan" } else { "smoke run" },
        mb = bytes as f64 / 1048576.0,
        cp = ms(&cp),
        cps = ms(&cp_sync),
        r0 = cp_sync.median / cp.median,
        r3 = verified.median / cp_sync.median,
        raw = ms(&raw_backup),
        cpart = ms(&copy_part),
        r4 = copy_part.median / cp.median,
        r1 = raw_backup.median / cp.median,
        ver = ms(&verified),
        r2 = verified.median / cp.median,
        vo = ms(&verify_only),
        quick = ms(&quick),
        startup = ms(&startup),
        full = ms(&full),
        jmb = json_bytes as f64 / 1048576.0,
        export = ms(&export),
        er = rate(&export),
        import = ms(&import),
        ir = rate(&import),
    );
    println!("{report}");
    if bench_mode {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-safety.md");
        let _ = std::fs::write(&path, &report);
        println!("(also written to {})", path.display());
    }
}
