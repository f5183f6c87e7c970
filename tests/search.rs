//! Search over a bilingual corpus of our own: exact result sets for Chinese words inside longer ones, single
//! characters, mixed Chinese and English, pinyin, English stems and prefixes, deleted and restored rows, and queries
//! full of FTS syntax; a property test that every row is found by its own words; and the index kept consistent with
//! the tables through random writes.

mod common;

use common::*;
use liaison_desk::domain::*;
use liaison_desk::error::{AppError, Rule};
use liaison_desk::search::{self, SOURCES};
use liaison_desk::services::{self, directory, meetings, minutes, projects};
use liaison_desk::store::Db;
use proptest::prelude::*;
use std::collections::BTreeSet;

struct Corpus {
    _dir: tempfile::TempDir,
    db: Db,
}

impl Corpus {
    /// The titles found for `query`, as a set of "type:title".
    fn find(&self, query: &str) -> BTreeSet<String> {
        self.db
            .read(|c| search::search(c, query, None, 200))
            .unwrap()
            .into_iter()
            .map(|h| format!("{}:{}", h.kind, h.title))
            .collect()
    }
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn corpus() -> Corpus {
    let (dir, db) = temp_db();
    db.write(|c| {
        let rd = directory::create_organization(
            c,
            OrganizationInput {
                notes: Some("负责新品研发与测试".into()),
                tags: vec![],
                ..org(OrgKind::Department, "研发部")
            },
        )?;
        let ht = directory::create_organization(
            c,
            OrganizationInput {
                tags: vec![],
                website: None,
                address: None,
                ..org(OrgKind::Supplier, "苏州恒通电子")
            },
        )?;
        directory::create_contact(
            c,
            ContactInput {
                title: Some("研发工程师".into()),
                emails: vec![],
                phones: vec![],
                wechat: None,
                ..contact("张伟", Some(&rd.id))
            },
        )?;
        directory::create_contact(
            c,
            ContactInput {
                title: Some("Developer relations".into()),
                emails: vec![],
                phones: vec![],
                wechat: None,
                ..contact("Emily Carter", Some(&ht.id))
            },
        )?;
        let mut p = project("Line upgrade 产线升级");
        p.code = Some("PRJ-7".into());
        projects::create_project(c, p)?;
        let mut t = task("Developing the supplier portal");
        t.description = Some("100% 完成 \"quoted\" text".into());
        projects::create_task(c, t)?;
        let m = meetings::create_meeting(c, meeting("供应商评审会 Supplier review"))?;
        minutes::set_notes(
            c,
            &m.id,
            Some("样品交期提前一周；development of samples".into()),
        )?;
        minutes::add_agenda_item(
            c,
            &m.id,
            AgendaItemInput {
                title: "质量问题复盘".into(),
                owner_contact_id: None,
                planned_minutes: None,
                done: false,
            },
        )?;
        minutes::add_decision(
            c,
            &m.id,
            DecisionInput {
                text: "采用新包装方案".into(),
                organization_id: None,
            },
        )?;
        Ok(())
    })
    .unwrap();
    Corpus { _dir: dir, db }
}

#[test]
fn the_corpus_answers_each_query_exactly() {
    let c = corpus();
    let cases: &[(&str, &[&str])] = &[
        // A 2-character word inside a longer word, in names and in text.
        ("研发", &["organization:研发部", "contact:张伟"]),
        ("研发部", &["organization:研发部", "contact:张伟"]),
        // One character.
        ("伟", &["contact:张伟"]),
        ("样", &["meeting:供应商评审会 Supplier review"]),
        // Inside the agenda, and a decision by its text.
        ("复盘", &["meeting:供应商评审会 Supplier review"]),
        ("包装", &["decision:采用新包装方案"]),
        // Mixed Chinese and English in one query: both must match.
        (
            "供应商 review",
            &[
                "meeting:供应商评审会 Supplier review",
                "decision:采用新包装方案",
            ],
        ),
        ("产线 upgrade", &["project:Line upgrade 产线升级"]),
        // Pinyin, full and initials, and a part of a long name.
        ("zhangwei", &["contact:张伟"]),
        ("zw", &["contact:张伟"]),
        (
            "hengtong",
            &["organization:苏州恒通电子", "contact:Emily Carter"],
        ),
        // English stems: developer, developing, development all meet at "develop"; and a prefix while typing.
        (
            "development",
            &[
                "task:Developing the supplier portal",
                "meeting:供应商评审会 Supplier review",
                "contact:Emily Carter",
            ],
        ),
        (
            "reviewing",
            &[
                "meeting:供应商评审会 Supplier review",
                "decision:采用新包装方案",
            ],
        ),
        (
            "develo",
            &[
                "task:Developing the supplier portal",
                "meeting:供应商评审会 Supplier review",
                "contact:Emily Carter",
            ],
        ),
        ("prj", &["project:Line upgrade 产线升级"]),
        // Nothing matches.
        ("不存在的词", &[]),
    ];
    for (query, want) in cases {
        assert_eq!(c.find(query), set(want), "query {query:?}");
    }
}

#[test]
fn query_syntax_is_searched_as_text_and_never_fails() {
    let c = corpus();
    for q in [
        "%",
        "_",
        "\"",
        "'",
        "*",
        "研发*",
        "\"研发\" OR * NEAR( %_",
        "AND OR NOT",
        "title_words: 研发",
        "{body_chars} : 样",
        "(((",
        "100%",
        "\"quoted\"",
        "",
        "   ",
    ] {
        let found = c.db.read(|conn| search::search(conn, q, None, 20));
        assert!(found.is_ok(), "{q:?}: {found:?}");
    }
    // Quotes and % are text: "100%" finds the task holding it, the FTS column syntax only its words.
    assert_eq!(
        c.find("100%"),
        set(&["task:Developing the supplier portal"])
    );
    assert_eq!(
        c.find("研发*"),
        set(&["organization:研发部", "contact:张伟"])
    );
}

#[test]
fn deleted_rows_are_never_found_and_restored_ones_are_again() {
    let c = corpus();
    let id =
        c.db.read(|conn| search::search(conn, "张伟", Some("contact"), 5))
            .unwrap()[0]
            .id
            .clone();
    c.db.write(|tx| services::delete(tx, Entity::Contact, &id))
        .unwrap();
    assert_eq!(c.find("zhangwei"), set(&[]));
    c.db.write(|tx| directory::restore_contact(tx, &id))
        .unwrap();
    assert_eq!(c.find("zhangwei"), set(&["contact:张伟"]));
    // A deleted meeting takes its decisions with it.
    let m =
        c.db.read(|conn| search::search(conn, "评审会", Some("meeting"), 5))
            .unwrap()[0]
            .id
            .clone();
    c.db.write(|tx| services::delete(tx, Entity::Meeting, &m))
        .unwrap();
    assert_eq!(c.find("包装"), set(&[]));
    assert!(c.db.read(search::check).unwrap().is_consistent());
}

#[test]
fn a_save_is_found_at_once_and_renames_reach_dependent_documents() {
    let c = corpus();
    let org =
        c.db.read(|conn| search::search(conn, "恒通", Some("organization"), 5))
            .unwrap()[0]
            .id
            .clone();
    c.db.write(|tx| {
        let had = directory::get_organization(tx, &org)?;
        directory::update_organization(
            tx,
            &org,
            OrganizationInput {
                kind: had.kind,
                name: "昆山恒达精密".into(),
                tier: had.tier,
                tags: had.tags,
                address: had.address,
                website: had.website,
                notes: had.notes,
                lead_contact_id: had.lead_contact_id,
                weekly_capacity_hours: had.weekly_capacity_hours,
                color: had.color,
            },
        )
    })
    .unwrap();
    // The contact's document carries its organization's name.
    assert_eq!(
        c.find("恒达"),
        set(&["organization:昆山恒达精密", "contact:Emily Carter"])
    );
    assert_eq!(c.find("恒通"), set(&[]));
    assert!(c.db.read(search::check).unwrap().is_consistent());
}

#[test]
fn results_are_ranked_titles_first_and_snippets_mark_the_words() {
    let c = corpus();
    let hits =
        c.db.read(|conn| search::search(conn, "研发", None, 10))
            .unwrap();
    assert_eq!(hits[0].title, "研发部", "a title match ranks first");
    let zhang = hits.iter().find(|h| h.title == "张伟").unwrap();
    let marked: String = zhang
        .snippet
        .chars()
        .skip(zhang.marks[0][0] as usize)
        .take(2)
        .collect();
    assert_eq!(marked, "研发");
    // --type narrows; an unknown type is a field error.
    let only =
        c.db.read(|conn| search::search(conn, "研发", Some("contact"), 10))
            .unwrap();
    assert_eq!(only.len(), 1);
    let bad =
        c.db.read(|conn| search::search(conn, "研发", Some("nope"), 10));
    assert!(matches!(bad, Err(AppError::Validation { .. })));
    assert_eq!(
        rules(bad.unwrap_err()),
        [("type".to_string(), Rule::OutOfRange)]
    );
}

/// Every table with text is searched through the registry or named as not searched, so a new table cannot be
/// forgotten.
#[test]
fn every_table_with_text_is_in_the_registry() {
    let (_d, db) = temp_db();
    let tables: Vec<String> = db
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                   AND m.name NOT LIKE 'search_index%'
                   AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.type = 'TEXT'
                     AND p.name NOT IN ('id', 'created_at', 'updated_at', 'deleted_at'))",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })
        .unwrap();
    let covered: BTreeSet<&str> = SOURCES
        .iter()
        .flat_map(|s| s.written_by.iter().map(|(t, _)| *t))
        .chain(search::NOT_SEARCHED.iter().copied())
        // Sync's own bookkeeping is not the user's data.
        .chain(
            liaison_desk::store::tables::SYNC_BOOKKEEPING
                .iter()
                .copied(),
        )
        .collect();
    for t in &tables {
        assert!(
            covered.contains(t.as_str()),
            "table {t} has text but is neither a search source nor in search::NOT_SEARCHED"
        );
    }
}

