//! Store and service tests per entity, on temp-file databases.

mod common;

use common::*;
use liaison_desk::domain::*;
use liaison_desk::error::{AppError, Rule};
use liaison_desk::services::{self, directory, meetings, minutes, projects};
use liaison_desk::store::{contacts, organizations};
use std::collections::HashSet;

mod organizations_store {
    use super::*;

    #[test]
    fn create_get_update_delete_restore() {
        let (_d, db) = temp_db();
        let o = db
            .write(|c| {
                directory::create_organization(c, org(OrgKind::Partner, " 华东精密制造有限公司 "))
            })
            .unwrap();
        assert_eq!(o.name, "华东精密制造有限公司");
        assert_eq!(o.kind, OrgKind::Partner);
        assert_eq!(o.tags, vec!["精密".to_string()]);
        assert!(o.id.len() == 36 && o.created_at == o.updated_at && o.deleted_at.is_none());

        let mut edit = org(OrgKind::Partner, "华东精密制造有限公司");
        edit.website = Some("https://hdpm.com.cn".into());
        let u = db
            .write(|c| directory::update_organization(c, &o.id, edit))
            .unwrap();
        assert_eq!(u.website.as_deref(), Some("https://hdpm.com.cn"));
        assert_eq!(
            db.read(|c| organizations::get(c, &o.id))
                .unwrap()
                .website
                .as_deref(),
            Some("https://hdpm.com.cn")
        );

        db.write(|c| services::delete(c, Entity::Organization, &o.id))
            .unwrap();
        let q = OrganizationQuery::default();
        assert_eq!(
            db.read(|c| organizations::list(c, &q)).unwrap().total,
            Some(0),
            "lists hide deleted rows"
        );
        assert!(db
            .read(|c| organizations::get(c, &o.id))
            .unwrap()
            .deleted_at
            .is_some());
        assert!(matches!(
            db.write(|c| services::delete(c, Entity::Organization, &o.id)),
            Err(AppError::NotFound { .. })
        ));
        let r = db
            .write(|c| directory::restore_organization(c, &o.id))
            .unwrap();
        assert!(r.deleted_at.is_none());
        assert_eq!(
            db.read(|c| organizations::list(c, &q)).unwrap().total,
            Some(1)
        );
    }

    #[test]
    fn empty_name_writes_nothing() {
        let (_d, db) = temp_db();
        let before = row_counts(&db);
        let err = db
            .write(|c| directory::create_organization(c, org(OrgKind::Supplier, "  ")))
            .unwrap_err();
        assert_eq!(rules(err), vec![("name".to_string(), Rule::Required)]);
        assert_eq!(row_counts(&db), before);
    }

    #[test]
    fn unknown_lead_is_refused() {
        let (_d, db) = temp_db();
        let mut d = org(OrgKind::Department, "研发部");
        d.lead_contact_id = Some("0190-nope".into());
        let err = db
            .write(|c| directory::create_organization(c, d))
            .unwrap_err();
        assert_eq!(
            rules(err),
            vec![("lead_contact_id".to_string(), Rule::UnknownId)]
        );
        assert_eq!(row_counts(&db)[0].1, 0);
    }

