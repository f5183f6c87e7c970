//! List pages at scale: what a list command costs end to end compared with the SQL it runs.
//!
//! On a database seeded through `services::demo::seed` (20k organizations, 50k contacts, 5k projects, 100k tasks,
//! 20k meetings), each scenario is measured three ways:
//!
//! - `raw`: the exact statements the handler runs (the `count(*)` for the total and the keyset page query with
//!   LIMIT 51), executed with rusqlite on a connection of its own, rows read into tuples;
//! - `handler`: what a Tauri list command does, minus the webview: deserialize the JSON arguments, call the same
//!   store function the command calls inside `Db::read`, serialize the `Page` to JSON;
//! - `handler_hop`: the same plus the `spawn_blocking` hop `AppState::read` makes on a tokio runtime.
//!
//! Criterion reports its usual estimates; afterwards the bench times 2000 interleaved runs of each variant itself
//! and prints mean, p50, p99 and the handler/raw ratios (the issue's goals: handler ≤ 1.5× raw, p99 ≤ 5 ms), the
//! query plans, and the seeding throughput.
//!
//! The seeded database is cached under `target/bench-db/<sizes>/` with the throughput measured when it was built;
//! `LIAISON_BENCH_RESEED=1` seeds (and measures) again. `LIAISON_BENCH_SAMPLES=N` changes the sample count.
//! Without `--bench` (e.g. `cargo test --benches`) it runs once on a small database as a smoke test.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::Criterion;
use liaison_desk::domain::{ContactQuery, OrganizationQuery, TaskQuery};
use liaison_desk::services::demo::{self, SeedPlan};
use liaison_desk::services::{directory, projects};
use liaison_desk::store::db::{DB_FILE, SCHEMA_VERSION};
use liaison_desk::store::{self, Db};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OpenFlags, Row};
use serde::Deserialize;

/// The issue's plan.
const FULL: SeedPlan = SeedPlan {
    orgs: 20_000,
    contacts: 50_000,
    projects: 5_000,
    tasks: 100_000,
    meetings: 20_000,
};

/// For `cargo test --benches`: proves the bench still runs without seeding 195k rows.
const SMOKE: SeedPlan = SeedPlan {
    orgs: 400,
    contacts: 1_000,
    projects: 100,
    tasks: 2_000,
    meetings: 400,
};

const SEED: u64 = 42;
/// Bumped when `demo::seed` writes different data (2: meetings and task blocks over two years, weekly series;
/// 3: meeting minutes in Chinese and English).
const SEED_VERSION: u32 = 3;
const PAGE: usize = 50;