#[test]
fn rebuild_gives_the_same_index() {
    let c = corpus();
    let before = c.find("研发");
    let n =
        c.db.write(|tx| search::rebuild(tx, &mut |_, _| {}))
            .unwrap();
    assert_eq!(
        n, 8,
        "2 organizations, 2 contacts, a project, a task, a meeting, a decision"
    );
    assert_eq!(c.find("研发"), before);
    assert!(c.db.read(search::check).unwrap().is_consistent());
}

// Words drawn from a small bilingual vocabulary, so that generated rows share words and prefixes.
const WORDS: &[&str] = &[
    "研发",
    "质量",
    "供应商",
    "样品",
    "交期",
    "评审",
    "包装",
    "物流",
    "quality",
    "supplier",
    "review",
    "sample",
    "delivery",
    "budget",
    "张伟",
    "李娜",
    "恒通",
    "精密",
];

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(WORDS), 1..4).prop_map(|w| w.join(" "))
}

#[derive(Debug, Clone)]
enum Op {
    Org(String),
    Contact(String),
    Task(String),
    Rename(usize, String),
    Delete(usize),
    Restore(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        text().prop_map(Op::Org),
        text().prop_map(Op::Contact),
        text().prop_map(Op::Task),
        (0..8usize, text()).prop_map(|(i, t)| Op::Rename(i, t)),
        (0..8usize).prop_map(Op::Delete),
        (0..8usize).prop_map(Op::Restore),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// After any sequence of creates, renames, deletes and restores, the index equals a rebuild of the tables,
    /// and every live row is found by each of its own words.
    #[test]
    fn the_index_follows_every_write(ops in proptest::collection::vec(op(), 1..16)) {
        let (_d, db) = temp_db();
        let mut tasks: Vec<String> = Vec::new();
        for op in ops {
            db.write(|tx| {
                match &op {
                    Op::Org(name) => {
                        directory::create_organization(tx, org(OrgKind::Partner, name))?;
                    }
                    Op::Contact(name) => {
                        directory::create_contact(tx, contact(name, None))?;
                    }
                    Op::Task(title) => tasks.push(projects::create_task(tx, task(title))?.id),
                    Op::Rename(i, title) => {
                        if let Some(id) = tasks.get(*i) {
                            let t = projects::get_task(tx, id)?;
                            if t.deleted_at.is_none() {
                                let mut input = task(title);
                                input.description = t.description;
                                projects::update_task(tx, id, input)?;
                            }
                        }
                    }
                    Op::Delete(i) => {
                        if let Some(id) = tasks.get(*i) {
                            if projects::get_task(tx, id)?.deleted_at.is_none() {
                                services::delete(tx, Entity::Task, id)?;
                            }
                        }
                    }
                    Op::Restore(i) => {
                        if let Some(id) = tasks.get(*i) {
                            if projects::get_task(tx, id)?.deleted_at.is_some() {
                                projects::restore_task(tx, id)?;
                            }
                        }
                    }
                }
                Ok(())
            }).unwrap();
        }
        let report = db.read(search::check).unwrap();
        prop_assert!(report.is_consistent(), "{report:?}");
        // Every live task is found by each word of its title.
        for id in &tasks {
            let t = db.read(|c| projects::get_task(c, id)).unwrap();
            if t.deleted_at.is_some() {
                let found = db.read(|c| search::search(c, &t.title, Some("task"), 200)).unwrap();
                prop_assert!(found.iter().all(|h| &h.id != id), "deleted {} found", t.title);
                continue;
            }
            for word in t.title.split_whitespace() {
                let found = db.read(|c| search::search(c, word, Some("task"), 200)).unwrap();
                prop_assert!(found.iter().any(|h| &h.id == id), "{word:?} does not find {:?}", t.title);
            }
        }
    }
}

/// The lists' search boxes and decision search ask the same index: Chinese inside words, pinyin, stems.
#[test]
fn lists_and_decision_search_use_the_index() {
    let c = corpus();
    let contacts = |text: &str| {
        let q = ContactQuery {
            search: Some(text.into()),
            ..Default::default()
        };
        let page =
            c.db.read(|conn| directory::list_contacts(conn, &q))
                .unwrap();
        (
            page.items.into_iter().map(|x| x.name).collect::<Vec<_>>(),
            page.total,
        )
    };
    assert_eq!(contacts("研发"), (vec!["张伟".to_string()], Some(1)));
    assert_eq!(
        contacts("hengtong"),
        (vec!["Emily Carter".to_string()], Some(1))
    );
    assert_eq!(
        contacts("develop"),
        (vec!["Emily Carter".to_string()], Some(1))
    );
    assert_eq!(contacts("%_"), (vec![], Some(0)));
    let orgs = |text: &str| {
        let q = OrganizationQuery {
            search: Some(text.into()),
            ..Default::default()
        };
        c.db.read(|conn| directory::list_organizations(conn, &q))
            .unwrap()
            .items
            .into_iter()
            .map(|o| o.name)
            .collect::<Vec<_>>()
    };
    // Initials, typed in part.
    assert_eq!(orgs("szht"), vec!["苏州恒通电子".to_string()]);
    let decisions =
        c.db.read(|conn| minutes::search_decisions(conn, "包装", Some(10)))
            .unwrap();
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].decision.text, "采用新包装方案");
}

