//! Sync through a shared folder: devices A, B, C (and a late D) on their own data folders converge, concurrent
//! edits of one field are listed as conflicts, notes merge line by line, deletes meet edits, damaged files are
//! refused whole, and any order of batches gives the same database.

mod common;

use common::*;
use liaison_desk::domain::*;
use liaison_desk::error::AppError;
use liaison_desk::services::{demo, directory, meetings, minutes};
use liaison_desk::store::tables::{self, SYNC_BOOKKEEPING};
use liaison_desk::store::Db;
use liaison_desk::sync::{self, batch, RunOptions, SyncKeep, SyncSettings, Target};
use proptest::prelude::*;
use std::path::Path;
use tempfile::TempDir;

struct Device {
    _dir: TempDir,
    db: Db,
}

fn settings(shared: &Path) -> SyncSettings {
    SyncSettings {
        target: Target::Folder {
            path: shared.display().to_string(),
        },
        every_minutes: 15,
        on_start: true,
        after_edits: true,
        encrypted: false,
    }
}

fn device(shared: &Path) -> Device {
    let (dir, db) = temp_db();
    sync::setup(&db, settings(shared), None, None).unwrap();
    Device { _dir: dir, db }
}

fn run(d: &Device) -> sync::SyncReport {
    sync::run(&d.db, RunOptions::default()).unwrap()
}

fn sync_all(devices: &[&Device]) {
    // Twice round, so what the last one sent reaches the first.
    for _ in 0..2 {
        for d in devices {
            run(d);
        }
    }
}

fn open_conflicts(d: &Device) -> Vec<sync::SyncConflict> {
    sync::conflicts(&d.db, true).unwrap()
}

fn new_org(d: &Device, name: &str) -> Organization {
    d.db.write(|tx| directory::create_organization(tx, org(OrgKind::Supplier, name)))
        .unwrap()
}

fn get_org(d: &Device, id: &str) -> Organization {
    d.db.read(|c| directory::get_organization(c, id)).unwrap()
}

#[test]
fn three_devices_converge_and_a_fourth_joins_from_a_snapshot() {
    let shared = tempfile::tempdir().unwrap();
    let a = device(shared.path());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    a.db.write(|tx| demo::load(tx, today)).unwrap();
    let b = device(shared.path());
    let c = device(shared.path());
    let first = run(&a);
    assert!(first.sent > 300, "the demo goes out: {first:?}");
    assert!(
        first.snapshot_written,
        "the first sync with data writes a snapshot"
    );
    sync_all(&[&b, &c, &a]);
    let want = synced_rows(&a.db);
    assert!(want.len() > 300);
    assert_eq!(synced_rows(&b.db), want, "B holds what A holds");
    assert_eq!(synced_rows(&c.db), want, "C holds what A holds");

    // Edits on every device, then everyone syncs: the same data again, with no conflicts.
    let org_id =
        a.db.read(|c| {
            Ok(c.query_row(
                "SELECT id FROM organizations ORDER BY id LIMIT 1",
                [],
                |r| r.get::<_, String>(0),
            )?)
        })
        .unwrap();
    edit_org(&a.db, &org_id, |o| {
        o.address = Some("苏州工业园区星湖街 328 号".into())
    });
    edit_org(&b.db, &org_id, |o| {
        o.website = Some("https://hengtong.example.cn".into())
    });
    let made_on_c = new_org(&c, "宁波新材料");
    sync_all(&[&a, &b, &c]);
    let want = synced_rows(&a.db);
    assert_eq!(synced_rows(&b.db), want);
    assert_eq!(synced_rows(&c.db), want);
    let merged = get_org(&b, &org_id);
    assert_eq!(merged.address.as_deref(), Some("苏州工业园区星湖街 328 号"));
    assert_eq!(
        merged.website.as_deref(),
        Some("https://hengtong.example.cn")
    );
    assert_eq!(get_org(&a, &made_on_c.id).name, "宁波新材料");
    for d in [&a, &b, &c] {
        assert!(
            open_conflicts(d).is_empty(),
            "edits of different fields are no conflict"
        );
    }

    // Syncing again changes nothing, on the devices or on the target.
    let files_before = list_files(shared.path());
    let again = run(&b);
    assert_eq!((again.sent, again.received), (0, 0));
    assert_eq!(synced_rows(&b.db), want);
    assert_eq!(list_files(shared.path()), files_before);

    // D joins late, after A compacted its early batches away: it starts from A's snapshot.
    a.db.write(|tx| Ok(tx.execute("UPDATE sync_meta SET snapshot_batch = 0", [])?))
        .unwrap();
    let wrote = run(&a);
    assert!(wrote.snapshot_written);
    let d = device(shared.path());
    let joined = run(&d);
    assert!(
        joined.snapshot_loaded,
        "D starts from a snapshot: {joined:?}"
    );
    sync_all(&[&d]);
    assert_eq!(synced_rows(&d.db), want, "D holds what the others hold");
    assert!(open_conflicts(&d).is_empty());
    // And D's own edits reach the others.
    edit_org(&d.db, &org_id, |o| o.tier = Some("B".into()));
    sync_all(&[&d, &a]);
    assert_eq!(get_org(&a, &org_id).tier.as_deref(), Some("B"));
}