    #[test]
    fn keyset_pages_cover_every_row_once_in_pinyin_order() {
        let (_d, db) = temp_db();
        let names = [
            "张伟贸易",
            "Apple Supply",
            "李娜咨询",
            "陈静设计",
            "北风物流",
            "Zeta Parts",
            "艾达科技",
        ];
        db.write(|c| {
            for (i, n) in names.iter().cycle().take(23).enumerate() {
                directory::create_organization(c, org(OrgKind::Supplier, &format!("{n}{i:02}")))?;
            }
            directory::create_organization(c, org(OrgKind::Client, "上海星河零售集团"))?;
            Ok(())
        })
        .unwrap();
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let q = OrganizationQuery {
                kind: Some(OrgKind::Supplier),
                cursor,
                limit: Some(5),
                ..Default::default()
            };
            let page = db.read(|c| organizations::list(c, &q)).unwrap();
            assert_eq!(
                page.total,
                if seen.is_empty() { Some(23) } else { None },
                "counted on the first page only"
            );
            seen.extend(page.items.into_iter().map(|o| o.name));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen.len(), 23);
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 23);
        let keys: Vec<String> = seen.iter().map(|n| sort_key(n)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "pages follow the pinyin order");
        assert!(
            seen[0].starts_with("艾达") || seen[0].starts_with("Apple"),
            "a/ai first, got {}",
            seen[0]
        );
    }

    #[test]
    fn search_finds_chinese_pinyin_and_initials() {
        let (_d, db) = temp_db();
        db.write(|c| {
            directory::create_organization(c, org(OrgKind::Partner, "华东精密制造有限公司"))?;
            directory::create_organization(c, org(OrgKind::Partner, "Northwind Logistics"))?;
            Ok(())
        })
        .unwrap();
        for (q, expect) in [
            ("华东", 1),
            ("huadong", 1),
            ("hdjm", 1),
            ("NORTH", 1),
            ("精密 制造", 1),
            ("%", 0),
            ("xyz", 0),
        ] {
            let query = OrganizationQuery {
                search: Some(q.into()),
                ..Default::default()
            };
            assert_eq!(
                db.read(|c| organizations::list(c, &query)).unwrap().total,
                Some(expect),
                "search {q}"
            );
        }
    }

    #[test]
    fn bad_cursor_is_a_typed_error() {
        let (_d, db) = temp_db();
        let q = OrganizationQuery {
            cursor: Some("garbage".into()),
            ..Default::default()
        };
        assert!(matches!(
            db.read(|c| organizations::list(c, &q)),
            Err(AppError::InvalidCursor)
        ));
    }
}

mod contacts_store {
    use super::*;

    #[test]
    fn contact_belongs_to_an_organization_and_counts() {
        let (_d, db) = temp_db();
        let o = db
            .write(|c| directory::create_organization(c, org(OrgKind::Partner, "华东精密")))
            .unwrap();
        let w = db
            .write(|c| directory::create_contact(c, contact("王晓明", Some(&o.id))))
            .unwrap();
        assert_eq!(w.organization_name.as_deref(), Some("华东精密"));
        assert_eq!(
            db.read(|c| organizations::get(c, &o.id))
                .unwrap()
                .contact_count,
            1
        );
        let q = ContactQuery {
            organization_id: Some(o.id.clone()),
            ..Default::default()
        };
        assert_eq!(
            db.read(|c| contacts::list(c, &q)).unwrap().items[0].id,
            w.id
        );
        let q = ContactQuery {
            search: Some("wxm".into()),
            ..Default::default()
        };
        assert_eq!(
            db.read(|c| contacts::list(c, &q)).unwrap().total,
            Some(1),
            "pinyin initials of 王晓明"
        );
        db.write(|c| services::delete(c, Entity::Contact, &w.id))
            .unwrap();
        assert_eq!(
            db.read(|c| organizations::get(c, &o.id))
                .unwrap()
                .contact_count,
            0
        );
    }

    #[test]
    fn bad_emails_and_unknown_organization_write_nothing() {
        let (_d, db) = temp_db();
        let before = row_counts(&db);
        let mut c1 = contact("王晓明", None);
        c1.emails = vec!["wang@".into()];
        assert_eq!(
            rules(db.write(|c| directory::create_contact(c, c1)).unwrap_err())[0].1,
            Rule::InvalidEmail
        );
        let c2 = contact("王晓明", Some("missing"));
        assert_eq!(
            rules(db.write(|c| directory::create_contact(c, c2)).unwrap_err())[0].1,
            Rule::UnknownId
        );
        assert_eq!(row_counts(&db), before);
    }
}

mod projects_and_tasks {
    use super::*;