/// A list whose search matches many rows reads its sort order and keeps the matches; one that matches few starts
/// from the matches. Both give the same pages, in the list's order, with the right total, as the list without a
/// search filtered by hand.
#[test]
fn many_and_few_matches_page_alike() {
    let (_dir, db) = temp_db();
    let (north, south) = db
        .write(|c| {
            let north = directory::create_organization(c, org(OrgKind::Supplier, "North"))?.id;
            let south = directory::create_organization(c, org(OrgKind::Supplier, "South"))?.id;
            // 1,200 maples (above the dense threshold) and 300 birches (below it), in two organizations.
            for i in 0..1500 {
                let name = if i % 5 == 4 {
                    format!("Birch {i:04}")
                } else {
                    format!("Maple {:04}", 1500 - i)
                };
                let at = if i % 3 == 0 { &north } else { &south };
                let id = directory::create_contact(c, contact(&name, Some(at)))?.id;
                if i % 97 == 0 {
                    services::delete(c, Entity::Contact, &id)?;
                }
            }
            Ok((north, south))
        })
        .unwrap();
    let pages = |search: Option<&str>, organization_id: Option<&String>| {
        let mut names = Vec::new();
        let mut cursor = None;
        let mut total = None;
        loop {
            let q = ContactQuery {
                search: search.map(String::from),
                organization_id: organization_id.cloned(),
                cursor: cursor.clone(),
                limit: Some(50),
                ..Default::default()
            };
            let page = db.read(|c| directory::list_contacts(c, &q)).unwrap();
            if cursor.is_none() {
                total = page.total;
            }
            names.extend(page.items.into_iter().map(|x| x.name));
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return (names, total),
            }
        }
    };
    for organization_id in [None, Some(&north), Some(&south)] {
        let (all, _) = pages(None, organization_id);
        for word in ["maple", "birch"] {
            let expected: Vec<String> = all
                .iter()
                .filter(|n| n.to_lowercase().starts_with(word))
                .cloned()
                .collect();
            let (found, total) = pages(Some(word), organization_id);
            assert!(!expected.is_empty());
            assert_eq!(found, expected, "{word} in {organization_id:?}");
            assert_eq!(
                total,
                Some(expected.len() as i32),
                "{word} in {organization_id:?}"
            );
        }
    }
    // The counts the index gives alone, checked by hand: 1,200 maples less the deleted ones.
    let deleted_maples = (0..1500).filter(|i| i % 97 == 0 && i % 5 != 4).count();
    assert_eq!(
        pages(Some("maple"), None).1,
        Some(1200 - deleted_maples as i32)
    );
}