fn main() {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let plan = if bench_mode { FULL } else { SMOKE };
    let samples: usize = std::env::var("LIAISON_BENCH_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if bench_mode { 2000 } else { 20 });

    let dir = seeded_dir(plan);
    let db = Arc::new(Db::open_in(&dir).expect("open the seeded database"));
    let raw = raw_connection(&dir.join(DB_FILE));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("a tokio runtime like Tauri's");

    let scenarios = scenarios(&db);
    for s in &scenarios {
        s.verify(&db, &raw);
    }

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    for s in &scenarios {
        let mut g = c.benchmark_group(s.name);
        g.bench_function("raw", |b| b.iter(|| black_box((s.raw)(&raw, s))));
        g.bench_function("handler", |b| b.iter(|| black_box(s.handler(&db))));
        g.bench_function("handler_hop", |b| {
            b.iter(|| black_box(s.handler_hop(&rt, &db)))
        });
        g.finish();
    }
    c.final_summary();

    println!();
    println!(
        "Timed runs: {samples} per variant, interleaved; load average before: {}",
        loadavg()
    );
    println!(
        "{:<26} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>7}",
        "scenario",
        "total",
        "raw mean",
        "raw p99",
        "hdl mean",
        "hdl p50",
        "hdl p99",
        "hop mean",
        "hop p99",
        "x mean",
        "x p99"
    );
    let mut misses = Vec::new();
    for s in &scenarios {
        let (raw_t, handler_t, hop_t) = s.sample(&rt, &db, &raw, samples);
        let (r, h, hop) = (stats(raw_t), stats(handler_t), stats(hop_t));
        let ratio = h.mean / r.mean;
        let ratio_p99 = h.p99 / r.p99;
        println!(
            "{:<26} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>6.2}x {:>6.2}x",
            s.name,
            s.total,
            ms(r.mean),
            ms(r.p99),
            ms(h.mean),
            ms(h.p50),
            ms(h.p99),
            ms(hop.mean),
            ms(hop.p99),
            ratio,
            ratio_p99
        );
        if ratio > 1.5 {
            misses.push(format!(
                "{}: handler mean is {ratio:.2}x raw (goal ≤ 1.5x)",
                s.name
            ));
        }
        if hop.p99 > 5e6 {
            misses.push(format!(
                "{}: handler p99 with the async hop is {} (goal ≤ 5 ms)",
                s.name,
                ms(hop.p99)
            ));
        }
    }
    println!(
        "(times in ms; hdl = handler in the calling thread, hop = handler through spawn_blocking)"
    );
    if misses.is_empty() {
        println!("All list-page goals met.");
    } else {
        println!("Goals missed:");
        for m in &misses {
            println!("  - {m}");
        }
    }

    planner_week(&db, &rt, samples);
    search_all(&db, &dir, samples);

    println!();
    println!("Query plans (EXPLAIN QUERY PLAN):");
    for s in &scenarios {
        println!("{}:", s.name);
        for (label, sql, n) in [
            ("count", &s.count_sql, s.count_params),
            ("page", &s.page_sql, s.params.len()),
        ] {
            println!("  {label}:");
            for line in plan_of(&raw, sql, &s.params[..n]) {
                println!("    {line}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The planner's week

/// The week the calendar opens on, on the seeded database: meetings, task blocks and weekly series expanded,
/// conflicts marked. Measured like a command: JSON arguments in, `Db::read`, JSON out (and through the
/// spawn_blocking hop). Also the workload grid and the free-slot finder over the same week.
fn planner_week(db: &Arc<Db>, rt: &tokio::runtime::Runtime, samples: usize) {
    use liaison_desk::services::planner::{self, FreeSlotQuery, RangeQuery};
    let args = serde_json::json!({ "query": {
        "from": "2026-03-02T00:00:00+08:00", "to": "2026-03-09T00:00:00+08:00", "time_zone": "Asia/Shanghai"
    }});
    #[derive(Deserialize)]
    struct Args {
        query: RangeQuery,
    }
    fn range(db: &Db, args: &serde_json::Value) -> String {
        let a: Args = serde_json::from_value(args.clone()).expect("range arguments");
        let r = db
            .read(|c| planner::range(c, &a.query))
            .expect("planner range");
        serde_json::to_string(&r).expect("serialize the range")
    }
    let week = db
        .read(|c| {
            planner::range(
                c,
                &serde_json::from_value::<Args>(args.clone())
                    .expect("range arguments")
                    .query,
            )
        })
        .expect("planner range");
    let series = week.events.iter().filter(|e| e.recurring).count();
    let blocks = week
        .events
        .iter()
        .filter(|e| e.occurrence.is_none() && !e.recurring && e.status.is_some())
        .count();
    let conflicted = week
        .events
        .iter()
        .filter(|e| !e.conflicts.is_empty())
        .count();
    let timed = |what: &str, f: &dyn Fn() -> String| {
        let mut t = Vec::with_capacity(samples);
        for _ in 0..samples {
            let started = Instant::now();
            black_box(f());
            t.push(started.elapsed().as_nanos() as f64);
        }
        let s = stats(t);
        println!(
            "{what:<34} mean {:>8}  p50 {:>8}  p99 {:>8}",
            ms(s.mean),
            ms(s.p50),
            ms(s.p99)
        );
        s
    };
    println!();
    println!(
        "Planner week 2026-03-02 (Asia/Shanghai): {} events ({} series occurrences, {} task blocks, {} with conflicts)",
        week.events.len(),
        series,
        blocks,
        conflicted
    );
    let handler = timed("week range: handler", &|| range(db, &args));
    let hop = timed("week range: handler + hop", &|| {
        let db = db.clone();
        let args = args.clone();
        rt.block_on(async move {
            tokio::task::spawn_blocking(move || range(&db, &args))
                .await
                .expect("the blocking task finishes")
        })
    });
    let q: RangeQuery = serde_json::from_value::<Args>(args.clone())
        .expect("args")
        .query;
    timed("workload grid: service + JSON", &|| {
        serde_json::to_string(&db.read(|c| planner::workload(c, &q)).expect("workload"))
            .expect("json")
    });
    let busy = week
        .events
        .iter()
        .find(|e| e.people.len() > 1)
        .map(|e| e.people.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
        .unwrap_or_default();
    let free = FreeSlotQuery {
        contact_ids: busy,
        department_ids: vec![],
        duration_minutes: 60,
        after: "2026-03-02T08:00:00+08:00".into(),
        time_zone: "Asia/Shanghai".into(),
        ignore_key: None,
        within_days: None,
        before: None,
    };
    timed("free slot (2 people, 14 days)", &|| {
        format!(
            "{:?}",
            db.read(|c| planner::free_slot(c, &free))
                .expect("free slot")
        )
    });
    let goal = 10e6;
    if handler.p99 <= goal && hop.p99 <= goal {
        println!("Planner goal met: week query p99 ≤ 10 ms.");
    } else {
        println!(
            "Planner goal missed: week query p99 {} ms (hop {} ms), goal ≤ 10 ms.",
            ms(handler.p99),
            ms(hop.p99)
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Search

/// The palette's search over everything on the seeded database: JSON in, `Db::read`, JSON out, for a 2-character
/// Chinese word, an English word, pinyin and a one-character prefix; then a rebuild of the whole index (rolled back).
fn search_all(db: &Db, dir: &Path, samples: usize) {
    #[derive(Deserialize)]
    struct Args {
        query: String,
        kind: Option<String>,
        limit: Option<u32>,
    }
    fn handler(db: &Db, args: &str) -> String {
        let a: Args = serde_json::from_str(args).expect("search arguments");
        let hits = db
            .read(|c| {
                liaison_desk::search::search(c, &a.query, a.kind.as_deref(), a.limit.unwrap_or(30))
            })
            .expect("search");
        serde_json::to_string(&hits).expect("serialize the hits")
    }
    println!();
    let docs: i64 = db
        .read(|c| Ok(c.query_row("SELECT count(*) FROM search_docs", [], |r| r.get(0))?))
        .expect("count documents");
    println!("Search over {docs} documents:");
    let mut worst = 0.0f64;
    for q in [
        "研发",
        "交期",
        "项目预算",
        "恒通",
        "supplier",
        "review",
        "hengtong",
        "ht",
        "s",
    ] {
        let args = serde_json::json!({ "query": q, "kind": null, "limit": 30 }).to_string();
        let n = serde_json::from_str::<serde_json::Value>(&handler(db, &args))
            .expect("hits JSON")
            .as_array()
            .map_or(0, Vec::len);
        let mut t = Vec::with_capacity(samples);
        for _ in 0..samples {
            let started = Instant::now();
            black_box(handler(db, &args));
            t.push(started.elapsed().as_nanos() as f64);
        }
        let s = stats(t);
        worst = worst.max(s.p99);
        println!(
            "search {q:<10} {n:>3} hits   mean {:>8}  p50 {:>8}  p99 {:>8}",
            ms(s.mean),
            ms(s.p50),
            ms(s.p99)
        );
    }
    println!(
        "Search goal {}: handler p99 {} ms (goal ≤ 15 ms).",
        if worst <= 15e6 { "met" } else { "missed" },
        ms(worst)
    );
    let mut conn = raw_connection(&dir.join(DB_FILE));
    liaison_desk::search::install(&conn).expect("install the search triggers");
    let tx = conn.transaction().expect("a transaction to roll back");
    let started = Instant::now();
    let n = liaison_desk::search::rebuild(&tx, &mut |_, _| {}).expect("rebuild");
    let secs = started.elapsed().as_secs_f64();
    drop(tx);
    println!(
        "Index rebuild: {n} documents in {secs:.2} s ({:.0} documents/s; goal ≥ 20k/s)",
        n as f64 / secs
    );
    // The index's size: a compacted copy of the database with and without the search tables' rows.
    let copies = tempfile::tempdir().expect("a folder for the copies");
    let size = |emptied: bool| -> u64 {
        let path = copies.path().join(format!("copy-{emptied}.db"));
        conn.execute("VACUUM INTO ?1", [path.to_string_lossy()])
            .expect("vacuum into a copy");
        if emptied {
            let copy = raw_connection(&path);
            copy.execute_batch(
                "INSERT INTO search_index (search_index) VALUES ('delete-all'); DELETE FROM search_docs; VACUUM;",
            )
            .expect("empty the copy's index");
        }
        std::fs::metadata(&path).expect("the copy").len()
    };
    let (with, without) = (size(false), size(true));
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!(
        "Index size: {:.1} MiB of a {:.1} MiB database ({:.1} MiB without it; {:.0} bytes per document)",
        mib(with - without),
        mib(with),
        mib(without),
        (with - without) as f64 / n as f64
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Seeding, cached per plan

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// A hash of the migration files, so a changed index (even under the same schema version during development)
/// means a fresh database rather than a stale cached one.
fn migrations_fingerprint() -> u64 {
    use std::hash::{Hash, Hasher};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/migrations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the migrations folder")
        .map(|e| e.expect("a migration file").path())
        .collect();
    files.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in files {
        std::fs::read(&f)
            .expect("a readable migration")
            .hash(&mut h);
    }
    h.finish()
}

/// The folder of a database seeded with `plan`, seeding it (and recording the throughput) when it is missing.
fn seeded_dir(plan: SeedPlan) -> PathBuf {
    let key = format!(
        "o{}-c{}-p{}-t{}-m{}-seed{SEED}v{SEED_VERSION}-schema{SCHEMA_VERSION}-{:016x}",
        plan.orgs,
        plan.contacts,
        plan.projects,
        plan.tasks,
        plan.meetings,
        migrations_fingerprint()
    );
    let root = target_dir().join("bench-db");
    let dir = root.join(&key);
    let report = dir.join("seed-report.txt");
    let reseed = std::env::var_os("LIAISON_BENCH_RESEED").is_some_and(|v| v != "0");
    if !reseed && dir.join(DB_FILE).is_file() {
        if let Ok(text) = std::fs::read_to_string(&report) {
            println!("Seeded database (cached, {}): {text}", dir.display());
            return dir;
        }
    }

    let tmp = root.join(format!("{key}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let db = Db::open_in(&tmp).expect("create the bench database");
    // A fixed day keeps the data identical from run to run.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("a valid date");
    let started = Instant::now();
    let rows = demo::seed(&db, plan, SEED, today).expect("seed the bench database");
    let secs = started.elapsed().as_secs_f64();
    drop(db);
    let text = format!(
        "{rows} rows in {secs:.2} s = {:.0} rows/s (seeded {}, release build, into a fresh folder: unsynced load, synced once at the end, ANALYZE included)",
        rows as f64 / secs,
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC")
    );
    std::fs::write(tmp.join("seed-report.txt"), &text).expect("write the seed report");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(&tmp, &dir).expect("move the seeded database into place");
    println!("Seeded database (fresh, {}): {text}", dir.display());
    dir
}

/// The raw side gets its own connection with the pragmas that matter for reads (temp_store for sorts).
fn raw_connection(path: &Path) -> Connection {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("open the raw connection");
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;")
        .expect("raw connection pragmas");
    conn
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios

/// A command's arguments as IPC delivers them: `{"query": {...}}`.
#[derive(Deserialize)]
struct Args<Q> {
    query: Q,
}

#[derive(Clone, Copy)]
enum Handler {
    Contacts,
    Organizations,
    Tasks,
}

/// What the handler computes, and what the raw side computes, for one list page.
struct Scenario {
    name: &'static str,
    handler: Handler,
    args: String,
    count_sql: String,
    /// Whether the handler counts: only first pages (no cursor) carry a total.
    counted: bool,
    page_sql: String,
    /// Page parameters; the first `count_params` of them are the count's.
    params: Vec<Value>,
    count_params: usize,
    /// Runs the two statements and returns (total, rows read, id of the 50th row).
    raw: fn(&Connection, &Scenario) -> (i32, usize, String),
    total: i32,
}

/// Like the Tauri command body, in the calling thread: JSON in, `Db::read` around the store call, JSON out.
fn handle(db: &Db, which: Handler, args: &str) -> String {
    fn run<Q: serde::de::DeserializeOwned, T: serde::Serialize>(
        db: &Db,
        args: &str,
        f: fn(&Connection, &Q) -> liaison_desk::error::Result<T>,
    ) -> String {
        let a: Args<Q> = serde_json::from_str(args).expect("valid arguments");
        // IPC sends the Ok value to resolve the promise, or the error to reject it.
        match db.read(move |c| f(c, &a.query)) {
            Ok(page) => serde_json::to_string(&page),
            Err(e) => serde_json::to_string(&e),
        }
        .expect("a serializable result")
    }
    match which {
        Handler::Contacts => run::<ContactQuery, _>(db, args, store::contacts::list),
        Handler::Organizations => {
            run::<OrganizationQuery, _>(db, args, directory::list_organizations)
        }
        Handler::Tasks => run::<TaskQuery, _>(db, args, projects::list_tasks),
    }
}

impl Scenario {
    fn handler(&self, db: &Db) -> String {
        handle(db, self.handler, &self.args)
    }

    /// With the hop `AppState::read` makes: the store call runs on tokio's blocking pool, awaited from a task.
    fn handler_hop(&self, rt: &tokio::runtime::Runtime, db: &Arc<Db>) -> String {
        let db = db.clone();
        let which = self.handler;
        let args = self.args.clone();
        rt.block_on(async move {
            tokio::task::spawn_blocking(move || handle(&db, which, &args))
                .await
                .expect("the blocking task finishes")
        })
    }

    /// The handler and the raw SQL must agree before their times mean anything.
    fn verify(&self, db: &Db, raw: &Connection) {
        let page: serde_json::Value =
            serde_json::from_str(&self.handler(db)).expect("handler JSON");
        let items = page["items"].as_array().expect("a page of items");
        let (total, n, id) = (self.raw)(raw, self);
        let expected_total = self.counted.then_some(i64::from(total));
        assert_eq!(page["total"].as_i64(), expected_total, "{}", self.name);
        assert_eq!(items.len(), n.min(PAGE), "{}", self.name);
        if n >= PAGE {
            assert_eq!(
                items[PAGE - 1]["id"].as_str(),
                Some(id.as_str()),
                "{}",
                self.name
            );
        }
    }

    /// `n` timed runs of each variant, interleaved so that background load hits all three alike.
    fn sample(
        &self,
        rt: &tokio::runtime::Runtime,
        db: &Arc<Db>,
        raw: &Connection,
        n: usize,
    ) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let warm = (n / 10).max(5);
        let (mut r, mut h, mut hop) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for i in 0..warm + n {
            let t = Instant::now();
            black_box((self.raw)(raw, self));
            let tr = t.elapsed();
            let t = Instant::now();
            black_box(self.handler(db));
            let th = t.elapsed();
            let t = Instant::now();
            black_box(self.handler_hop(rt, db));
            let thop = t.elapsed();
            if i >= warm {
                r.push(tr.as_nanos() as f64);
                h.push(th.as_nanos() as f64);
                hop.push(thop.as_nanos() as f64);
            }
        }
        (r, h, hop)
    }
}

fn page_json<Q: serde::de::DeserializeOwned>(s: &str) -> String {
    // Parse once so a typo in a scenario fails here, not inside a timed loop.
    let _: Args<Q> = serde_json::from_str(s).expect("scenario arguments parse");
    s.to_string()
}

fn scenarios(db: &Db) -> Vec<Scenario> {
    let limit = Value::Integer(PAGE as i64 + 1);

    let contact_cols =
        "c.id, c.name, c.title, c.organization_id, o.name, c.emails, c.phones, c.wechat, \
        c.notes, c.created_at, c.updated_at, c.deleted_at";
    // Many contacts match "maple", so the list reads its own order and keeps the matches (`Filter::resolve`): ?1
    // is the kind, ?2 to ?4 the index query and the kind's block of row ids. The index alone counts them.
    let contact_where = "c.deleted_at IS NULL AND (SELECT s.doc FROM search_docs s WHERE s.kind = ?1 AND s.id = c.id) \
        IN (SELECT rowid FROM search_index WHERE search_index MATCH ?2 AND rowid BETWEEN ?3 AND ?4)";
    let matching = |w: &str| -> Vec<Value> {
        let (expr, _) = liaison_desk::search::text::query(w).expect("a searchable word");
        let mut p = vec![Value::Text("contact".into())];
        p.extend(liaison_desk::search::matching_params("contact", &expr).expect("a kind"));
        p
    };
    let contacts_page = |extra: &str| {
        format!(
            "SELECT {contact_cols}, c.name_sort FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id \
             WHERE {contact_where}{extra} ORDER BY c.name_sort ASC, c.id ASC LIMIT ?"
        )
    };
    let contacts_count = "SELECT count(*) FROM (SELECT rowid FROM search_index \
        WHERE ?1 IS NOT NULL AND search_index MATCH ?2 AND rowid BETWEEN ?3 AND ?4)"
        .to_string();

    let mut out = vec![Scenario {
        name: "contacts_search_by_name",
        handler: Handler::Contacts,
        args: page_json::<ContactQuery>(
            r#"{"query":{"search":"maple","organization_id":null,"sort":"name","cursor":null,"limit":50}}"#,
        ),
        count_sql: contacts_count.clone(),
        counted: true,
        page_sql: contacts_page(""),
        params: [matching("maple"), vec![limit.clone()]].concat(),
        count_params: 4,
        raw: raw_contacts,
        total: 0,
    }];

    // The second page continues from the first page's cursor, as the UI's infinite list does.
    let first: serde_json::Value =
        serde_json::from_str(&out[0].handler(db)).expect("first page JSON");
    let cursor = first["next_cursor"]
        .as_str()
        .expect("the first page has a next page")
        .to_string();
    let (sort_value, id): (String, String) =
        serde_json::from_str(&cursor).expect("a [name_sort, id] cursor");
    out.push(Scenario {
        name: "contacts_search_page2",
        handler: Handler::Contacts,
        args: page_json::<ContactQuery>(
            &serde_json::json!({"query": {"search": "maple", "organization_id": null, "sort": "name",
                "cursor": cursor, "limit": 50}})
            .to_string(),
        ),
        count_sql: contacts_count,
        counted: false,
        page_sql: contacts_page(" AND (c.name_sort, c.id) > (?, ?)"),
        params: [
            matching("maple"),
            vec![Value::Text(sort_value), Value::Text(id), limit.clone()],
        ]
        .concat(),
        count_params: 4,
        raw: raw_contacts,
        total: 0,
    });

    let org_where = "o.deleted_at IS NULL AND o.kind = ?";
    out.push(Scenario {
        name: "organizations_partner_by_name",
        handler: Handler::Organizations,
        args: page_json::<OrganizationQuery>(
            r#"{"query":{"search":null,"kind":"partner","sort":"name","cursor":null,"limit":50}}"#,
        ),
        count_sql: format!("SELECT count(*) FROM organizations o WHERE {org_where}"),
        counted: true,
        page_sql: format!(
            "SELECT o.id, o.kind, o.name, o.tier, o.tags, o.address, o.website, o.notes, o.lead_contact_id, \
             lc.name, o.weekly_capacity_hours, \
             (SELECT count(*) FROM contacts c WHERE c.organization_id = o.id AND c.deleted_at IS NULL), \
             o.created_at, o.updated_at, o.deleted_at, o.name_sort \
             FROM organizations o LEFT JOIN contacts lc ON lc.id = o.lead_contact_id \
             WHERE {org_where} ORDER BY o.name_sort ASC, o.id ASC LIMIT ?"
        ),
        params: vec![Value::Text("partner".into()), limit.clone()],
        count_params: 1,
        raw: raw_organizations,
        total: 0,
    });

    let task_where = "t.deleted_at IS NULL AND t.status = ?";
    out.push(Scenario {
        name: "tasks_todo_by_due",
        handler: Handler::Tasks,
        args: page_json::<TaskQuery>(
            r#"{"query":{"search":null,"project_id":null,"meeting_id":null,"status":"todo","sort":"due","cursor":null,"limit":50}}"#,
        ),
        count_sql: format!("SELECT count(*) FROM tasks t WHERE {task_where}"),
        counted: true,
        page_sql: format!(
            "SELECT t.id, t.title, t.description, t.project_id, p.name, t.meeting_id, m.title, \
             t.assignee_contact_id, c.name, t.assignee_department_id, d.name, t.due_date, t.status, t.progress, \
             t.priority, t.estimate_hours, t.scheduled_start, t.scheduled_end, t.sort_key, t.created_at, \
             t.updated_at, t.deleted_at, ifnull(t.due_date, '9999-12-31') \
             FROM tasks t LEFT JOIN projects p ON p.id = t.project_id LEFT JOIN meetings m ON m.id = t.meeting_id \
             LEFT JOIN contacts c ON c.id = t.assignee_contact_id \
             LEFT JOIN organizations d ON d.id = t.assignee_department_id \
             WHERE {task_where} ORDER BY ifnull(t.due_date, '9999-12-31') ASC, t.id ASC LIMIT ?"
        ),
        params: vec![Value::Text("todo".into()), limit],
        count_params: 1,
        raw: raw_tasks,
        total: 0,
    });

    for s in &mut out {
        s.total = count(db, s);
    }
    out
}

fn count(db: &Db, s: &Scenario) -> i32 {
    db.read(|c| {
        Ok(c.query_row(
            &s.count_sql,
            params_from_iter(&s.params[..s.count_params]),
            |r| r.get(0),
        )?)
    })
    .expect("count")
}

// ---------------------------------------------------------------------------------------------------------------
// The raw side: the same two statements, rows into tuples

fn raw_page<T>(
    conn: &Connection,
    s: &Scenario,
    map: impl FnMut(&Row) -> rusqlite::Result<T>,
    id_of: impl FnOnce(T) -> String,
) -> (i32, usize, String) {
    let total: i32 = if s.counted {
        conn.prepare_cached(&s.count_sql)
            .expect("count statement")
            .query_row(params_from_iter(&s.params[..s.count_params]), |r| r.get(0))
            .expect("count row")
    } else {
        0
    };
    let mut stmt = conn.prepare_cached(&s.page_sql).expect("page statement");
    let mut rows: Vec<T> = stmt
        .query_map(params_from_iter(&s.params), map)
        .expect("page query")
        .collect::<rusqlite::Result<_>>()
        .expect("page rows");
    let n = rows.len();
    let id = if n >= PAGE {
        id_of(rows.swap_remove(PAGE - 1))
    } else {
        String::new()
    };
    (total, n, id)
}

type S = String;
type O = Option<String>;

fn raw_contacts(conn: &Connection, s: &Scenario) -> (i32, usize, String) {
    type ContactRow = (S, S, O, O, O, S, S, O, O, S, S, O, S);
    raw_page(
        conn,
        s,
        |r| -> rusqlite::Result<ContactRow> {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
            ))
        },
        |row| row.0,
    )
}

fn raw_organizations(conn: &Connection, s: &Scenario) -> (i32, usize, String) {
    type OrgRow = (
        (S, S, S, O, S, O, O, O),
        (O, O, Option<f64>, i32, S, S, O, S),
    );
    raw_page(
        conn,
        s,
        |r| -> rusqlite::Result<OrgRow> {
            Ok((
                (
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ),
                (
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    r.get(12)?,
                    r.get(13)?,
                    r.get(14)?,
                    r.get(15)?,
                ),
            ))
        },
        |row| row.0 .0,
    )
}

fn raw_tasks(conn: &Connection, s: &Scenario) -> (i32, usize, String) {
    type TaskRow = (
        (S, S, O, O, O, O, O, O),
        (O, O, O, O, S, i32, S, Option<f64>),
        (O, O, f64, S, S, O, S),
    );
    raw_page(
        conn,
        s,
        |r| -> rusqlite::Result<TaskRow> {
            Ok((
                (
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ),
                (
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    r.get(12)?,
                    r.get(13)?,
                    r.get(14)?,
                    r.get(15)?,
                ),
                (
                    r.get(16)?,
                    r.get(17)?,
                    r.get(18)?,
                    r.get(19)?,
                    r.get(20)?,
                    r.get(21)?,
                    r.get(22)?,
                ),
            ))
        },
        |row| row.0 .0,
    )
}

// ---------------------------------------------------------------------------------------------------------------
// Reporting

struct Stats {
    mean: f64,
    p50: f64,
    p99: f64,
}

/// Nearest-rank percentiles over nanosecond samples.
fn stats(mut v: Vec<f64>) -> Stats {
    v.sort_by(f64::total_cmp);
    let rank = |p: f64| {
        let i = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1;
        v[i]
    };
    Stats {
        mean: v.iter().sum::<f64>() / v.len() as f64,
        p50: rank(0.50),
        p99: rank(0.99),
    }
}

fn ms(ns: f64) -> String {
    format!("{:.3}", ns / 1e6)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn plan_of(conn: &Connection, sql: &str, params: &[Value]) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("explain");
    let rows = stmt
        .query_map(params_from_iter(params), |r| r.get::<_, String>(3))
        .expect("plan rows");
    rows.map(|r| r.unwrap_or_default()).collect()
}
