//! Relationships: importing and exporting the directory (CSV and vCard).

mod common;

use common::temp_db;
use liaison_desk::domain::{OrgKind, OrganizationQuery};
use liaison_desk::error::{AppError, Rule};
use liaison_desk::export::summary::Lang;
use liaison_desk::import::{CardField, CardFormat, ColumnMap};
use liaison_desk::services::contacts_io::{self, ImportOptions, ImportReport, MatchBy, RowAction};
use liaison_desk::services::{demo, directory};
use liaison_desk::store::Db;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/contacts")
        .join(name)
}

fn import(db: &Db, path: &Path) -> ImportReport {
    db.write(|tx| contacts_io::import_file(tx, path, &ImportOptions::default(), true))
        .unwrap_or_else(|e| panic!("import {}: {e:?}", path.display()))
}

fn import_bytes(db: &Db, bytes: &[u8], format: CardFormat) -> Result<ImportReport, AppError> {
    let options = ImportOptions {
        format: Some(format),
        mapping: vec![],
    };
    db.write(|tx| contacts_io::import_cards(tx, bytes, None, &options, true))
}

/// (live contacts, live organizations, every row of both tables).
fn counts(db: &Db) -> (i64, i64, i64) {
    db.read(|c| {
        Ok(c.query_row(
            "SELECT (SELECT count(*) FROM contacts WHERE deleted_at IS NULL),
                    (SELECT count(*) FROM organizations WHERE deleted_at IS NULL),
                    (SELECT count(*) FROM contacts) + (SELECT count(*) FROM organizations)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    })
    .unwrap()
}

fn contact_named(db: &Db, name: &str) -> liaison_desk::domain::Contact {
    let all = db.read(liaison_desk::store::contacts::all_live).unwrap();
    all.into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no contact {name}"))
}

#[test]
fn an_excel_gbk_csv_is_read_with_its_chinese_intact() {
    let (_d, db) = temp_db();
    let r = import(&db, &fixture("excel-gbk.csv"));
    assert_eq!(r.encoding, "GB18030");
    assert_eq!((r.total, r.created, r.organizations_created), (3, 3, 2));
    let sima = contact_named(&db, "司马光");
    assert_eq!(sima.organization_name.as_deref(), Some("洛阳书局"));
    assert_eq!(sima.title.as_deref(), Some("总编辑"));
    assert_eq!(sima.phones, vec!["139 1234 5678"]);
    assert_eq!(sima.notes.as_deref(), Some("编《资治通鉴》"));
    // The row with only an organization is that organization, without contacts.
    assert_eq!(counts(&db).0, 2);
    let names: Vec<String> = db
        .read(|c| directory::list_organizations(c, &OrganizationQuery::default()))
        .unwrap()
        .items
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert!(names.contains(&"庐陵文具厂".to_string()), "{names:?}");
}

#[test]
fn a_csv_with_a_bom_and_english_headers_keeps_quoted_commas() {
    let (_d, db) = temp_db();
    let r = import(&db, &fixture("outlook-bom.csv"));
    assert_eq!(r.encoding, "UTF-8");
    assert_eq!(
        r.columns[0].header, "Name",
        "the BOM is not part of the header"
    );
    assert_eq!(r.columns[3].field, Some(CardField::Email));
    let zhang = contact_named(&db, "Zhang, Wei");
    assert_eq!(zhang.organization_name.as_deref(), Some("Fabrikam, Inc."));
    assert_eq!(zhang.title.as_deref(), Some("Director, Supply"));
    let org = db
        .read(|c| {
            liaison_desk::services::directory::get_organization(
                c,
                zhang.organization_id.as_deref().unwrap(),
            )
        })
        .unwrap();
    assert_eq!(org.kind, OrgKind::Supplier);
}

#[test]
fn vcards_from_phones_outlook_and_address_books_are_read() {
    let (_d, db) = temp_db();
    let r = import(&db, &fixture("iphone-v3.vcf"));
    assert_eq!((r.created, r.organizations_created), (2, 2));
    let wang = contact_named(&db, "王小明");
    assert_eq!(
        wang.organization_name.as_deref(),
        Some("华东精密制造有限公司")
    );
    assert_eq!(wang.emails, vec!["wang.xm@hd-precision.cn"]);
    assert_eq!(wang.phones, vec!["+86 138 0000 0001", "021-5555-0188"]);
    assert_eq!(wang.notes.as_deref(), Some("每周三下午有空\n偏好微信沟通"));
    assert!(
        r.rows[1].is_organization,
        "X-ABShowAs:COMPANY is an organization"
    );

    import(&db, &fixture("android-v3.vcf"));
    let priya = contact_named(&db, "Priya Natarajan");
    assert_eq!(priya.emails.len(), 2);
    assert!(
        priya.notes.as_deref().unwrap().ends_with("the day before."),
        "folded lines are joined: {:?}",
        priya.notes
    );

    import(&db, &fixture("outlook-v21.vcf"));
    let li = contact_named(&db, "李娜");
    assert_eq!(
        li.organization_name.as_deref(),
        Some("杭州远景物流有限公司")
    );
    assert_eq!(li.title.as_deref(), Some("物流主管"));

    let r = import(&db, &fixture("nextcloud-v4.vcf"));
    let jonas = contact_named(&db, "Jonas Weber");
    assert_eq!(jonas.phones, vec!["+49-30-555-0199"]);
    assert_eq!(jonas.organization_name.as_deref(), Some("Fabrikam, Inc."));
    // The KIND:org card after Jonas's ORG says the new organization is a supplier.
    let fabrikam = db
        .read(|c| directory::get_organization(c, jonas.organization_id.as_deref().unwrap()))
        .unwrap();
    assert_eq!(fabrikam.kind, OrgKind::Supplier);
    assert_eq!(fabrikam.tags, vec!["EMEA"]);
    assert_eq!(r.organizations_created, 1);
}

#[test]
fn importing_a_file_twice_creates_nothing_the_second_time() {
    let (_d, db) = temp_db();
    for f in ["iphone-v3.vcf", "excel-gbk.csv", "outlook-v21.vcf"] {
        import(&db, &fixture(f));
        let before = counts(&db);
        let again = import(&db, &fixture(f));
        assert_eq!(again.created, 0, "{f}");
        assert_eq!(again.organizations_created, 0, "{f}");
        assert_eq!(counts(&db), before, "{f}");
    }
}

#[test]
fn matches_are_by_email_then_phone_then_name_and_organization() {
    let (_d, db) = temp_db();
    import(&db, &fixture("iphone-v3.vcf"));
    let csv = "姓名,公司,邮箱,电话,职位\n\
               王晓明,,WANG.XM@hd-precision.cn,,\n\
               小王,,,+86 13800000001,\n\
               王小明,华东精密制造有限公司,,,\n\
               王小明,别的公司,,,\n\
               王小明,华东精密制造有限公司,another.wang@hd-precision.cn,,\n";
    let options = ImportOptions::default();
    let r = db
        .read(|c| contacts_io::import_cards(c, csv.as_bytes(), None, &options, false))
        .unwrap();
    let by: Vec<Option<MatchBy>> = r.rows.iter().map(|row| row.matched_by).collect();
    assert_eq!(
        by,
        vec![
            Some(MatchBy::Email),
            Some(MatchBy::Phone),
            Some(MatchBy::NameAndOrganization),
            None,
            None
        ]
    );
    assert_eq!(r.rows[0].matched_name.as_deref(), Some("王小明"));
    assert_eq!(r.rows[0].action, RowAction::Unchanged);
    assert!(!r.applied);
    assert_eq!(counts(&db).0, 1, "a dry run writes nothing");
}

#[test]
fn a_match_gains_what_it_lacks_and_keeps_what_it_has() {
    let (_d, db) = temp_db();
    import(&db, &fixture("iphone-v3.vcf"));
    let csv = "Name,E-mail,Phone,Title,WeChat\nWang,wang.xm@hd-precision.cn;wxm@example.cn,+86 138 0000 0001,CEO,wxm_hd\n";
    let r = import_bytes(&db, csv.as_bytes(), CardFormat::Csv).unwrap();
    assert_eq!((r.created, r.updated), (0, 1));
    let wang = contact_named(&db, "王小明");
    assert_eq!(
        wang.emails,
        vec!["wang.xm@hd-precision.cn", "wxm@example.cn"]
    );
    assert_eq!(
        wang.phones.len(),
        2,
        "the same number in another format is not added"
    );
    assert_eq!(
        wang.title.as_deref(),
        Some("采购经理"),
        "a title it has is kept"
    );
    assert_eq!(wang.wechat.as_deref(), Some("wxm_hd"));
}

#[test]
fn a_bad_record_names_its_line_and_field_and_nothing_is_written() {
    let (_d, db) = temp_db();
    import(&db, &fixture("excel-gbk.csv"));
    let before = counts(&db);
    let cases: [(&[u8], CardFormat, i32, &str, Rule); 4] = [
        (
            "姓名,邮箱\n甲,a@x.cn\n乙,not-an-address\n".as_bytes(),
            CardFormat::Csv,
            3,
            "邮箱",
            Rule::InvalidEmail,
        ),
        (
            b"E-mail,Phone\na@x.cn,1\n",
            CardFormat::Csv,
            1,
            "name",
            Rule::Required,
        ),
        (
            b"BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nEMAIL:b@x.cn\nEND:VCARD\n",
            CardFormat::Vcf,
            5,
            "FN",
            Rule::Required,
        ),
        (
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xe5\x9d\x8f\r\n",
            CardFormat::Vcf,
            1,
            "END",
            Rule::Required,
        ),
    ];
    for (bytes, format, line, field, rule) in cases {
        match import_bytes(&db, bytes, format) {
            Err(AppError::InvalidRecord {
                line: l,
                field: f,
                rule: r,
            }) => assert_eq!((l, f.as_str(), r), (line, field, rule)),
            other => panic!("expected an invalid record, got {other:?}"),
        }
        assert_eq!(counts(&db), before);
    }
    // The message names both, in each language.
    let e = import_bytes(&db, cases[0].0, CardFormat::Csv).unwrap_err();
    let zh = liaison_desk::messages::describe(Lang::ZhCn, &e, &|f| f.to_string());
    assert!(zh.contains("第 3 行，邮箱："), "{zh}");
    let en = liaison_desk::messages::describe(Lang::En, &e, &|f| f.to_string());
    assert!(
        en.contains("line 3, 邮箱: Enter a valid email address"),
        "{en}"
    );
}

#[test]
fn a_column_can_be_mapped_by_hand() {
    let (_d, db) = temp_db();
    let csv = "联系人全名,单位名称,传真\n赵敏,明教,010-1234\n";
    let options = ImportOptions {
        format: Some(CardFormat::Csv),
        mapping: vec![
            ColumnMap {
                header: "联系人全名".into(),
                field: Some(CardField::Name),
            },
            ColumnMap {
                header: "单位名称".into(),
                field: Some(CardField::Organization),
            },
        ],
    };
    let r = db
        .write(|tx| contacts_io::import_cards(tx, csv.as_bytes(), None, &options, true))
        .unwrap();
    assert_eq!(r.columns[2].field, None);
    let zhao = contact_named(&db, "赵敏");
    assert_eq!(zhao.organization_name.as_deref(), Some("明教"));
    assert!(zhao.phones.is_empty());
}

#[test]
fn the_demo_survives_a_vcard_and_a_csv_round_trip_without_duplicates() {
    let (dir, db) = temp_db();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    db.write(|tx| demo::load(tx, today)).unwrap();
    let demo_counts = counts(&db);
    let vcf = dir.path().join("all.vcf");
    let csv = dir.path().join("all.csv");
    db.read(|c| contacts_io::export_file(c, CardFormat::Vcf, Lang::ZhCn, &vcf))
        .unwrap();
    db.read(|c| contacts_io::export_file(c, CardFormat::Csv, Lang::En, &csv))
        .unwrap();
    let text = std::fs::read_to_string(&vcf).unwrap();
    assert_eq!(
        text.matches("BEGIN:VCARD").count() as i64,
        demo_counts.0 + demo_counts.1
    );
    assert_eq!(text.matches("KIND:ORG").count() as i64, demo_counts.1);
    assert!(text.contains("VERSION:4.0\r\n"));
    assert!(text.contains("FN:华东精密制造有限公司"));

    // Back into the same database: everything matches.
    for f in [&vcf, &csv] {
        let r = import(&db, f);
        assert_eq!(
            (r.created, r.updated, r.organizations_created),
            (0, 0, 0),
            "{}",
            f.display()
        );
        assert_eq!(counts(&db), demo_counts);
    }

    // Into an empty one: the same people and organizations, with their kinds.
    let (_d2, fresh) = temp_db();
    let r = import(&fresh, &vcf);
    assert_eq!(i64::from(r.created), demo_counts.0 + demo_counts.1);
    assert_eq!(i64::from(r.organizations_created), demo_counts.1);
    assert_eq!(counts(&fresh).0, demo_counts.0);
    assert_eq!(counts(&fresh).1, demo_counts.1);
    let kinds = |db: &Db| {
        db.read(liaison_desk::store::organizations::count_by_kind)
            .unwrap()
    };
    assert_eq!(kinds(&fresh), kinds(&db));
    let again = import(&fresh, &csv);
    assert_eq!((again.created, again.organizations_created), (0, 0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random bytes and damaged real files: never a panic, and a refused file writes nothing.
    #[test]
    fn damaged_files_never_panic_and_write_nothing_when_refused(
        which in 0usize..4,
        cut in 0usize..600,
        noise in proptest::collection::vec(any::<u8>(), 0..40),
        at in 0usize..600,
        csv in any::<bool>(),
    ) {
        let names = ["iphone-v3.vcf", "excel-gbk.csv", "outlook-v21.vcf", "nextcloud-v4.vcf"];
        let mut bytes = std::fs::read(fixture(names[which])).unwrap();
        bytes.truncate(cut.min(bytes.len()));
        let at = at.min(bytes.len());
        bytes.splice(at..at, noise);
        let (_d, db) = temp_db();
        let format = if csv { CardFormat::Csv } else { CardFormat::Vcf };
        match import_bytes(&db, &bytes, format) {
            Ok(r) => {
                let people = r
                    .rows
                    .iter()
                    .filter(|row| row.action == RowAction::Create && !row.is_organization)
                    .count();
                prop_assert_eq!(counts(&db).0, people as i64);
                prop_assert_eq!(counts(&db).1, i64::from(r.organizations_created));
            }
            Err(_) => prop_assert_eq!(counts(&db), (0, 0, 0)),
        }
    }
}

fn cli(dir: &Path, args: &[&str]) -> (bool, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("LIAISON_DESK_DATA_DIR")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run liaison-desk");
    (
        o.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

#[test]
fn the_command_line_imports_with_a_dry_run_a_map_and_exports_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let gbk = fixture("excel-gbk.csv");
    let (ok, out) = cli(
        dir.path(),
        &["import", "contacts", gbk.to_str().unwrap(), "--dry-run"],
    );
    assert!(ok, "{out}");
    assert!(out.contains("Dry run, nothing written"), "{out}");
    assert!(out.contains("line 2\tnew\t司马光"), "{out}");
    let (ok, out) = cli(dir.path(), &["import", "contacts", gbk.to_str().unwrap()]);
    assert!(ok, "{out}");
    assert!(out.contains("3 new"), "{out}");
    let (ok, out) = cli(
        dir.path(),
        &["import", "contacts", gbk.to_str().unwrap(), "--dry-run"],
    );
    assert!(ok, "{out}");
    assert!(
        out.contains("line 2\tunchanged\t司马光  ← matches 司马光 by e-mail"),
        "{out}"
    );

    let odd = dir.path().join("odd.txt");
    std::fs::write(&odd, "Who,Where\n令狐冲,华山派\n").unwrap();
    let (ok, out) = cli(
        dir.path(),
        &[
            "import",
            "contacts",
            odd.to_str().unwrap(),
            "--format",
            "csv",
            "--map",
            "Who=name,Where=organization",
        ],
    );
    assert!(ok, "{out}");
    let (ok, out) = cli(
        dir.path(),
        &[
            "import",
            "contacts",
            odd.to_str().unwrap(),
            "--map",
            "Who=boss",
        ],
    );
    assert!(!ok);
    assert!(out.contains("--map"), "{out}");

    let vcf = dir.path().join("out.vcf");
    let (ok, out) = cli(
        dir.path(),
        &["export", "contacts", "-o", vcf.to_str().unwrap()],
    );
    assert!(ok, "{out}");
    assert!(
        out.contains("Wrote 3 contacts and 3 organizations"),
        "{out}"
    );
    let text = std::fs::read_to_string(&vcf).unwrap();
    assert!(
        text.contains("FN:令狐冲") && text.contains("ORG:华山派"),
        "{text}"
    );
    let none = dir.path().join("out.txt");
    let (ok, out) = cli(
        dir.path(),
        &["export", "contacts", "-o", none.to_str().unwrap()],
    );
    assert!(!ok);
    assert!(out.contains("--format"), "{out}");
}

mod interactions {
    use super::common::{self, temp_db};
    use chrono::{DateTime, Utc};
    use liaison_desk::domain::*;
    use liaison_desk::error::{AppError, Rule};
    use liaison_desk::services::relationships::{self as rel, TimelineQuery};
    use liaison_desk::services::{directory, meetings, minutes, projects};
    use liaison_desk::store::Db;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn setup() -> (tempfile::TempDir, Db, String, String) {
        let (dir, db) = temp_db();
        let (org, person) = db
            .write(|tx| {
                liaison_desk::store::settings::set(tx, "time_zone", Some("Asia/Shanghai"))?;
                let o = directory::create_organization(
                    tx,
                    common::org(OrgKind::Partner, "华东精密制造有限公司"),
                )?;
                let c = directory::create_contact(tx, common::contact("王晓明", Some(&o.id)))?;
                Ok((o.id, c.id))
            })
            .unwrap();
        (dir, db, org, person)
    }

    fn timeline(db: &Db, q: TimelineQuery) -> Vec<TimelineItem> {
        db.read(|c| rel::timeline(c, &q)).unwrap()
    }

    fn call(org: &str, when: &str) -> InteractionInput {
        InteractionInput {
            kind: InteractionKind::Call,
            occurred_at: when.into(),
            summary: Some("交期确认\n\n下周再通电话".into()),
            follow_up_date: None,
            follow_up_title: None,
            organization_ids: vec![org.into()],
            contact_ids: vec![],
        }
    }

    #[test]
    fn a_follow_up_date_becomes_one_task() {
        let (_d, db, org, _) = setup();
        let mut input = call(&org, "2026-11-30T09:00:00+08:00");
        input.follow_up_date = Some("2026-12-04".into());
        let i = db
            .write(|tx| rel::log_interaction(tx, input.clone()))
            .unwrap();
        let task_id = i.follow_up_task_id.clone().expect("a task");
        let task = db.read(|c| projects::get_task(c, &task_id)).unwrap();
        assert_eq!(
            (task.title.as_str(), task.due_date.as_deref()),
            ("交期确认", Some("2026-12-04"))
        );
        // Saving it again keeps the one task.
        let again = db
            .write(|tx| rel::update_interaction(tx, &i.id, input))
            .unwrap();
        assert_eq!(again.follow_up_task_id, Some(task_id));
        let tasks: i64 = db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM tasks", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(tasks, 1);
    }

    #[test]
    fn bad_input_and_deleted_references_are_refused_with_nothing_written() {
        let (_d, db, org, _) = setup();
        db.write(|tx| liaison_desk::services::delete(tx, Entity::Organization, &org))
            .unwrap();
        let err = db
            .write(|tx| rel::log_interaction(tx, call(&org, "2026-11-30T09:00:00+08:00")))
            .unwrap_err();
        assert!(
            matches!(&err, AppError::Validation { fields } if fields[0].field == "organization_ids" && fields[0].rule == Rule::UnknownId),
            "{err:?}"
        );
        let err = db
            .write(|tx| rel::log_interaction(tx, call(&org, "not a time")))
            .unwrap_err();
        assert!(matches!(err, AppError::Validation { .. }));
        let n: i64 = db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM interactions", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn any_interaction_resets_the_cadence_counted_in_the_users_zone() {
        let (_d, db, org, person) = setup();
        let set_at = at("2026-11-01T02:00:00Z");
        let c = db
            .write(|tx| {
                rel::set_cadence(
                    tx,
                    CadenceInput {
                        organization_id: Some(org.clone()),
                        contact_id: None,
                        every_days: Some(14),
                    },
                    set_at,
                )
            })
            .unwrap()
            .unwrap();
        assert_eq!(c.status, CadenceStatus::Green);
        // A call with the partner's buyer at 07:30 in Shanghai on 30 November is still 29 November in UTC.
        let mut input = call(&org, "2026-11-30T07:30:00+08:00");
        input.organization_ids = vec![];
        input.contact_ids = vec![person.clone()];
        let now = at("2026-11-29T23:45:00Z");
        let before = db
            .read(|c| rel::cadence(c, Some(&org), None, now))
            .unwrap()
            .unwrap();
        // Due 15 November; today is 30 November in Shanghai (29 November in UTC would say -14).
        assert_eq!((before.status, before.days_left), (CadenceStatus::Red, -15));
        let losing = db.read(|c| rel::losing_touch(c, now)).unwrap();
        assert_eq!(losing.len(), 1);
        assert_eq!(losing[0].name, "华东精密制造有限公司");
        db.write(|tx| rel::log_interaction(tx, input)).unwrap();
        let after = db
            .read(|c| rel::cadence(c, Some(&org), None, now))
            .unwrap()
            .unwrap();
        assert_eq!(after.last_interaction.as_deref(), Some("2026-11-30"));
        assert_eq!(
            (after.due.as_str(), after.status),
            ("2026-12-14", CadenceStatus::Green)
        );
        assert!(db.read(|c| rel::losing_touch(c, now)).unwrap().is_empty());
        // Snoozed past the due day, then woken.
        let snoozed = db
            .write(|tx| rel::snooze_cadence(tx, &after.id, Some("2027-01-10".into()), now))
            .unwrap();
        assert_eq!(snoozed.due, "2027-01-10");
        let bad = db.write(|tx| rel::snooze_cadence(tx, &after.id, Some("2027-02-30".into()), now));
        assert!(matches!(bad, Err(AppError::Validation { .. })));
        let woken = db
            .write(|tx| rel::snooze_cadence(tx, &after.id, None, now))
            .unwrap();
        assert_eq!(woken.due, "2026-12-14");
        // Removing it.
        let none = db
            .write(|tx| {
                rel::set_cadence(
                    tx,
                    CadenceInput {
                        organization_id: Some(org.clone()),
                        contact_id: None,
                        every_days: None,
                    },
                    now,
                )
            })
            .unwrap();
        assert!(none.is_none());
    }

    #[test]
    fn a_held_meeting_logs_one_interaction_and_the_timeline_is_newest_first() {
        let (_d, db, org, person) = setup();
        let mut m = common::meeting("供应商季度评审");
        m.starts_at = "2026-11-20T02:00:00Z".into();
        m.ends_at = "2026-11-20T03:00:00Z".into();
        m.organization_ids = vec![org.clone()];
        m.attendee_ids = vec![person.clone()];
        let meeting = db.write(|tx| meetings::create_meeting(tx, m)).unwrap();
        db.write(|tx| minutes::set_attendance(tx, &meeting.id, &person, Attendance::Present))
            .unwrap();
        db.write(|tx| minutes::set_attendance(tx, &meeting.id, &person, Attendance::Present))
            .unwrap();
        let logged = db.write(|tx| rel::log_meeting(tx, &meeting.id)).unwrap();
        assert_eq!(logged.kind, InteractionKind::Meeting);
        assert_eq!(logged.meeting_id.as_deref(), Some(meeting.id.as_str()));
        assert_eq!(logged.contacts.len(), 1);
        assert_eq!(logged.organizations[0].name, "华东精密制造有限公司");
        let n: i64 = db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM interactions", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(n, 1, "the meeting is logged once");
        db.write(|tx| {
            minutes::add_decision(
                tx,
                &meeting.id,
                DecisionInput {
                    text: "样品交期提前一周".into(),
                    organization_id: Some(org.clone()),
                },
            )
        })
        .unwrap();
        db.write(|tx| rel::log_interaction(tx, call(&org, "2026-11-25T09:00:00+08:00")))
            .unwrap();
        let items = timeline(
            &db,
            TimelineQuery {
                organization_id: Some(org.clone()),
                ..Default::default()
            },
        );
        let seen: Vec<(TimelineKind, &str)> =
            items.iter().map(|i| (i.kind, i.title.as_str())).collect();
        assert_eq!(
            seen,
            vec![
                (TimelineKind::Interaction, "交期确认"),
                (TimelineKind::Interaction, "供应商季度评审"),
                (TimelineKind::Meeting, "供应商季度评审"),
                (TimelineKind::Decision, "样品交期提前一周"),
            ]
        );
        // The contact's own timeline: the meeting and its interaction, not the partner's call.
        let mine = timeline(
            &db,
            TimelineQuery {
                contact_id: Some(person.clone()),
                ..Default::default()
            },
        );
        assert_eq!(mine.len(), 2);
        // The second page starts after the first entry.
        let page2 = timeline(
            &db,
            TimelineQuery {
                organization_id: Some(org.clone()),
                before: Some(items[0].at.clone()),
                limit: Some(1),
                contact_id: None,
            },
        );
        assert_eq!(page2.len(), 1);
        assert_eq!(page2[0].title, "供应商季度评审");
        // Paging one entry at a time by cursor walks the same list: the meeting's interaction, the meeting and its
        // decision share one instant, and a page boundary between them skips none.
        let mut walked = Vec::new();
        let mut before = None;
        loop {
            let page = timeline(
                &db,
                TimelineQuery {
                    organization_id: Some(org.clone()),
                    before: before.clone(),
                    limit: Some(1),
                    contact_id: None,
                },
            );
            let Some(last) = page.last() else { break };
            before = Some(last.cursor.clone());
            walked.push((last.kind, last.id.clone()));
            assert!(walked.len() <= items.len(), "paging does not end");
        }
        let all: Vec<(TimelineKind, String)> =
            items.iter().map(|i| (i.kind, i.id.clone())).collect();
        assert_eq!(walked, all);
        assert_eq!(
            items[2].at, items[3].at,
            "the meeting and its decision share an instant"
        );
        // A cursor that is not one is refused.
        let bad = db.read(|c| {
            rel::timeline(
                c,
                &TimelineQuery {
                    organization_id: Some(org.clone()),
                    before: Some("昨天".into()),
                    limit: None,
                    contact_id: None,
                },
            )
        });
        assert!(
            matches!(&bad, Err(AppError::Validation { fields }) if fields[0].field == "before"),
            "{bad:?}"
        );
    }
}

mod ledger {
    use super::common::{self, temp_db};
    use chrono::{DateTime, Utc};
    use liaison_desk::domain::*;
    use liaison_desk::error::{AppError, Rule};
    use liaison_desk::services::{commitments, directory, meetings, minutes, projects};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn owed(org: &str, due: &str) -> CommitmentInput {
        CommitmentInput {
            direction: Direction::WaitingOn,
            title: "寄送第二批样品".into(),
            organization_id: Some(org.into()),
            contact_id: None,
            owner_contact_id: None,
            due_date: Some(due.into()),
            notes: None,
            meeting_id: None,
            decision_id: None,
            interaction_id: None,
            task_id: None,
        }
    }

    #[test]
    fn the_lifecycle_refuses_an_illegal_change_and_writes_nothing() {
        let (_d, db) = temp_db();
        let now = at("2026-11-30T01:00:00Z");
        let org = db
            .write(|tx| {
                directory::create_organization(tx, common::org(OrgKind::Supplier, "苏州恒通电子"))
            })
            .unwrap()
            .id;
        let k = db
            .write(|tx| commitments::create(tx, owed(&org, "2026-12-05"), now))
            .unwrap();
        assert_eq!(k.status, CommitmentStatus::Open);
        let k = db
            .write(|tx| commitments::set_status(tx, &k.id, CommitmentStatus::Released, now))
            .unwrap();
        let before = k.updated_at.clone();
        let err = db
            .write(|tx| commitments::set_status(tx, &k.id, CommitmentStatus::Open, now))
            .unwrap_err();
        assert!(
            matches!(&err, AppError::Validation { fields } if fields[0].field == "status" && fields[0].rule == Rule::OutOfRange),
            "{err:?}"
        );
        let after = db.read(|c| commitments::get(c, &k.id, now)).unwrap();
        assert_eq!(
            (after.status, after.updated_at),
            (CommitmentStatus::Released, before)
        );
        // Without a counterparty, nothing is written either.
        let mut none = owed(&org, "2026-12-05");
        none.organization_id = None;
        assert!(db.write(|tx| commitments::create(tx, none, now)).is_err());
        let n: i64 = db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM commitments", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn overdue_counts_the_users_day_and_per_counterparty() {
        let (_d, db) = temp_db();
        db.write(|tx| liaison_desk::store::settings::set(tx, "time_zone", Some("Asia/Shanghai")))
            .unwrap();
        let (a, b) = db
            .write(|tx| {
                let a = directory::create_organization(
                    tx,
                    common::org(OrgKind::Supplier, "苏州恒通电子"),
                )?;
                let b = directory::create_organization(
                    tx,
                    common::org(OrgKind::Partner, "华东精密制造有限公司"),
                )?;
                Ok((a.id, b.id))
            })
            .unwrap();
        // 00:30 on 30 November in Shanghai is still 29 November in UTC: a commitment due the 29th is overdue.
        let now = at("2026-11-29T16:30:00Z");
        for (org, due) in [(&a, "2026-11-29"), (&a, "2026-11-30"), (&b, "2026-11-28")] {
            db.write(|tx| commitments::create(tx, owed(org, due), now))
                .unwrap();
        }
        let overdue = |org: &str| {
            db.read(|c| {
                commitments::list(
                    c,
                    &CommitmentQuery {
                        organization_id: Some(org.into()),
                        overdue_only: true,
                        ..Default::default()
                    },
                    now,
                )
            })
            .unwrap()
        };
        assert_eq!(overdue(&a).len(), 1);
        assert_eq!(overdue(&a)[0].due_date.as_deref(), Some("2026-11-29"));
        assert_eq!(overdue(&b).len(), 1);
    }

    #[test]
    fn a_decision_or_an_action_item_becomes_a_commitment_in_one_step() {
        let (_d, db) = temp_db();
        let now = at("2026-11-30T01:00:00Z");
        let (org, meeting) = db
            .write(|tx| {
                let o = directory::create_organization(
                    tx,
                    common::org(OrgKind::Partner, "华东精密制造有限公司"),
                )?;
                let mut m = common::meeting("供应商季度评审");
                m.organization_ids = vec![o.id.clone()];
                Ok((o.id, meetings::create_meeting(tx, m)?.id))
            })
            .unwrap();
        let decision = db
            .write(|tx| {
                minutes::add_decision(
                    tx,
                    &meeting,
                    DecisionInput {
                        text: "样品交期提前一周".into(),
                        organization_id: None,
                    },
                )
            })
            .unwrap();
        let decision_id = decision.id.clone();
        let k = db
            .write(|tx| commitments::from_decision(tx, &decision_id, Direction::WeOwe, now))
            .unwrap();
        assert_eq!(k.title, "样品交期提前一周");
        assert_eq!(
            k.organization_id.as_deref(),
            Some(org.as_str()),
            "the meeting's organization"
        );
        assert_eq!(
            (k.meeting_id.as_deref(), k.decision_id.as_deref()),
            (Some(meeting.as_str()), Some(decision_id.as_str()))
        );

        let mut t = common::task("更新交付计划");
        t.meeting_id = Some(meeting.clone());
        t.due_date = Some("2026-12-03".into());
        let task = db.write(|tx| projects::create_task(tx, t)).unwrap();
        let k = db
            .write(|tx| commitments::from_task(tx, &task.id, Direction::WaitingOn, now))
            .unwrap();
        assert_eq!(
            (k.title.as_str(), k.due_date.as_deref()),
            ("更新交付计划", Some("2026-12-03"))
        );
        assert_eq!(k.task_id.as_deref(), Some(task.id.as_str()));
        assert_eq!(k.direction, Direction::WaitingOn);
    }
}

#[test]
fn every_demo_department_has_its_own_staff_and_a_lead_among_them() {
    let (_d, db) = temp_db();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    db.write(|tx| demo::load(tx, today)).unwrap();
    let rows: Vec<(String, i64, bool)> = db
        .read(|c| {
            liaison_desk::store::rows(
                c,
                "SELECT o.name,
                   (SELECT count(*) FROM contacts m WHERE m.organization_id = o.id AND m.deleted_at IS NULL),
                   (SELECT l.organization_id = o.id FROM contacts l WHERE l.id = o.lead_contact_id)
                 FROM organizations o WHERE o.kind = 'department' ORDER BY o.name_sort",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<bool>>(2)?.unwrap_or(false))),
            )
        })
        .unwrap();
    assert_eq!(rows.len(), 5);
    for (name, members, lead_is_member) in rows {
        assert_eq!(members, 2, "{name}");
        assert!(lead_is_member, "{name}'s lead works there");
    }
}