/// Results with the same score come newest first, also after a rebuild.
#[test]
fn equal_scores_come_newest_first() {
    let (_dir, db) = temp_db();
    let write = |name: &str| {
        std::thread::sleep(std::time::Duration::from_millis(5));
        db.write(|c| directory::create_contact(c, contact(name, None)))
            .unwrap()
    };
    let a = write("Wombat Aaa");
    write("Wombat Bbb");
    let order = || -> Vec<String> {
        db.read(|c| search::search(c, "wombat", None, 10))
            .unwrap()
            .into_iter()
            .map(|h| h.title)
            .collect()
    };
    assert_eq!(order(), ["Wombat Bbb", "Wombat Aaa"]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    db.write(|c| directory::update_contact(c, &a.id, contact("Wombat Ccc", None)))
        .unwrap();
    assert_eq!(order(), ["Wombat Ccc", "Wombat Bbb"]);
    db.write(|c| search::rebuild(c, &mut |_, _| {})).unwrap();
    assert_eq!(order(), ["Wombat Ccc", "Wombat Bbb"]);
}

/// What a seeded database holds, reduced to exact figures: the rows of every table, the index's documents and its
/// every term (through `fts5vocab`), and what searches find. Row ids and timestamps are left out (they differ from
/// run to run); everything a user can find is in.
#[derive(Debug, PartialEq)]
struct SeedFingerprint {
    rows: Vec<(String, i64)>,
    documents: Vec<(String, i64)>,
    /// FNV-1a over the documents' kind, title, body and whether they have a parent, in that order.
    documents_hash: u64,
    /// Distinct (term, column) pairs, documents and occurrences summed, and FNV-1a over every (term, column, documents,
    /// occurrences) row in term order.
    terms: (i64, i64, i64, u64),
    /// Per query: matches per kind, and FNV-1a over the results (kind, title, score to 1e-6) in rank order.
    queries: Vec<(String, Vec<i64>, usize, u64)>,
}

fn fnv(h: &mut u64, bytes: &[u8]) {
    for b in bytes.iter().chain([&0xffu8]) {
        *h ^= u64::from(*b);
        *h = h.wrapping_mul(0x0100_0000_01b3);
    }
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn seed_fingerprint(db: &Db) -> SeedFingerprint {
    let rows = row_counts(db).into_iter().filter(|(_, n)| *n > 0).collect();
    db.read(|c| {
        let mut documents = Vec::new();
        let mut s = c.prepare("SELECT kind, count(*) FROM search_docs GROUP BY kind ORDER BY kind")?;
        for r in s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            documents.push(r?);
        }
        let mut documents_hash = FNV_START;
        let mut s = c.prepare(
            "SELECT kind, title, body, parent IS NULL FROM search_docs ORDER BY kind, title, body",
        )?;
        let mut q = s.query([])?;
        while let Some(r) = q.next()? {
            for i in 0..3 {
                fnv(&mut documents_hash, r.get::<_, String>(i)?.as_bytes());
            }
            fnv(&mut documents_hash, &[r.get::<_, u8>(3)?]);
        }
        c.execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.seed_vocab USING fts5vocab(main, search_index, 'col')",
        )?;
        let mut terms = (0, 0, 0, FNV_START);
        let mut s = c.prepare("SELECT term, col, doc, cnt FROM temp.seed_vocab ORDER BY term, col")?;
        let mut q = s.query([])?;
        while let Some(r) = q.next()? {
            let (doc, cnt): (i64, i64) = (r.get(2)?, r.get(3)?);
            terms.0 += 1;
            terms.1 += doc;
            terms.2 += cnt;
            fnv(&mut terms.3, r.get::<_, String>(0)?.as_bytes());
            fnv(&mut terms.3, r.get::<_, String>(1)?.as_bytes());
            fnv(&mut terms.3, format!("{doc} {cnt}").as_bytes());
        }
        let mut queries = Vec::new();
        for (query, ..) in QUERIES {
            let (expr, _) = liaison_desk::search::text::query(query).expect("a searchable query");
            let mut per_kind = Vec::new();
            for s in SOURCES {
                let params = search::matching_params(s.kind, &expr)?;
                per_kind.push(search::count_matching(c, &params)?);
            }
            let hits = search::search(c, query, None, 200)?;
            let mut h = FNV_START;
            for hit in &hits {
                fnv(&mut h, format!("{}:{}:{:.6}", hit.kind, hit.title, hit.score).as_bytes());
            }
            queries.push((query.to_string(), per_kind, hits.len(), h));
        }
        Ok(SeedFingerprint {
            rows,
            documents,
            documents_hash,
            terms,
            queries,
        })
    })
    .unwrap()
}