fn list_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).unwrap() {
            let e = e.unwrap();
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push((
                    e.path().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn one_field_edited_on_two_devices_is_one_listed_conflict_each_side_and_can_be_swapped() {
    let shared = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        device(shared.path()),
        device(shared.path()),
        device(shared.path()),
    );
    let o = new_org(&a, "华东精密制造有限公司");
    sync_all(&[&a, &b, &c]);
    edit_org(&a.db, &o.id, |o| o.name = "华东精密（A 改）".into());
    edit_org(&b.db, &o.id, |o| o.name = "华东精密（B 改）".into());
    sync_all(&[&a, &b, &c]);
    let want = synced_rows(&a.db);
    assert_eq!(synced_rows(&b.db), want);
    assert_eq!(synced_rows(&c.db), want);
    let winner = get_org(&c, &o.id).name;
    let ka = open_conflicts(&a);
    let kb = open_conflicts(&b);
    assert_eq!(
        (ka.len(), kb.len()),
        (1, 1),
        "each editing device lists the clash once: {ka:?} {kb:?}"
    );
    assert!(
        open_conflicts(&c).is_empty(),
        "a device that edited nothing has nothing to settle"
    );
    for k in ka.iter().chain(&kb) {
        assert_eq!(
            (k.table.as_str(), k.field.as_str(), k.kind.as_str()),
            ("organizations", "name", "field")
        );
        assert_eq!(k.title.as_deref(), Some(winner.as_str()));
    }
    // The loser keeps their own value: it becomes a new edit and wins everywhere.
    let (loser, k) = if winner.contains('A') {
        (&b, &kb[0])
    } else {
        (&a, &ka[0])
    };
    assert_eq!(k.kept, "theirs");
    let mine: String = serde_json::from_str(&k.mine).unwrap();
    sync::resolve(&loser.db, k.id, SyncKeep::Mine).unwrap();
    assert!(open_conflicts(loser).is_empty());
    sync_all(&[&a, &b, &c]);
    for d in [&a, &b, &c] {
        assert_eq!(get_org(d, &o.id).name, mine);
    }
    // Settling twice is refused: it is gone.
    assert!(matches!(
        sync::resolve(&loser.db, k.id, SyncKeep::Theirs),
        Err(AppError::NotFound { .. })
    ));
}

#[test]
fn notes_merge_line_by_line_and_a_real_clash_keeps_both_texts() {
    let shared = tempfile::tempdir().unwrap();
    let (a, b) = (device(shared.path()), device(shared.path()));
    let m =
        a.db.write(|tx| meetings::create_meeting(tx, meeting("供应商季度评审")))
            .unwrap();
    // Notes are stored trimmed, so none of these ends with a line break.
    let base = "议程：交期\n结论：待定\n下一步：待定";
    a.db.write(|tx| minutes::set_notes(tx, &m.id, Some(base.into())))
        .unwrap();
    sync_all(&[&a, &b]);
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
            Some("议程：交期\n结论：待定\n下一步：王经理周五前回复".into()),
        )
    })
    .unwrap();
    sync_all(&[&a, &b]);
    let notes = |d: &Device| {
        d.db.read(|c| meetings::get_meeting(c, &m.id))
            .unwrap()
            .notes
    };
    let merged = "议程：交期与质量\n结论：待定\n下一步：王经理周五前回复";
    assert_eq!(notes(&a).as_deref(), Some(merged));
    assert_eq!(notes(&b).as_deref(), Some(merged));
    assert!(open_conflicts(&a).is_empty() && open_conflicts(&b).is_empty());

    // The same line changed on both sides: one text wins, the other is kept in the conflict.
    a.db.write(|tx| minutes::set_notes(tx, &m.id, Some(merged.replace("待定", "采用方案甲"))))
        .unwrap();
    b.db.write(|tx| minutes::set_notes(tx, &m.id, Some(merged.replace("待定", "采用方案乙"))))
        .unwrap();
    sync_all(&[&a, &b]);
    assert_eq!(notes(&a), notes(&b));
    let k = open_conflicts(&a);
    assert_eq!(k.len(), 1);
    assert_eq!(k[0].kind, "notes");
    let both = format!("{}{}", k[0].mine, k[0].theirs);
    assert!(
        both.contains("方案甲") && both.contains("方案乙"),
        "both texts are kept: {both}"
    );
}

