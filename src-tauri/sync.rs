//! Optional sync through storage the user already runs (a synced folder today; WebDAV and S3 go behind the same
//! `Storage`). The design, in `docs/sync.md`:
//! - each device writes only its own files: immutable, numbered batches of changes under
//!   `devices/<device>/log/`, a snapshot now and then under `devices/<device>/snapshot/`, and its `state.json`;
//!   no locks, no shared mutable file, so a synced folder never makes conflict copies;
//! - a device reads each other device's batches after the newest it applied, in order, never by modification time;
//! - changes are per field, stamped with a hybrid logical clock, captured by triggers in the edit's transaction;
//! - the highest clock per field wins; concurrent edits are listed as conflicts where one side was written here;
//! - deletes are the `deleted_at` field (tombstones), never inferred from a missing file.

pub mod batch;
pub mod capture;
pub mod crypt;
mod http;
pub mod merge;
pub mod publish;
mod s3;
pub mod secret;
pub mod target;
mod webdav;

use crate::domain::{new_id, now};
use crate::error::{AppError, Result};
use crate::store::{rows, Db};
use batch::{Change, Header};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;
use std::collections::BTreeMap;
pub use target::{Storage, Target};

/// The version of the files on the target; a newer one is refused rather than misread.
pub const FORMAT: i32 = 1;
/// Changes per batch file.
const BATCH_MAX: i64 = 10_000;
/// A device writes a new snapshot after this many batches of its own.
const SNAPSHOT_EVERY: i64 = 50;
/// A sync that would delete more than half of the live records, and at least this many, stops and asks.
const MASS_DELETE_MIN: i32 = 10;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SyncSettings {
    pub target: Target,
    /// Sync every N minutes while the app is open (0: never on a timer).
    pub every_minutes: i32,
    pub on_start: bool,
    pub after_edits: bool,
    /// Files on the target are end-to-end encrypted (set up with a passphrase).
    pub encrypted: bool,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct SyncDevice {
    pub device: String,
    pub name: Option<String>,
    /// The newest of its batches applied here.
    pub applied: i32,
    pub last_seen: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct SyncRun {
    pub started_at: String,
    pub finished_at: Option<String>,
    pub sent: i32,
    pub received: i32,
    pub conflicts: i32,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct SyncStatus {
    pub settings: Option<SyncSettings>,
    pub device: Option<String>,
    /// Local changes not yet written to the target.
    pub pending: i32,
    /// Changes that arrived before the rows they refer to.
    pub waiting: i32,
    pub open_conflicts: i32,
    pub devices: Vec<SyncDevice>,
    pub runs: Vec<SyncRun>,
}

#[derive(Debug, Clone, Default, Serialize, Type)]
pub struct SyncReport {
    pub sent: i32,
    pub received: i32,
    pub applied: i32,
    pub conflicts: i32,
    pub merged: i32,
    pub waiting: i32,
    pub snapshot_loaded: bool,
    pub snapshot_written: bool,
    /// Files refused (damaged or cut short), each with why; the rest of the sync went ahead.
    pub problems: Vec<String>,
    /// This data folder turned out to be a copy of another device's (the same id was in use elsewhere): it now
    /// syncs under an id of its own.
    pub new_device: bool,
    /// The calendar and address-book publish that followed, when set up and it succeeded (a failure is kept in
    /// its status and does not fail the sync).
    pub published: Option<publish::PublishReport>,
    pub secs: f64,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct SyncConflict {
    pub id: i32,
    pub table: String,
    pub row_key: String,
    pub field: String,
    /// field, notes or deleted.
    pub kind: String,
    /// The record's title or name, for people.
    pub title: Option<String>,
    /// Both values as JSON text.
    pub mine: String,
    pub theirs: String,
    /// Which side the data holds now: mine or theirs.
    pub kept: String,
    pub their_device: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncKeep {
    Mine,
    Theirs,
}

/// Where a running sync is, for the progress bar: `stage` is send, receive, apply or snapshot; `done` of `total`
/// batch files (send, receive) or steps.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SyncProgress {
    pub stage: String,
    pub done: i32,
    pub total: i32,
}

type Progress<'a> = &'a mut dyn FnMut(SyncProgress);

fn tell(progress: &mut Progress, stage: &str, done: usize, total: usize) {
    progress(SyncProgress {
        stage: stage.to_string(),
        done: done as i32,
        total: total as i32,
    });
}

#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// Apply a sync that deletes more than half of the records (after the user confirmed it).
    pub allow_deletes: bool,
}

fn device_dir(device: &str) -> String {
    format!("devices/{device}")
}

fn this_host() -> Option<String> {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
}

/// Connects to the target and makes sure it holds our format: on an empty target, writes `format.json` (with a
/// new workspace key wrapped by the passphrase when `encrypt`); on an encrypted one, unwraps its key with the
/// passphrase given or kept in the keychain, so every file is sealed and opened with it.
fn connect(
    target: &Target,
    passphrase: Option<&str>,
    encrypt: bool,
) -> Result<(Box<dyn Storage>, bool)> {
    let store = target.open()?;
    let account = format!("passphrase {}", target.describe());
    let given = passphrase
        .map(str::to_string)
        .or_else(|| secret::get(&account, secret::PASSPHRASE_ENV));
    let missing = || AppError::SyncPassphrase {
        problem: "no passphrase".into(),
    };
    let Some(bytes) = store.read("format.json")? else {
        let mut format = serde_json::json!({ "app": "liaison-desk", "format": FORMAT });
        let mut key = None;
        if encrypt {
            let p = given.ok_or_else(missing)?;
            let (k, wrapped) = crypt::new_workspace(&p)?;
            format["encryption"] = serde_json::to_value(wrapped)?;
            secret::set(&account, secret::PASSPHRASE_ENV, &p)?;
            key = Some(k);
        }
        store.write(
            "format.json",
            serde_json::to_string_pretty(&format)?.as_bytes(),
        )?;
        return Ok(match key {
            Some(key) => (Box::new(crypt::Sealed { inner: store, key }), true),
            None => (store, false),
        });
    };
    let damaged = |problem: &str| AppError::SyncDamaged {
        file: "format.json".into(),
        problem: problem.into(),
    };
    let format: Value = serde_json::from_slice(&bytes).map_err(|_| damaged("not JSON"))?;
    let found = format
        .get("format")
        .and_then(Value::as_i64)
        .ok_or_else(|| damaged("no format number"))? as i32;
    if found > FORMAT {
        return Err(AppError::SyncFormatTooNew {
            found,
            supported: FORMAT,
        });
    }
    match format.get("encryption") {
        Some(w) => {
            let wrapped: crypt::Wrapped =
                serde_json::from_value(w.clone()).map_err(|_| damaged("bad encryption entry"))?;
            let p = given.ok_or_else(missing)?;
            let key = crypt::unwrap(&p, &wrapped)?;
            if passphrase.is_some() {
                secret::set(&account, secret::PASSPHRASE_ENV, &p)?;
            }
            Ok((Box::new(crypt::Sealed { inner: store, key }), true))
        }
        None if encrypt => Err(AppError::SyncPassphrase {
            problem: "this target is not encrypted: choose an empty one to start encrypted sync"
                .into(),
        }),
        None => Ok((store, false)),
    }
}

/// Sets up (or changes) the target, keeping its password (if it takes one) in the keychain. The first set-up gives this device its id, creates the capture triggers and
/// queues every existing row, so what was here before sync reaches the other devices too. A new target starts
/// afresh: every row is queued again for it.
pub fn setup(
    db: &Db,
    mut settings: SyncSettings,
    password: Option<&str>,
    passphrase: Option<&str>,
) -> Result<SyncSettings> {
    if let (Some(account), Some(password)) = (settings.target.account(), password) {
        secret::set(&account, secret::PASSWORD_ENV, password)?;
    }
    // An encrypted target stays encrypted: a device joining it with the passphrase is set up encrypted too.
    let (_, encrypted) = connect(&settings.target, passphrase, settings.encrypted)?;
    settings.encrypted = encrypted;
    let target = serde_json::to_string(&settings.target)?;
    db.write(|tx| {
        let old: Option<String> = tx
            .query_row("SELECT target FROM sync_meta WHERE one = 1", [], |r| r.get(0))
            .optional()?;
        let t = now();
        match old {
            Some(old) => {
                tx.execute(
                    "UPDATE sync_meta SET target = ?1, every_minutes = ?2, on_start = ?3, after_edits = ?4,
                     updated_at = ?5, encrypted = ?6 WHERE one = 1",
                    params![target, settings.every_minutes, settings.on_start, settings.after_edits, t, settings.encrypted],
                )?;
                if old != target {
                    tx.execute_batch(
                        "DELETE FROM sync_outbox; DELETE FROM sync_clocks; DELETE FROM sync_peers;
                         DELETE FROM sync_parked;
                         UPDATE sync_meta SET next_batch = 1, snapshot_batch = 0 WHERE one = 1;",
                    )?;
                    capture::enqueue_all(tx)?;
                }
            }
            None => {
                tx.execute(
                    "INSERT INTO sync_meta (one, device, target, every_minutes, on_start, after_edits, created_at, updated_at, encrypted)
                     VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
                    params![new_id(), target, settings.every_minutes, settings.on_start, settings.after_edits, t, settings.encrypted],
                )?;
                capture::install(tx)?;
                capture::enqueue_all(tx)?;
            }
        }
        Ok(())
    })?;
    Ok(settings)
}

fn settings_of(conn: &Connection) -> Result<Option<(String, SyncSettings)>> {
    let row = conn
        .query_row(
            "SELECT device, target, every_minutes, on_start, after_edits, encrypted FROM sync_meta WHERE one = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i32>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, bool>(4)?,
                    r.get::<_, bool>(5)?,
                ))
            },
        )
        .optional()?;
    let Some((device, target, every_minutes, on_start, after_edits, encrypted)) = row else {
        return Ok(None);
    };
    let target: Target = serde_json::from_str(&target)?;
    Ok(Some((
        device,
        SyncSettings {
            target,
            every_minutes,
            on_start,
            after_edits,
            encrypted,
        },
    )))
}