/// The queries of the fingerprint: matches per kind (in `SOURCES` order), results, and their hash.
#[rustfmt::skip]
const QUERIES: [(&str, [i64; 9], usize, u64); 9] = [
    ("研发", [0, 0, 0, 0, 116, 0, 0, 0, 0], 116, 11974003254481137270),
    ("交期", [0, 0, 0, 0, 117, 0, 0, 0, 0], 117, 9790140045101187262),
    ("恒通", [0, 5, 0, 13, 0, 0, 0, 0, 0], 18, 14691385905375804195),
    ("hengtong", [0, 4, 0, 0, 0, 0, 0, 0, 0], 4, 3001684681157146910),
    ("ht", [3, 29, 0, 0, 0, 0, 0, 0, 0], 32, 5271806412361279462),
    ("supplier", [100, 0, 0, 0, 114, 0, 0, 0, 0], 200, 13565647886014273512),
    ("review", [0, 0, 0, 0, 99, 0, 0, 0, 0], 99, 13300158743091785538),
    ("maple", [48, 210, 13, 233, 57, 0, 0, 0, 0], 200, 4944964203362342715),
    ("华东 12", [0, 0, 0, 1, 0, 0, 0, 0, 0], 1, 17431392345741651341),
];

/// The seed writes the same rows and the same index, finds the same results, and leaves the app's connections as
/// durable as before: `synchronous = FULL` and WAL, whatever it used during the load. The figures were taken from
/// the seed as it was before its bulk-load setup and the pipelined index build.
#[test]
fn a_seed_writes_the_same_rows_and_index_and_keeps_full_sync() {
    let (_d, db) = temp_db();
    let plan = services::demo::SeedPlan {
        orgs: 400,
        contacts: 1_000,
        projects: 100,
        tasks: 2_000,
        meetings: 500,
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    assert_eq!(services::demo::seed(&db, plan, 42, today).unwrap(), 4_000);
    let s = |v: &str| v.to_string();
    assert_eq!(
        seed_fingerprint(&db),
        SeedFingerprint {
            rows: vec![
                (s("organizations"), 400),
                (s("contacts"), 1000),
                (s("projects"), 100),
                (s("meetings"), 500),
                (s("meeting_attendees"), 500),
                (s("tasks"), 2000),
            ],
            documents: vec![
                (s("contact"), 1000),
                (s("meeting"), 500),
                (s("organization"), 400),
                (s("project"), 100),
                (s("task"), 2000),
            ],
            documents_hash: 6298554059968552183,
            terms: (5637, 50633, 55000, 636290560781315167),
            queries: QUERIES
                .iter()
                .map(|(query, per_kind, hits, hash)| (s(query), per_kind.to_vec(), *hits, *hash))
                .collect(),
        }
    );
    assert!(db.read(search::check).unwrap().is_consistent());
    let sync = |db: &Db| -> (i64, i64, String) {
        let writer = db
            .with_writer(|c| Ok(c.query_row("PRAGMA synchronous", [], |r| r.get(0))?))
            .unwrap();
        db.read(|c| {
            Ok((
                writer,
                c.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
                c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
            ))
        })
        .unwrap()
    };
    assert_eq!(sync(&db), (2, 2, "wal".to_string()));
}