#[test]
fn a_delete_against_an_edit_stays_deleted_and_is_listed_on_both_sides() {
    let shared = tempfile::tempdir().unwrap();
    let (a, b) = (device(shared.path()), device(shared.path()));
    let o = new_org(&a, "苏州恒通电子");
    sync_all(&[&a, &b]);
    a.db.write(|tx| directory::delete_organization(tx, &o.id, false))
        .unwrap();
    edit_org(&b.db, &o.id, |o| o.address = Some("苏州市吴中区".into()));
    sync_all(&[&a, &b]);
    assert_eq!(synced_rows(&a.db), synced_rows(&b.db));
    let after = get_org(&b, &o.id);
    assert!(after.deleted_at.is_some(), "the delete holds");
    assert_eq!(
        after.address.as_deref(),
        Some("苏州市吴中区"),
        "and the edit is not lost"
    );
    for d in [&a, &b] {
        let k = open_conflicts(d);
        assert_eq!(k.len(), 1, "{k:?}");
        assert_eq!(
            (k[0].kind.as_str(), k[0].field.as_str()),
            ("deleted", "deleted_at")
        );
    }
    // B keeps the record: restored everywhere.
    let k = open_conflicts(&b).remove(0);
    sync::resolve(&b.db, k.id, SyncKeep::Mine).unwrap();
    sync_all(&[&b, &a]);
    assert!(get_org(&a, &o.id).deleted_at.is_none());
}

#[test]
fn a_damaged_batch_is_refused_whole_and_applied_once_rewritten() {
    let shared = tempfile::tempdir().unwrap();
    let (a, b) = (device(shared.path()), device(shared.path()));
    // B has synced once, so A knows it and keeps its batches until B has read them.
    run(&b);
    for i in 0..5 {
        new_org(&a, &format!("供应商 {i}"));
    }
    run(&a);
    let device_a = sync::status(&a.db).unwrap().device.unwrap();
    let file = shared
        .path()
        .join(format!("devices/{device_a}/log/{}", batch::name(1)));
    let whole = std::fs::read(&file).unwrap();
    std::fs::write(&file, &whole[..whole.len() / 2]).unwrap();
    let before = synced_rows(&b.db);
    let r = sync::run(&b.db, RunOptions::default()).unwrap();
    assert_eq!(r.problems.len(), 1, "{r:?}");
    assert!(r.problems[0].contains(&batch::name(1)));
    assert_eq!(synced_rows(&b.db), before, "nothing of it applied");
    std::fs::write(&file, &whole).unwrap();
    run(&b);
    assert_eq!(synced_rows(&b.db), synced_rows(&a.db));
}