pub fn status(db: &Db) -> Result<SyncStatus> {
    db.read(|c| {
        let found = settings_of(c)?;
        let count = |sql: &str| -> Result<i32> { Ok(c.query_row(sql, [], |r| r.get(0))?) };
        let Some((device, settings)) = found else {
            return Ok(SyncStatus {
                settings: None,
                device: None,
                pending: 0,
                waiting: 0,
                open_conflicts: 0,
                devices: Vec::new(),
                runs: Vec::new(),
            });
        };
        Ok(SyncStatus {
            settings: Some(settings),
            device: Some(device),
            pending: count("SELECT count(*) FROM sync_outbox")?,
            waiting: count("SELECT count(*) FROM sync_parked")?,
            open_conflicts: count("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL")?,
            devices: rows(
                c,
                "SELECT device, name, applied, last_seen FROM sync_peers ORDER BY last_seen DESC, device",
                [],
                |r| {
                    Ok(SyncDevice {
                        device: r.get(0)?,
                        name: r.get(1)?,
                        applied: r.get::<_, i64>(2)? as i32,
                        last_seen: r.get(3)?,
                    })
                },
            )?,
            runs: rows(
                c,
                "SELECT started_at, finished_at, sent, received, conflicts, error FROM sync_runs
                 ORDER BY id DESC LIMIT 20",
                [],
                |r| {
                    Ok(SyncRun {
                        started_at: r.get(0)?,
                        finished_at: r.get(1)?,
                        sent: r.get(2)?,
                        received: r.get(3)?,
                        conflicts: r.get(4)?,
                        error: r.get(5)?,
                    })
                },
            )?,
        })
    })
}