    #[test]
    fn project_with_linked_organizations_and_tasks() {
        let (_d, db) = temp_db();
        let (p, dept) = db
            .write(|c| {
                let partner = directory::create_organization(c, org(OrgKind::Partner, "华东精密"))?;
                let dept = directory::create_organization(c, org(OrgKind::Department, "研发部"))?;
                let mut input = project("华东产线升级");
                input.owner_department_id = Some(dept.id.clone());
                input.organizations = vec![ProjectOrganizationInput {
                    organization_id: partner.id.clone(),
                    role: "合作伙伴".into(),
                }];
                Ok((projects::create_project(c, input)?, dept))
            })
            .unwrap();
        assert_eq!(p.owner_department_name.as_deref(), Some("研发部"));
        assert_eq!(p.organizations.len(), 1);
        assert_eq!(p.organizations[0].role, "合作伙伴");
        assert_eq!(p.budget_planned, Some(12_000_050.0));

        let mut t = task("确认样品交期");
        t.project_id = Some(p.id.clone());
        t.assignee_department_id = Some(dept.id.clone());
        let t1 = db.write(|c| projects::create_task(c, t.clone())).unwrap();
        let t2 = db.write(|c| projects::create_task(c, t.clone())).unwrap();
        assert!(t2.sort_key > t1.sort_key, "new tasks go last");
        let p = db
            .read(|c| liaison_desk::store::projects::get(c, &p.id))
            .unwrap();
        assert_eq!((p.task_count, p.open_task_count), (2, 2));

        let mut done = t;
        done.status = TaskStatus::Done;
        done.progress = 100;
        db.write(|c| projects::update_task(c, &t1.id, done))
            .unwrap();
        let p = db
            .read(|c| liaison_desk::store::projects::get(c, &p.id))
            .unwrap();
        assert_eq!(p.open_task_count, 1);

        // Unlinking keeps a tombstone row for sync.
        let mut unlink = project("华东产线升级");
        unlink.organizations = vec![];
        let p2 = db
            .write(|c| projects::update_project(c, &p.id, unlink))
            .unwrap();
        assert!(p2.organizations.is_empty());
        let tombstones: i64 = db
            .read(|c| {
                Ok(c.query_row(
                    "SELECT count(*) FROM project_organizations WHERE deleted_at IS NOT NULL",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(tombstones, 1);
    }

    #[test]
    fn owner_must_be_a_department() {
        let (_d, db) = temp_db();
        let partner = db
            .write(|c| directory::create_organization(c, org(OrgKind::Partner, "华东精密")))
            .unwrap();
        let mut input = project("P");
        input.owner_department_id = Some(partner.id);
        let err = db
            .write(|c| projects::create_project(c, input))
            .unwrap_err();
        assert_eq!(
            rules(err),
            vec![("owner_department_id".to_string(), Rule::UnknownId)]
        );
    }

    #[test]
    fn task_lists_filter_and_page_by_manual_order() {
        let (_d, db) = temp_db();
        db.write(|c| {
            for i in 0..12 {
                let mut t = task(&format!("任务 {i:02}"));
                t.status = if i % 3 == 0 {
                    TaskStatus::Done
                } else {
                    TaskStatus::Todo
                };
                projects::create_task(c, t)?;
            }
            Ok(())
        })
        .unwrap();
        let q = TaskQuery {
            status: Some(TaskStatus::Todo),
            limit: Some(3),
            ..Default::default()
        };
        let first = db.read(|c| projects::list_tasks(c, &q)).unwrap();
        assert_eq!(first.total, Some(8));
        let q2 = TaskQuery {
            cursor: first.next_cursor.clone(),
            ..q
        };
        let second = db.read(|c| projects::list_tasks(c, &q2)).unwrap();
        assert!(second.items[0].sort_key > first.items[2].sort_key);
        assert!(second.items.iter().all(|t| t.status == TaskStatus::Todo));
    }
}

mod meetings_store {
    use super::*;

    #[test]
    fn meeting_with_attendees_decisions_and_action_items() {
        let (_d, db) = temp_db();
        let (a, b, o) = db
            .write(|c| {
                let o = directory::create_organization(c, org(OrgKind::Supplier, "苏州恒通电子"))?;
                let a = directory::create_contact(c, contact("王晓明", Some(&o.id)))?;
                let b = directory::create_contact(c, contact("Emily Carter", None))?;
                Ok((a, b, o))
            })
            .unwrap();
        let mut input = meeting("供应商季度评审");
        input.attendee_ids = vec![b.id.clone(), a.id.clone()];
        input.organization_ids = vec![o.id.clone()];
        let m = db
            .write(|c| meetings::create_meeting(c, input.clone()))
            .unwrap();
        for text in ["采用新包装方案", "Q1 price freeze"] {
            let d = DecisionInput {
                text: text.into(),
                organization_id: None,
            };
            db.write(|c| minutes::add_decision(c, &m.id, d)).unwrap();
        }
        let m = db.read(|c| meetings::get_meeting(c, &m.id)).unwrap();
        assert_eq!(m.starts_at, "2026-11-24T02:00:00Z");
        assert_eq!(
            m.attendees
                .iter()
                .map(|x| x.name.as_str())
                .collect::<Vec<_>>(),
            vec!["Emily Carter", "王晓明"]
        );
        assert_eq!(m.decisions.len(), 2);

        let mut item = task("发送纪要");
        item.meeting_id = Some(m.id.clone());
        item.assignee_contact_id = Some(a.id.clone());
        db.write(|c| projects::create_task(c, item)).unwrap();
        let m = db.read(|c| meetings::get_meeting(c, &m.id)).unwrap();
        assert_eq!(m.action_items.len(), 1);
        assert_eq!(
            m.action_items[0].meeting_title.as_deref(),
            Some("供应商季度评审")
        );

        let first = m.decisions[0].id.clone();
        let d = DecisionInput {
            text: "采用新包装方案（修订）".into(),
            organization_id: Some(o.id.clone()),
        };
        let revised = db
            .write(|c| minutes::update_decision(c, &first, d))
            .unwrap();
        assert_eq!(revised.organization_name.as_deref(), Some("苏州恒通电子"));
        input.attendee_ids = vec![a.id.clone()];
        let m = db
            .write(|c| meetings::update_meeting(c, &m.id, input))
            .unwrap();
        let texts: Vec<&str> = m.decisions.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, vec!["采用新包装方案（修订）", "Q1 price freeze"]);
        assert_eq!(m.attendees.len(), 1);
        assert_eq!(
            m.attendees[0].organization_name.as_deref(),
            Some("苏州恒通电子")
        );
    }

    #[test]
    fn range_filter_uses_utc_and_bad_ranges_are_refused() {
        let (_d, db) = temp_db();
        db.write(|c| meetings::create_meeting(c, meeting("周会")))
            .unwrap();
        let inside = MeetingQuery {
            from: Some("2026-11-24T10:30:00+08:00".into()),
            to: Some("2026-11-24T12:00:00+08:00".into()),
            ..Default::default()
        };
        assert_eq!(
            db.read(|c| meetings::list_meetings(c, &inside))
                .unwrap()
                .total,
            Some(1)
        );
        let after = MeetingQuery {
            from: Some("2026-11-24T11:00:00+08:00".into()),
            ..Default::default()
        };
        assert_eq!(
            db.read(|c| meetings::list_meetings(c, &after))
                .unwrap()
                .total,
            Some(0)
        );
        let bad = MeetingQuery {
            from: Some("yesterday".into()),
            ..Default::default()
        };
        assert!(matches!(
            db.read(|c| meetings::list_meetings(c, &bad)),
            Err(AppError::Validation { .. })
        ));
    }

    #[test]
    fn end_before_start_writes_nothing() {
        let (_d, db) = temp_db();
        let before = row_counts(&db);
        let mut input = meeting("周会");
        input.ends_at = "2026-11-24T09:00:00+08:00".into();
        assert_eq!(
            rules(
                db.write(|c| meetings::create_meeting(c, input))
                    .unwrap_err()
            )[0]
            .1,
            Rule::EndBeforeStart
        );
        assert_eq!(row_counts(&db), before);
    }
}

mod demo_and_settings {
    use super::*;
    use liaison_desk::services::{dashboard, demo, settings};

    #[test]
    fn demo_fills_an_empty_db_once_and_the_dashboard_shows_it() {
        let (_d, db) = temp_db();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let empty = db
            .read(|c| dashboard::summary(c, chrono::Utc::now()))
            .unwrap();
        assert!(empty.is_empty);
        let r = db.write(|c| demo::load(c, today)).unwrap();
        assert_eq!(
            (r.organizations, r.contacts, r.projects, r.meetings),
            (17, 40, 5, 11)
        );
        assert!(matches!(
            db.write(|c| demo::load(c, today)),
            Err(AppError::NotEmpty)
        ));
        let now = today.and_hms_opt(8, 0, 0).unwrap().and_utc();
        let d = db.read(|c| dashboard::summary(c, now)).unwrap();
        assert!(!d.is_empty);
        assert_eq!(
            (d.counts.partners, d.counts.departments, d.counts.contacts),
            (4, 5, 40)
        );
        assert!(
            d.counts.meetings_this_week >= 4,
            "demo meetings sit in the current week"
        );
        assert!(d.counts.meetings_today <= d.counts.meetings_this_week);
        assert!(d.counts.overdue_tasks > 0);
    }

    #[test]
    fn seed_writes_the_requested_rows() {
        let (_d, db) = temp_db();
        let plan = demo::SeedPlan {
            orgs: 40,
            contacts: 100,
            projects: 10,
            tasks: 300,
            meetings: 50,
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let indexes = |db: &liaison_desk::store::Db| -> Vec<String> {
            db.read(|c| {
                let mut s = c.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")?;
                let v = s.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
                Ok(v)
            })
            .unwrap()
        };
        let before = indexes(&db);
        assert_eq!(demo::seed(&db, plan, 7, today).unwrap(), 500);
        assert_eq!(
            indexes(&db),
            before,
            "the bulk load rebuilds every index it dropped"
        );
        let counts = row_counts(&db);
        let get = |t: &str| counts.iter().find(|(n, _)| n == t).unwrap().1;
        assert_eq!(
            (
                get("organizations"),
                get("contacts"),
                get("tasks"),
                get("meetings")
            ),
            (40, 100, 300, 50)
        );
        // The search index is built once after the load: every seeded row has its document, and the next write
        // is indexed again through the triggers.
        let report = db.read(liaison_desk::search::check).unwrap();
        assert!(report.is_consistent(), "{report:?}");
        assert_eq!(report.documents, 500);
        let later = db
            .write(|c| directory::create_contact(c, contact("Quokka Later", None)))
            .unwrap();
        let hits = db
            .read(|c| liaison_desk::search::search(c, "quokka", None, 10))
            .unwrap();
        assert_eq!(
            hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
            [later.id.as_str()]
        );
    }

    /// The writer's durability setup as (synchronous, journal_mode, foreign_keys), and a reader's synchronous.
    fn setup(db: &liaison_desk::store::Db) -> (i64, String, i64, i64) {
        let (sync, mode, fk) = db
            .with_writer(|c| {
                Ok((
                    c.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
                    c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                    c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
                ))
            })
            .unwrap();
        let reader = db
            .read(|c| Ok(c.query_row("PRAGMA synchronous", [], |r| r.get(0))?))
            .unwrap();
        (sync, mode, fk, reader)
    }

    #[test]
    fn an_unsynced_write_checks_references_once_and_restores_the_normal_setup() {
        let (_d, db) = temp_db();
        let full = (2, "wal".to_string(), 1, 2);
        assert_eq!(setup(&db), full);
        let count = |db: &liaison_desk::store::Db| -> i64 {
            db.read(|c| Ok(c.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?))
                .unwrap()
        };
        // A reference to nothing is found at the end of the load and nothing is written.
        let missing = new_id();
        let err = db
            .write_unsynced(|tx| {
                contacts::insert(tx, &contact("Ghost 幽灵", None))?;
                contacts::insert(tx, &contact("Ghost 幽灵", Some(&missing)))
            })
            .unwrap_err();
        assert!(
            matches!(&err, AppError::Database { message } if message.contains("FOREIGN KEY")),
            "{err:?}"
        );
        assert_eq!(count(&db), 0);
        assert_eq!(setup(&db), full, "restored after a failed load");
        let id = db
            .write_unsynced(|tx| contacts::insert(tx, &contact("王芳", None)))
            .unwrap();
        assert_eq!(setup(&db), full, "restored after a load");
        assert_eq!(db.read(|c| contacts::get(c, &id)).unwrap().name, "王芳");
        // The normal write still refuses the reference row by row.
        assert!(db
            .write(|tx| contacts::insert(tx, &contact("Ghost", Some(&missing))))
            .is_err());
        assert_eq!(count(&db), 1);
    }

    /// A seed killed late in its load (while it checks, analyzes or commits) leaves a sound file holding either what
    /// it held before or everything seeded: into an empty folder (loaded without syncs) and into one with data
    /// (loaded with the normal setup).
    #[test]
    fn a_seed_killed_midway_leaves_a_sound_database() {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let mut rng = fastrand::Rng::with_seed(15);
        let mut outcomes = HashSet::new();
        for round in 0..6 {
            let with_data = round % 2 == 1;
            let dir = tempfile::tempdir().unwrap();
            if with_data {
                let db = liaison_desk::store::Db::open_in(dir.path()).unwrap();
                db.write(|c| directory::create_organization(c, org(OrgKind::Partner, "华东精密")))
                    .unwrap();
            }
            let mut child = Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
                .arg("--data-dir")
                .arg(dir.path())
                .args([
                    "seed",
                    "--orgs",
                    "1000",
                    "--contacts",
                    "2000",
                    "--tasks",
                    "4000",
                ])
                .env_remove("LIAISON_DESK_DATA_DIR")
                .env("RUST_LOG", "info")
                .env("NO_COLOR", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let stderr = BufReader::new(child.stderr.take().unwrap());
            for line in stderr.lines() {
                if line.unwrap().contains("search index rebuilt") {
                    break;
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(rng.u64(0..120)));
            let _ = child.kill();
            let _ = child.wait();
            liaison_desk::store::backup::quick_check(
                &dir.path().join(liaison_desk::store::db::DB_FILE),
            )
            .unwrap();
            let db = liaison_desk::store::Db::open_in(dir.path()).unwrap();
            let counts = row_counts(&db);
            let get = |t: &str| counts.iter().find(|(n, _)| n == t).unwrap().1;
            let before = i64::from(with_data);
            let seeded = (get("organizations") - before, get("contacts"), get("tasks"));
            assert!(
                seeded == (0, 0, 0) || seeded == (1000, 2000, 4000),
                "round {round}: {seeded:?}"
            );
            assert!(db
                .read(liaison_desk::search::check)
                .unwrap()
                .is_consistent());
            assert_eq!(setup(&db), (2, "wal".to_string(), 1, 2));
            outcomes.insert((with_data, seeded.0 > 0));
        }
        println!("outcomes (with data, seeded): {outcomes:?}");
    }

    #[test]
    fn locale_is_remembered_and_checked() {
        let (_d, db) = temp_db();
        assert_eq!(db.read(settings::get).unwrap().locale, None);
        let s = settings::Settings {
            locale: Some("en".into()),
            ..Default::default()
        };
        assert_eq!(
            db.write(|c| settings::set(c, s)).unwrap().locale.as_deref(),
            Some("en")
        );
        let bad = settings::Settings {
            locale: Some("fr".into()),
            ..Default::default()
        };
        assert!(db.write(|c| settings::set(c, bad)).is_err());
        // Refused writes (bad locale above, empty working hours here) keep what was saved.
        let mut hours = db.read(settings::get).unwrap();
        hours.working_hours.end_minute = hours.working_hours.start_minute;
        assert!(db.write(|c| settings::set(c, hours)).is_err());
        assert_eq!(
            db.read(settings::get).unwrap().locale.as_deref(),
            Some("en")
        );
        let mut hours = db.read(settings::get).unwrap();
        hours.working_hours.start_minute = 8 * 60;
        db.write(|c| settings::set(c, hours)).unwrap();
        let saved = db.read(settings::get).unwrap();
        assert_eq!(saved.working_hours.start_minute, 480);
        assert_eq!(saved.locale.as_deref(), Some("en"));
    }
}

/// The attendee picker and the contacts list find people by their organization's name too (and its pinyin).
#[test]
fn contacts_are_found_by_their_organization() {
    let (_d, db) = temp_db();
    db.write(|c| {
        let ht = directory::create_organization(c, org(OrgKind::Supplier, "苏州恒通电子"))?;
        let bf = directory::create_organization(c, org(OrgKind::Client, "北方物流集团"))?;
        directory::create_contact(c, contact("王晓明", Some(&ht.id)))?;
        directory::create_contact(c, contact("李娜", Some(&bf.id)))?;
        directory::create_contact(c, contact("赵雷", None))?;
        Ok(())
    })
    .unwrap();
    let find = |text: &str| {
        let q = ContactQuery {
            search: Some(text.into()),
            ..Default::default()
        };
        let page = db.read(|c| directory::list_contacts(c, &q)).unwrap();
        let names: Vec<String> = page.items.into_iter().map(|c| c.name).collect();
        (names, page.total)
    };
    assert_eq!(find("恒通"), (vec!["王晓明".to_string()], Some(1)));
    assert_eq!(find("hengtong"), (vec!["王晓明".to_string()], Some(1)));
    assert_eq!(find("王 恒通"), (vec!["王晓明".to_string()], Some(1)));
    assert_eq!(find("李 恒通"), (vec![], Some(0)));
    assert_eq!(find("赵雷"), (vec!["赵雷".to_string()], Some(1)));
}

/// An organization's page opens the meetings it takes part in (linked, or attended by its people) and its projects.
#[test]
fn meetings_and_projects_filter_by_organization() {
    let (_d, db) = temp_db();
    let (ht, other) = db
        .write(|c| {
            let ht = directory::create_organization(c, org(OrgKind::Supplier, "苏州恒通电子"))?;
            let other = directory::create_organization(c, org(OrgKind::Client, "北方物流集团"))?;
            let liu = directory::create_contact(c, contact("刘洋", Some(&ht.id)))?;
            let mut linked = meeting("来料质量复盘");
            linked.organization_ids = vec![ht.id.clone()];
            meetings::create_meeting(c, linked)?;
            let mut attended = meeting("交期沟通");
            attended.attendee_ids = vec![liu.id.clone()];
            meetings::create_meeting(c, attended)?;
            meetings::create_meeting(c, meeting("内部周会"))?;
            let gone = meetings::create_meeting(c, {
                let mut m = meeting("已删除的会");
                m.organization_ids = vec![ht.id.clone()];
                m
            })?;
            services::delete(c, Entity::Meeting, &gone.id)?;
            let mut p = project("恒通二期");
            p.organizations = vec![ProjectOrganizationInput {
                organization_id: ht.id.clone(),
                role: "supplier".into(),
            }];
            projects::create_project(c, p)?;
            projects::create_project(c, project("物流优化"))?;
            Ok((ht.id, other.id))
        })
        .unwrap();
    let meeting_titles = |org: &str| {
        let q = MeetingQuery {
            organization_id: Some(org.into()),
            ..Default::default()
        };
        let page = db.read(|c| meetings::list_meetings(c, &q)).unwrap();
        let mut titles: Vec<String> = page.items.into_iter().map(|m| m.title).collect();
        titles.sort();
        (titles, page.total)
    };
    assert_eq!(
        meeting_titles(&ht),
        (
            vec!["交期沟通".to_string(), "来料质量复盘".to_string()],
            Some(2)
        )
    );
    assert_eq!(meeting_titles(&other), (vec![], Some(0)));
    let project_names = |org: &str| {
        let q = ProjectQuery {
            organization_id: Some(org.into()),
            ..Default::default()
        };
        let page = db.read(|c| projects::list_projects(c, &q)).unwrap();
        page.items.into_iter().map(|p| p.name).collect::<Vec<_>>()
    };
    assert_eq!(project_names(&ht), vec!["恒通二期".to_string()]);
    assert!(project_names(&other).is_empty());
}