#[test]
fn an_unreachable_target_keeps_changes_queued_and_nothing_is_sent_twice() {
    let shared = tempfile::tempdir().unwrap();
    let (a, b) = (device(shared.path()), device(shared.path()));
    new_org(&a, "华东精密");
    let moved = shared.path().with_extension("away");
    std::fs::rename(shared.path(), &moved).unwrap();
    let err = sync::run(&a.db, RunOptions::default()).unwrap_err();
    assert!(matches!(err, AppError::SyncUnreachable { .. }), "{err:?}");
    let status = sync::status(&a.db).unwrap();
    assert_eq!(status.pending, 1, "the change is still queued");
    assert!(status.runs[0].error.is_some(), "the failed run is recorded");
    std::fs::rename(&moved, shared.path()).unwrap();
    new_org(&a, "宁波新材料");
    assert_eq!(run(&a).sent, 2);
    assert_eq!(run(&a).sent, 0);
    run(&b);
    let n: i64 =
        b.db.read(|c| Ok(c.query_row("SELECT count(*) FROM organizations", [], |r| r.get(0))?))
            .unwrap();
    assert_eq!(n, 2);
}

#[test]
fn a_sync_that_would_delete_most_records_stops_and_asks() {
    let shared = tempfile::tempdir().unwrap();
    let (a, b) = (device(shared.path()), device(shared.path()));
    let orgs: Vec<_> = (0..20).map(|i| new_org(&a, &format!("组织 {i}"))).collect();
    sync_all(&[&a, &b]);
    for o in &orgs[..15] {
        a.db.write(|tx| directory::delete_organization(tx, &o.id, false))
            .unwrap();
    }
    run(&a);
    let before = synced_rows(&b.db);
    let err = sync::run(&b.db, RunOptions::default()).unwrap_err();
    assert!(
        matches!(
            err,
            AppError::SyncMassDelete {
                deletes: 15,
                live: 20
            }
        ),
        "{err:?}"
    );
    assert_eq!(synced_rows(&b.db), before, "nothing applied");
    sync::run(
        &b.db,
        RunOptions {
            allow_deletes: true,
        },
    )
    .unwrap();
    assert_eq!(synced_rows(&b.db), synced_rows(&a.db));
}