/// One sync: send what is queued, take in what the other devices wrote, send what merging produced. Each run is
/// recorded in `sync_runs`, failed ones with their error.
pub fn run(db: &Db, opts: RunOptions) -> Result<SyncReport> {
    run_with_progress(db, opts, &mut |_| {})
}

/// `run`, telling `progress` how far it is.
pub fn run_with_progress(db: &Db, opts: RunOptions, mut progress: Progress) -> Result<SyncReport> {
    let started = std::time::Instant::now();
    let (device, settings) = db.read(settings_of)?.ok_or(AppError::SyncNotSetUp)?;
    let run_id = db.write(|tx| {
        tx.execute("INSERT INTO sync_runs (started_at) VALUES (?1)", [now()])?;
        Ok(tx.last_insert_rowid())
    })?;
    let out = connect(&settings.target, None, settings.encrypted)
        .and_then(|(store, _)| run_with(db, store.as_ref(), &device, opts, &mut progress));
    let (sent, received, conflicts, error) = match &out {
        Ok(r) => (r.sent, r.received, r.conflicts, None),
        Err(e) => (
            0,
            0,
            0,
            Some(crate::messages::describe(
                crate::export::summary::Lang::En,
                e,
                &|f| f.to_string(),
            )),
        ),
    };
    db.write(|tx| {
        tx.execute(
            "UPDATE sync_runs SET finished_at = ?2, sent = ?3, received = ?4, conflicts = ?5, error = ?6 WHERE id = ?1",
            params![run_id, now(), sent, received, conflicts, error],
        )?;
        tx.execute(
            "DELETE FROM sync_runs WHERE id <= (SELECT max(id) FROM sync_runs) - 200",
            [],
        )?;
        Ok(())
    })?;
    let mut report = out?;
    // The calendar and address book follow what the sync brought in.
    if publish::is_set_up(db)? {
        report.published = publish::run(db).ok();
    }
    report.secs = started.elapsed().as_secs_f64();
    Ok(report)
}

fn run_with(
    db: &Db,
    store: &dyn Storage,
    me: &str,
    opts: RunOptions,
    progress: &mut Progress,
) -> Result<SyncReport> {
    let mut report = SyncReport::default();
    let renamed = own_id_taken(db, store, me)?;
    report.new_device = renamed.is_some();
    let me = renamed.as_deref().unwrap_or(me);
    report.sent += send(db, store, me, progress)?;
    receive(db, store, me, opts, &mut report, progress)?;
    // Merged notes are edits made here: out they go in the same run.
    report.sent += send(db, store, me, progress)?;
    publish_state(db, store, me)?;
    report.snapshot_written = maybe_snapshot(db, store, me, progress)?;
    Ok(report)
}

/// Whether another installation writes under this device's id: a data folder copied to a second computer (or
/// restored from a backup) starts with the same id and batch numbers, and the two would overwrite each other's
/// files. Seen as a batch or snapshot of ours numbered at or past the next one we would write, or another device
/// having read such a batch. Then this copy becomes a device of its own: a new id, its unsent changes renumbered
/// under it, and the old id a peer whose batches up to the copy are already in this database, so what the other
/// copy wrote since arrives like any device's changes. Returns the new id.
fn own_id_taken(db: &Db, store: &dyn Storage, me: &str) -> Result<Option<String>> {
    let next: i64 = db.read(|c| {
        Ok(
            c.query_row("SELECT next_batch FROM sync_meta WHERE one = 1", [], |r| {
                r.get(0)
            })?,
        )
    })?;
    let mut newest = 0;
    for dir in ["log", "snapshot"] {
        for f in store.list(&format!("{}/{dir}", device_dir(me)))? {
            newest = newest.max(batch::seq_of(&f).unwrap_or(0));
        }
    }
    if newest < next {
        for d in other_devices(store, me)? {
            let Some(bytes) = store.read(&format!("{}/state.json", device_dir(&d)))? else {
                continue;
            };
            let state: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            newest = newest.max(state["applied"][me].as_i64().unwrap_or(0));
        }
    }
    if newest < next {
        return Ok(None);
    }
    let new = new_id();
    tracing::warn!(old = me, new = %new, newest, next, "this device's id is in use by a copy: syncing under a new id");
    db.write(|tx| {
        tx.execute(
            "UPDATE sync_meta SET device = ?1, next_batch = 1, snapshot_batch = 0 WHERE one = 1",
            [&new],
        )?;
        tx.execute("UPDATE sync_outbox SET batch = NULL", [])?;
        note_peer(tx, me, next - 1)?;
        Ok(())
    })?;
    Ok(Some(new))
}

/// Assigns queued changes to numbered batches (committed first, so a run cut short rewrites the same files
/// rather than new ones), writes each batch file, then removes its changes from the queue.
fn send(db: &Db, store: &dyn Storage, me: &str, progress: &mut Progress) -> Result<i32> {
    db.write(|tx| loop {
        let next: i64 =
            tx.query_row("SELECT next_batch FROM sync_meta WHERE one = 1", [], |r| {
                r.get(0)
            })?;
        let n = tx.execute(
            "UPDATE sync_outbox SET batch = ?1 WHERE id IN
                   (SELECT id FROM sync_outbox WHERE batch IS NULL ORDER BY id LIMIT ?2)",
            params![next, BATCH_MAX],
        )?;
        if n == 0 {
            return Ok(());
        }
        tx.execute(
            "UPDATE sync_meta SET next_batch = next_batch + 1 WHERE one = 1",
            [],
        )?;
    })?;
    let batches: Vec<i64> = db.read(|c| {
        rows(
            c,
            "SELECT DISTINCT batch FROM sync_outbox WHERE batch IS NOT NULL ORDER BY batch",
            [],
            |r| r.get(0),
        )
    })?;
    let mut sent = 0;
    let total = batches.len();
    for (i, seq) in batches.into_iter().enumerate() {
        tell(progress, "send", i, total);
        let changes = db.read(|c| {
            rows(
                c,
                "SELECT tbl, row_key, field, value, clock, seen, seen_device, base FROM sync_outbox
                 WHERE batch = ?1 ORDER BY id",
                [seq],
                |r| {
                    let value: Option<String> = r.get(3)?;
                    Ok(Change {
                        t: r.get(0)?,
                        k: r.get(1)?,
                        f: r.get(2)?,
                        v: value
                            .and_then(|v| serde_json::from_str(&v).ok())
                            .unwrap_or(Value::Null),
                        c: r.get(4)?,
                        d: me.to_string(),
                        s: r.get(5)?,
                        sd: r.get(6)?,
                        b: r.get(7)?,
                    })
                },
            )
        })?;
        let header = Header {
            format: FORMAT,
            device: me.to_string(),
            seq,
            count: changes.len(),
            applied: BTreeMap::new(),
        };
        store.write(
            &format!("{}/log/{}", device_dir(me), batch::name(seq)),
            &batch::encode(&header, &changes)?,
        )?;
        db.write(|tx| {
            tx.execute("DELETE FROM sync_outbox WHERE batch = ?1", [seq])?;
            Ok(())
        })?;
        sent += changes.len() as i32;
        tell(progress, "send", i + 1, total);
    }
    Ok(sent)
}