#[test]
fn every_synced_table_has_capture_triggers_and_sync_tables_are_registered() {
    let shared = tempfile::tempdir().unwrap();
    let a = device(shared.path());
    let triggers: Vec<String> =
        a.db.read(|c| {
            liaison_desk::store::rows(
                c,
                "SELECT name FROM sqlite_master WHERE type = 'trigger'",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    for t in tables::TABLES {
        for ev in ["insert", "update"] {
            let name = format!("sync_{}_{ev}", t.name);
            assert_eq!(triggers.contains(&name), t.synced, "{name}");
        }
    }
    let schema = a.db.read(tables::schema_tables).unwrap();
    for s in SYNC_BOOKKEEPING {
        assert!(schema.iter().any(|t| t == s), "{s} is in the schema");
    }
    for t in schema.iter().filter(|t| t.starts_with("sync_")) {
        assert!(
            SYNC_BOOKKEEPING.contains(&t.as_str()),
            "{t} is sync bookkeeping"
        );
    }
}

/// The batches three devices wrote while editing the same records, read back from the target.
fn recorded_batches(edits: &[(usize, usize, u8)]) -> Vec<Vec<batch::Change>> {
    let shared = tempfile::tempdir().unwrap();
    let devices: Vec<Device> = (0..3).map(|_| device(shared.path())).collect();
    let orgs: Vec<Organization> = (0..3)
        .map(|i| new_org(&devices[0], &format!("组织 {i}")))
        .collect();
    sync_all(&devices.iter().collect::<Vec<_>>());
    for (i, (dev, o, what)) in edits.iter().enumerate() {
        let d = &devices[*dev % 3];
        let id = &orgs[*o % 3].id;
        match what % 3 {
            0 => edit_org(&d.db, id, |x| x.name = format!("名称 {i}")),
            1 => edit_org(&d.db, id, |x| x.address = Some(format!("地址 {i}"))),
            _ => edit_org(&d.db, id, |x| x.tier = Some(["A", "B", "C"][i % 3].into())),
        }
        if i % 2 == 1 {
            run(d);
        }
    }
    for d in &devices {
        run(d);
    }
    let mut out = Vec::new();
    for (path, bytes) in list_files(shared.path()) {
        if path.contains("/log/") {
            out.push(batch::decode(&path, &bytes).unwrap().1);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]
    /// Any order of the batches, with some applied twice, gives the same database; applying them all again changes
    /// nothing.
    #[test]
    fn any_order_of_batches_gives_the_same_database(
        edits in prop::collection::vec((0usize..3, 0usize..3, 0u8..3), 1..8),
        order in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
        seed in any::<u64>(),
    ) {
        let batches = recorded_batches(&edits);
        let shared = tempfile::tempdir().unwrap();
        let in_order = device(shared.path());
        for b in &batches {
            sync::apply_changes(&in_order.db, b).unwrap();
        }
        let want = synced_rows(&in_order.db);
        let mut shuffled: Vec<&Vec<batch::Change>> = batches.iter().collect();
        let mut rng = fastrand::Rng::with_seed(seed);
        rng.shuffle(&mut shuffled);
        for i in &order {
            shuffled.push(&batches[i.index(batches.len())]);
        }
        let other = device(shared.path());
        for b in &shuffled {
            sync::apply_changes(&other.db, b).unwrap();
        }
        prop_assert_eq!(synced_rows(&other.db), want.clone());
        for b in &batches {
            sync::apply_changes(&other.db, b).unwrap();
        }
        prop_assert_eq!(synced_rows(&other.db), want);
    }
}

const PASSPHRASE: &str = "联络台 correct horse";

fn encrypted_device(shared: &Path, passphrase: &str) -> Result<Device, AppError> {
    // Headless, as on a server without a keychain: the passphrase also comes from the environment.
    std::env::set_var(sync::secret::PASSPHRASE_ENV, PASSPHRASE);
    let (dir, db) = temp_db();
    let mut s = settings(shared);
    s.encrypted = true;
    sync::setup(&db, s, None, Some(passphrase))?;
    Ok(Device { _dir: dir, db })
}

#[test]
fn encrypted_sync_leaves_no_name_or_note_readable_on_the_target() {
    let shared = tempfile::tempdir().unwrap();
    let a = encrypted_device(shared.path(), PASSPHRASE).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    a.db.write(|tx| demo::load(tx, today)).unwrap();
    let b = encrypted_device(shared.path(), PASSPHRASE).unwrap();
    sync_all(&[&a, &b]);
    assert_eq!(synced_rows(&b.db), synced_rows(&a.db));
    assert!(sync::status(&b.db).unwrap().settings.unwrap().encrypted);
    // Every Chinese name and every note of the demo, looked for in every file on the target, as grep would.
    let texts: Vec<String> = a
        .db
        .read(|c| {
            liaison_desk::store::rows(
                c,
                "SELECT name FROM organizations UNION SELECT name FROM contacts UNION SELECT title FROM meetings
                 UNION SELECT notes FROM meetings WHERE notes IS NOT NULL",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    let chinese: Vec<&String> = texts
        .iter()
        .filter(|t| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
        .collect();
    assert!(chinese.len() > 20, "{}", chinese.len());
    let files = list_files(shared.path());
    assert!(files.len() >= 4);
    for (path, bytes) in &files {
        for t in &chinese {
            assert!(
                !bytes.windows(t.len()).any(|w| w == t.as_bytes()),
                "{t} readable in {path}"
            );
        }
        // Compressed plain text would hide names too: sealed files must not even be gzip.
        if !path.ends_with("format.json") {
            assert_eq!(&bytes[..4], b"LDX1", "{path} is sealed");
        }
    }
    // A wrong passphrase is refused, and so is asking for encryption on a target that has none.
    let err = encrypted_device(shared.path(), "not the passphrase")
        .err()
        .unwrap();
    assert!(matches!(err, AppError::SyncPassphrase { .. }), "{err:?}");
    let plain = tempfile::tempdir().unwrap();
    let _ = device(plain.path());
    let err = encrypted_device(plain.path(), PASSPHRASE).err().unwrap();
    assert!(matches!(err, AppError::SyncPassphrase { .. }), "{err:?}");
}

#[test]
fn links_removed_and_made_again_sync_like_any_field() {
    // A meeting's attendees are a link table whose rows are upserted: removing someone keeps a tombstone, adding
    // them back revives it. With sync on, each of those writes is captured and reaches the other device.
    let shared = tempfile::tempdir().unwrap();
    let (a, b) = (device(shared.path()), device(shared.path()));
    let o = new_org(&a, "华东精密制造有限公司");
    let people: Vec<String> = ["王晓明", "李娜"]
        .iter()
        .map(|n| {
            a.db.write(|tx| directory::create_contact(tx, contact(n, Some(&o.id))))
                .unwrap()
                .id
        })
        .collect();
    let mut input = meeting("供应商季度评审");
    input.attendee_ids = people.clone();
    let m =
        a.db.write(|tx| meetings::create_meeting(tx, input.clone()))
            .unwrap();
    sync_all(&[&a, &b]);
    for attendees in [
        vec![people[0].clone()],
        people.clone(),
        vec![people[1].clone()],
        people.clone(),
    ] {
        input.attendee_ids = attendees;
        a.db.write(|tx| meetings::update_meeting(tx, &m.id, input.clone()))
            .unwrap();
    }
    sync_all(&[&a, &b]);
    assert_eq!(synced_rows(&b.db), synced_rows(&a.db));
    let on_b = b.db.read(|c| meetings::get_meeting(c, &m.id)).unwrap();
    assert_eq!(on_b.attendees.len(), 2);
}

/// A data folder copied to a second computer (or restored from a backup) starts with the first one's device id and
/// batch numbers. The copy notices that its id is in use on the target, takes an id of its own, and nothing either
/// copy wrote is lost or overwritten.
#[test]
fn a_copied_data_folder_becomes_a_device_of_its_own() {
    let shared = tempfile::tempdir().unwrap();
    let a = device(shared.path());
    let b = device(shared.path());
    let o = new_org(&a, "苏州精工");
    sync_all(&[&a, &b]);
    // The copy, as a file copy of the database would make it.
    let copy_dir = tempfile::tempdir().unwrap();
    let file = copy_dir
        .path()
        .join(liaison_desk::store::db::DB_FILE)
        .display()
        .to_string();
    rusqlite::Connection::open(a._dir.path().join(liaison_desk::store::db::DB_FILE))
        .and_then(|c| c.execute("VACUUM INTO ?1", [&file]))
        .unwrap();
    let copy = Device {
        db: Db::open_in(copy_dir.path()).unwrap(),
        _dir: copy_dir,
    };
    let id_before = sync::status(&copy.db).unwrap().device;
    assert_eq!(id_before, sync::status(&a.db).unwrap().device);

    edit_org(&a.db, &o.id, |i| i.tier = Some("S".into()));
    assert!(!run(&a).new_device, "the original keeps its id");
    edit_org(&copy.db, &o.id, |i| i.address = Some("苏州工业园区".into()));
    new_org(&copy, "只在副本里的单位");
    let report = run(&copy);
    assert!(report.new_device, "{report:?}");
    let id_after = sync::status(&copy.db).unwrap().device;
    assert_ne!(id_after, id_before);

    sync_all(&[&a, &b, &copy]);
    for d in [&a, &b, &copy] {
        let got = get_org(d, &o.id);
        assert_eq!(
            (got.tier.as_deref(), got.address.as_deref()),
            (Some("S"), Some("苏州工业园区"))
        );
    }
    assert_eq!(synced_rows(&a.db), synced_rows(&copy.db));
    assert_eq!(synced_rows(&a.db), synced_rows(&b.db));
    // Neither copy takes the other for itself again.
    assert!(!run(&a).new_device && !run(&copy).new_device);
    assert_eq!(sync::status(&a.db).unwrap().device, id_before);
}