fn other_devices(store: &dyn Storage, me: &str) -> Result<Vec<String>> {
    Ok(store
        .list("devices")?
        .into_iter()
        .filter(|d| d != me)
        .collect())
}

/// Reads every other device's batches after the newest applied here (stopping at a gap: a file not arrived yet
/// is waited for, never skipped) and applies them in one transaction.
fn receive(
    db: &Db,
    store: &dyn Storage,
    me: &str,
    opts: RunOptions,
    report: &mut SyncReport,
    progress: &mut Progress,
) -> Result<()> {
    let applied: BTreeMap<String, i64> = db.read(|c| {
        Ok(rows(c, "SELECT device, applied FROM sync_peers", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .into_iter()
        .collect())
    })?;
    let devices = other_devices(store, me)?;
    let mut logs: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for d in &devices {
        let mut seqs: Vec<i64> = store
            .list(&format!("{}/log", device_dir(d)))?
            .iter()
            .filter_map(|f| batch::seq_of(f))
            .collect();
        seqs.sort_unstable();
        logs.insert(d.clone(), seqs);
    }
    // A device whose next batch is no longer there (removed once every device that was known had read it)
    // starts from a snapshot: a new device, or one that was away for long.
    let mut behind = false;
    for (d, seqs) in &logs {
        let next = applied.get(d).copied().unwrap_or(0) + 1;
        if seqs.contains(&next) {
            continue;
        }
        let snapshots = store.list(&format!("{}/snapshot", device_dir(d)))?;
        let newest = seqs
            .iter()
            .copied()
            .chain(snapshots.iter().filter_map(|f| batch::seq_of(f)))
            .max()
            .unwrap_or(0);
        behind |= newest >= next;
    }
    let snapshot = if behind {
        newest_snapshot(store, &devices, report)?
    } else {
        None
    };
    let mut start = applied.clone();
    if let Some((h, _)) = &snapshot {
        for (d, s) in h.applied.iter().chain([(&h.device, &h.seq)]) {
            let e = start.entry(d.clone()).or_insert(0);
            *e = (*e).max(*s);
        }
    }
    let mut incoming: Vec<(String, i64, Vec<Change>)> = Vec::new();
    for (d, seqs) in &logs {
        let from = start.get(d).copied().unwrap_or(0);
        let seqs: Vec<i64> = seqs.iter().copied().filter(|&s| s > from).collect();
        let waiting: usize = logs.values().map(Vec::len).sum();
        for (expect, seq) in (from + 1..).zip(seqs) {
            tell(
                progress,
                "receive",
                incoming.len(),
                waiting.max(incoming.len() + 1),
            );
            if seq != expect {
                break;
            }
            let name = format!("{}/log/{}", device_dir(d), batch::name(seq));
            let Some(bytes) = store.read(&name)? else {
                break;
            };
            match batch::decode(&name, &bytes) {
                Ok((h, changes)) if h.device == *d && h.seq == seq => {
                    incoming.push((d.clone(), seq, changes));
                }
                Ok(_) => {
                    report
                        .problems
                        .push(format!("{name}: written by another device"));
                    break;
                }
                Err(e) => {
                    tracing::warn!(file = %name, error = %e, "damaged sync file refused");
                    report.problems.push(match e {
                        AppError::SyncDamaged { file, problem } => format!("{file}: {problem}"),
                        other => other.to_string(),
                    });
                    break;
                }
            }
        }
    }
    if !opts.allow_deletes {
        db.read(|c| check_deletes(c, incoming.iter().flat_map(|(_, _, ch)| ch.iter())))?;
    }
    tell(progress, "apply", 0, 1);
    let stats = db.write(|tx| {
        tx.execute("UPDATE sync_meta SET applying = 1 WHERE one = 1", [])?;
        let mut m = merge::Merger::new(tx)?;
        if let Some((h, changes)) = &snapshot {
            m.record_conflicts = false;
            apply_all(tx, &mut m, changes)?;
            m.record_conflicts = true;
            for (d, s) in h.applied.iter().chain([(&h.device, &h.seq)]) {
                if d != me {
                    note_peer(tx, d, *s)?;
                }
            }
        }
        let mut all: Vec<Change> = Vec::new();
        for (d, seq, changes) in &incoming {
            all.extend(changes.iter().cloned());
            note_peer(tx, d, *seq)?;
        }
        apply_with_parked(tx, &mut m, all)?;
        tx.execute("UPDATE sync_meta SET applying = 0 WHERE one = 1", [])?;
        Ok(m.stats)
    })?;
    report.snapshot_loaded = snapshot.is_some();
    report.received = incoming.iter().map(|(_, _, c)| c.len() as i32).sum();
    report.applied = stats.applied as i32;
    report.conflicts = stats.conflicts as i32;
    report.merged = stats.merged as i32;
    report.waiting =
        db.read(|c| Ok(c.query_row("SELECT count(*) FROM sync_parked", [], |r| r.get(0))?))?;
    Ok(())
}

/// Applies changes as if they had arrived from other devices, with those parked earlier: for tests and tools
/// that replay batches.
pub fn apply_changes(db: &Db, changes: &[Change]) -> Result<()> {
    db.write(|tx| {
        tx.execute("UPDATE sync_meta SET applying = 1 WHERE one = 1", [])?;
        let mut m = merge::Merger::new(tx)?;
        apply_with_parked(tx, &mut m, changes.to_vec())?;
        tx.execute("UPDATE sync_meta SET applying = 0 WHERE one = 1", [])?;
        Ok(())
    })
}

/// The changes parked by earlier syncs first (they are older), then `changes`.
fn apply_with_parked(tx: &Connection, m: &mut merge::Merger, changes: Vec<Change>) -> Result<()> {
    let mut all: Vec<Change> = rows(tx, "SELECT change FROM sync_parked ORDER BY id", [], |r| {
        r.get::<_, String>(0)
    })?
    .into_iter()
    .filter_map(|text| serde_json::from_str(&text).ok())
    .collect();
    tx.execute("DELETE FROM sync_parked", [])?;
    all.extend(changes);
    apply_all(tx, m, &all)
}

/// Applies changes, raising this device's clock past theirs first; a change whose row (or a row it refers to) is
/// not here yet is tried again after the others, and parked for the next sync if it still cannot go in.
fn apply_all(tx: &Connection, m: &mut merge::Merger, changes: &[Change]) -> Result<()> {
    if let Some(max) = changes.iter().map(|c| c.c).max() {
        tx.execute(
            "UPDATE sync_meta SET clock = max(clock, ?1) WHERE one = 1",
            [max],
        )?;
    }
    let mut pending: Vec<&Change> = changes.iter().collect();
    let mut together = false;
    loop {
        let before = pending.len();
        let mut later = Vec::new();
        for ch in pending {
            if let merge::Outcome::Parked = m.apply(ch)? {
                later.push(ch);
            }
        }
        pending = later;
        if pending.is_empty() {
            break;
        }
        if pending.len() == before {
            if together {
                break;
            }
            // Stuck: rows that refer to each other go in together, foreign keys checked at commit. Only rows whose
            // references are all here or among them: a row still missing one stays parked.
            together = true;
            tx.pragma_update(None, "defer_foreign_keys", true)?;
            m.arriving = pending
                .iter()
                .filter(|c| {
                    c.f == "*" && crate::store::tables::find(&c.t).is_some_and(|t| t.key.len() == 1)
                })
                .map(|c| (c.t.clone(), c.k.clone()))
                .collect();
            loop {
                let mut keep = std::collections::HashSet::new();
                for ch in pending
                    .iter()
                    .filter(|c| m.arriving.contains(&(c.t.clone(), c.k.clone())))
                {
                    if !m.refers_to_missing(ch)? {
                        keep.insert((ch.t.clone(), ch.k.clone()));
                    }
                }
                if keep.len() == m.arriving.len() {
                    break;
                }
                m.arriving = keep;
            }
        }
    }
    m.arriving.clear();
    m.stats.parked = pending.len();
    for ch in pending {
        tx.execute(
            "INSERT INTO sync_parked (change) VALUES (?1)",
            [serde_json::to_string(ch)?],
        )?;
    }
    Ok(())
}

fn note_peer(tx: &Connection, device: &str, seq: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO sync_peers (device, applied, last_seen) VALUES (?1, ?2, ?3)
         ON CONFLICT (device) DO UPDATE SET applied = max(applied, excluded.applied), last_seen = excluded.last_seen",
        params![device, seq, now()],
    )?;
    Ok(())
}

/// Refuses a set of changes that would delete more than half of the live records (Joplin's fail-safe): a device
/// that lost its data, or a bug, must not empty every other device.
fn check_deletes<'a>(conn: &Connection, changes: impl Iterator<Item = &'a Change>) -> Result<()> {
    let mut deleted = std::collections::HashSet::new();
    for ch in changes.filter(|c| c.f == "deleted_at" && !c.v.is_null()) {
        deleted.insert((ch.t.clone(), ch.k.clone()));
    }
    if (deleted.len() as i32) < MASS_DELETE_MIN {
        return Ok(());
    }
    let mut live = 0i32;
    for t in crate::store::tables::synced() {
        live += conn.query_row(
            &format!(
                "SELECT count(*) FROM \"{}\" WHERE deleted_at IS NULL",
                t.name
            ),
            [],
            |r| r.get::<_, i32>(0),
        )?;
    }
    let deletes = deleted.len() as i32;
    if deletes * 2 > live {
        return Err(AppError::SyncMassDelete { deletes, live });
    }
    Ok(())
}

/// The newest snapshot any other device wrote (the one covering the most batches), for a device that has applied
/// nothing yet: it starts from there instead of reading every batch since the beginning.
fn newest_snapshot(
    store: &dyn Storage,
    devices: &[String],
    report: &mut SyncReport,
) -> Result<Option<(Header, Vec<Change>)>> {
    let mut best: Option<(Header, Vec<Change>)> = None;
    for d in devices {
        let dir = format!("{}/snapshot", device_dir(d));
        let Some(newest) = store
            .list(&dir)?
            .into_iter()
            .filter(|f| batch::seq_of(f).is_some())
            .max()
        else {
            continue;
        };
        let name = format!("{dir}/{newest}");
        let Some(bytes) = store.read(&name)? else {
            continue;
        };
        match batch::decode(&name, &bytes) {
            Ok((h, changes)) => {
                let covers = |h: &Header| h.seq + h.applied.values().sum::<i64>();
                if best.as_ref().is_none_or(|(b, _)| covers(&h) > covers(b)) {
                    best = Some((h, changes));
                }
            }
            Err(e) => report.problems.push(e.to_string()),
        }
    }
    Ok(best)
}

/// `devices/<me>/state.json`: what this device has applied, so the others know when its batches may go.
fn publish_state(db: &Db, store: &dyn Storage, me: &str) -> Result<()> {
    let applied: BTreeMap<String, i64> = db.read(|c| {
        Ok(rows(c, "SELECT device, applied FROM sync_peers", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .into_iter()
        .collect())
    })?;
    let state = serde_json::json!({ "device": me, "name": this_host(), "applied": applied });
    let path = format!("{}/state.json", device_dir(me));
    let text = serde_json::to_vec_pretty(&state)?;
    if store.read(&path)?.as_deref() != Some(text.as_slice()) {
        store.write(&path, &text)?;
    }
    Ok(())
}

/// Writes a snapshot of every synced row (with each field's clock) when this device has none yet or has written
/// `SNAPSHOT_EVERY` batches since its last; then removes its own batches that the snapshot covers and every
/// device that published its state has applied.
fn maybe_snapshot(db: &Db, store: &dyn Storage, me: &str, progress: &mut Progress) -> Result<bool> {
    let (last, next, has_rows): (i64, i64, bool) = db.read(|c| {
        let (last, next) = c.query_row(
            "SELECT snapshot_batch, next_batch FROM sync_meta WHERE one = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((last, next, next > 1))
    })?;
    let seq = next - 1;
    if !has_rows || (last > 0 && seq - last < SNAPSHOT_EVERY) {
        return Ok(false);
    }
    tell(progress, "snapshot", 0, 1);
    let (applied, changes) = db.read(|c| snapshot_changes(c, me))?;
    let header = Header {
        format: FORMAT,
        device: me.to_string(),
        seq,
        count: changes.len(),
        applied,
    };
    let dir = format!("{}/snapshot", device_dir(me));
    store.write(
        &format!("{dir}/{}", batch::name(seq)),
        &batch::encode(&header, &changes)?,
    )?;
    for old in store.list(&dir)? {
        if batch::seq_of(&old).is_some_and(|s| s < seq) {
            store.delete(&format!("{dir}/{old}"))?;
        }
    }
    db.write(|tx| {
        tx.execute(
            "UPDATE sync_meta SET snapshot_batch = ?1 WHERE one = 1",
            [seq],
        )?;
        Ok(())
    })?;
    compact(store, me, seq)?;
    Ok(true)
}

/// Removes this device's batches up to `upto` that every device which published a state has applied.
fn compact(store: &dyn Storage, me: &str, upto: i64) -> Result<()> {
    let mut keep_from = upto;
    for d in other_devices(store, me)? {
        if let Some(bytes) = store.read(&format!("{}/state.json", device_dir(&d)))? {
            let seen = serde_json::from_slice::<Value>(&bytes)
                .ok()
                .and_then(|v| v.get("applied")?.get(me)?.as_i64())
                .unwrap_or(0);
            keep_from = keep_from.min(seen);
        }
    }
    let dir = format!("{}/log", device_dir(me));
    for f in store.list(&dir)? {
        if batch::seq_of(&f).is_some_and(|s| s <= keep_from) {
            store.delete(&format!("{dir}/{f}"))?;
        }
    }
    Ok(())
}

/// Every synced row as a whole-row change with the row's clock, followed by each field with a newer clock.
fn snapshot_changes(c: &Connection, me: &str) -> Result<(BTreeMap<String, i64>, Vec<Change>)> {
    let applied = rows(c, "SELECT device, applied FROM sync_peers", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?
    .into_iter()
    .collect();
    let base: i64 = c.query_row("SELECT base_clock FROM sync_meta WHERE one = 1", [], |r| {
        r.get(0)
    })?;
    let mut out = Vec::new();
    for t in crate::store::tables::synced() {
        let cols = capture::columns(c, t.name)?;
        let key = capture::key_expr(t, "r");
        let sql = format!(
            "SELECT {key}, {obj}, k.clock, k.device FROM \"{name}\" r
             LEFT JOIN sync_clocks k ON k.tbl = '{name}' AND k.row_key = {key} AND k.field = '*'",
            obj = capture::row_object(&cols, "r"),
            name = t.name,
        );
        let mut stmt = c.prepare(&sql)?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let k: String = r.get(0)?;
            let obj: String = r.get(1)?;
            out.push(Change {
                t: t.name.to_string(),
                k,
                f: "*".into(),
                v: serde_json::from_str(&obj)?,
                c: r.get::<_, Option<i64>>(2)?.unwrap_or(base),
                d: r.get::<_, Option<String>>(3)?
                    .unwrap_or_else(|| me.to_string()),
                s: 0,
                sd: String::new(),
                b: None,
            });
        }
        drop(q);
        for col in cols.iter().filter(|c| !t.key.contains(&c.as_str())) {
            let sql = format!(
                "SELECT k.row_key, json_quote(r.\"{col}\"), k.clock, k.device, k.seen, k.seen_device
                 FROM sync_clocks k JOIN \"{name}\" r ON {key} = k.row_key WHERE k.tbl = '{name}' AND k.field = '{col}'",
                name = t.name
            );
            out.extend(rows(c, &sql, [], |r| {
                let v: String = r.get(1)?;
                Ok(Change {
                    t: t.name.to_string(),
                    k: r.get(0)?,
                    f: col.clone(),
                    v: serde_json::from_str(&v).unwrap_or(Value::Null),
                    c: r.get(2)?,
                    d: r.get(3)?,
                    s: r.get(4)?,
                    sd: r.get(5)?,
                    b: None,
                })
            })?);
        }
    }
    Ok((applied, out))
}

pub fn conflicts(db: &Db, open_only: bool) -> Result<Vec<SyncConflict>> {
    db.read(|c| {
        if !capture::configured(c)? {
            return Ok(Vec::new());
        }
        let list = rows(
            c,
            "SELECT id, tbl, row_key, field, kind, mine, theirs, kept, their_device, created_at FROM sync_conflicts
             WHERE resolved_at IS NULL OR ?1 = 0 ORDER BY id DESC",
            [open_only],
            |r| {
                Ok(SyncConflict {
                    id: r.get(0)?,
                    table: r.get(1)?,
                    row_key: r.get(2)?,
                    field: r.get(3)?,
                    kind: r.get(4)?,
                    title: None,
                    mine: r.get(5)?,
                    theirs: r.get(6)?,
                    kept: r.get(7)?,
                    their_device: r.get(8)?,
                    created_at: r.get(9)?,
                })
            },
        )?;
        list.into_iter()
            .map(|mut k| {
                k.title = title_of(c, &k.table, &k.row_key)?;
                Ok(k)
            })
            .collect()
    })
}

/// A record's title or name, when its table has one.
fn title_of(c: &Connection, table: &str, key: &str) -> Result<Option<String>> {
    let cols = capture::columns(c, table)?;
    let Some(col) = ["title", "name"]
        .into_iter()
        .find(|n| cols.iter().any(|c| c == n))
    else {
        return Ok(None);
    };
    if !cols.iter().any(|c| c == "id") {
        return Ok(None);
    }
    Ok(c.query_row(
        &format!("SELECT \"{col}\" FROM \"{table}\" WHERE id = ?1"),
        [key],
        |r| r.get(0),
    )
    .optional()?
    .flatten())
}

/// Settles a conflict: keep the value the data holds, or put the other one back (as a new edit, which then
/// reaches the other devices).
pub fn resolve(db: &Db, id: i32, keep: SyncKeep) -> Result<()> {
    db.write(|tx| {
        let found = tx
            .query_row(
                "SELECT tbl, row_key, field, mine, theirs, kept FROM sync_conflicts WHERE id = ?1 AND resolved_at IS NULL",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                },
            )
            .optional()?;
        let Some((t, key, field, mine, theirs, kept)) = found else {
            return Err(AppError::not_found("sync_conflict", &id.to_string()));
        };
        let (chosen, name) = match keep {
            SyncKeep::Mine => (mine, "mine"),
            SyncKeep::Theirs => (theirs, "theirs"),
        };
        if kept != name {
            let value: Value = serde_json::from_str(&chosen).unwrap_or(Value::Null);
            merge::write_choice(tx, &t, &key, &field, &value)?;
        }
        tx.execute(
            "UPDATE sync_conflicts SET resolved_at = ?2, resolution = ?3 WHERE id = ?1",
            params![id, now(), name],
        )?;
        Ok(())
    })
}
