//! Recurring meetings: edits of a series for this occurrence, this and the following ones, or all of them, and the
//! minutes of each occurrence. A property test runs random sequences of moves, cancels, restores, notes and series
//! edits against a small reference model of the occurrences a calendar should show.

mod common;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use common::*;
use liaison_desk::domain::recurrence::{Day, Frequency, Recurrence};
use liaison_desk::domain::series::SeriesScope;
use liaison_desk::domain::{parse_utc, utc_string, MeetingInput};
use liaison_desk::services::planner::{self, PlannerChange, RangeQuery};
use liaison_desk::services::series::{self, OrphanKind, SeriesEdit};
use liaison_desk::services::{meetings, minutes};
use liaison_desk::store::Db;
use proptest::prelude::*;
use std::collections::BTreeMap;

const ZONE: &str = "Asia/Shanghai";
const UNTIL: &str = "2027-03-31";

fn tz() -> Tz {
    ZONE.parse().unwrap()
}

fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    tz().from_local_datetime(&date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap()))
        .unwrap()
        .with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn rule(days: &[Day], until: NaiveDate) -> Recurrence {
    Recurrence {
        freq: Frequency::Weekly,
        interval: 1,
        weekdays: days.to_vec(),
        until: Some(until.format("%Y-%m-%d").to_string()),
        count: None,
    }
}

fn input(start: DateTime<Utc>, recurrence: Option<Recurrence>) -> MeetingInput {
    let mut m = meeting("周例会 Weekly sync");
    m.starts_at = utc_string(start);
    m.ends_at = utc_string(start + Duration::hours(1));
    m.time_zone = ZONE.into();
    m.recurrence = recurrence;
    m
}

fn window() -> RangeQuery {
    RangeQuery {
        from: "2026-12-28T00:00:00+08:00".into(),
        to: "2027-04-30T00:00:00+08:00".into(),
        time_zone: ZONE.into(),
    }
}

/// (start, end, key) of every meeting the planner shows in the window.
fn shown(db: &Db) -> Vec<(DateTime<Utc>, DateTime<Utc>, String)> {
    let mut out: Vec<_> = db
        .read(|c| planner::range(c, &window()))
        .unwrap()
        .events
        .into_iter()
        .map(|e| {
            (
                parse_utc(&e.start).unwrap(),
                parse_utc(&e.end).unwrap(),
                e.key,
            )
        })
        .collect();
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------------------------
// The reference model: a series is a chain of segments (one per "this and following" split), each a start date
// that always occurs, the weekdays after it, a time of day and an end date. Each occurrence, named by its date, is
// normal, moved by some hours, or cancelled, and may have notes.

#[derive(Debug, Clone)]
struct Segment {
    id: String,
    start: NaiveDate,
    days: Vec<Day>,
    hour: u32,
    until: NaiveDate,
}

impl Segment {
    fn dates(&self) -> Vec<NaiveDate> {
        let wanted: Vec<Weekday> = self.days.iter().map(|d| d.weekday()).collect();
        self.start
            .iter_days()
            .take_while(|d| *d <= self.until)
            .filter(|d| *d == self.start || wanted.contains(&d.weekday()))
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Normal,
    Moved(i64),
    Cancelled,
}

#[derive(Debug, Default)]
struct Model {
    segments: Vec<Segment>,
    states: BTreeMap<NaiveDate, State>,
    notes: BTreeMap<NaiveDate, String>,
    /// Minutes of occurrences a rule change left behind: meetings of their own at these times, with these notes.
    standalone: Vec<(DateTime<Utc>, String)>,
}

impl Model {
    fn segment_of(&self, d: NaiveDate) -> &Segment {
        self.segments.iter().rev().find(|s| s.start <= d).unwrap()
    }

    fn dates(&self) -> Vec<NaiveDate> {
        self.segments.iter().flat_map(|s| s.dates()).collect()
    }

    fn state(&self, d: NaiveDate) -> State {
        self.states.get(&d).copied().unwrap_or(State::Normal)
    }

    fn slot(&self, d: NaiveDate) -> DateTime<Utc> {
        at(d, self.segment_of(d).hour)
    }

    fn held(&self, d: NaiveDate) -> Option<DateTime<Utc>> {
        match self.state(d) {
            State::Normal => Some(self.slot(d)),
            State::Moved(h) => Some(self.slot(d) + Duration::hours(h)),
            State::Cancelled => None,
        }
    }

    fn key(&self, d: NaiveDate) -> (String, String) {
        (self.segment_of(d).id.clone(), utc_string(self.slot(d)))
    }

    /// What the planner must show: each occurrence held where it is held, and the standalone meetings.
    fn expected(&self) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let mut out: Vec<_> = self
            .dates()
            .into_iter()
            .filter_map(|d| self.held(d))
            .chain(self.standalone.iter().map(|(t, _)| *t))
            .map(|t| (t, t + Duration::hours(1)))
            .collect();
        out.sort();
        out
    }

    /// After segment `i` changed: dates it no longer has lose their state; their notes become standalone meetings.
    fn drop_lost(&mut self, before: &[(NaiveDate, Option<DateTime<Utc>>)]) {
        let now: Vec<NaiveDate> = self.dates();
        for (d, held) in before {
            if now.contains(d) {
                continue;
            }
            self.states.remove(d);
            // Minutes of a held occurrence stay as a meeting of their own; those of a cancelled one are deleted.
            if let (Some(n), Some(t)) = (self.notes.remove(d), held) {
                self.standalone.push((*t, n));
            }
        }
    }

    /// Dates and held times (None when cancelled) before an edit.
    fn snapshot(&self) -> Vec<(NaiveDate, Option<DateTime<Utc>>)> {
        self.dates()
            .into_iter()
            .map(|d| (d, self.held(d)))
            .collect()
    }
}

#[derive(Debug, Clone)]
enum Op {
    Move(usize, i64),
    Cancel(usize),
    Restore(usize),
    Notes(usize),
    EditThis(usize, i64),
    EditAll(usize, u32, usize),
    EditFollowing(usize, u32, usize),
}

const DAY_SETS: [&[Day]; 3] = [&[Day::Mo], &[Day::Mo, Day::We], &[Day::Mo, Day::Th]];

fn op() -> impl Strategy<Value = Op> {
    let i = 0usize..64;
    let hours = prop_oneof![Just(-2i64), Just(-1), Just(1), Just(3)];
    prop_oneof![
        (i.clone(), hours.clone()).prop_map(|(i, h)| Op::Move(i, h)),
        i.clone().prop_map(Op::Cancel),
        i.clone().prop_map(Op::Restore),
        i.clone().prop_map(Op::Notes),
        (i.clone(), hours).prop_map(|(i, h)| Op::EditThis(i, h)),
        (
            i.clone(),
            prop_oneof![Just(8u32), Just(14), Just(16)],
            0usize..3
        )
            .prop_map(|(i, h, d)| Op::EditAll(i, h, d)),
        (i, prop_oneof![Just(8u32), Just(14), Just(16)], 0usize..3)
            .prop_map(|(i, h, d)| Op::EditFollowing(i, h, d)),
    ]
}

fn pick<T: Clone>(list: &[T], i: usize) -> Option<T> {
    (!list.is_empty()).then(|| list[i % list.len()].clone())
}

struct World {
    _dir: tempfile::TempDir,
    db: Db,
    model: Model,
    token: u32,
}

impl World {
    fn new() -> World {
        let (dir, db) = temp_db();
        let start = day("2027-01-04");
        let m = db
            .write(|c| {
                meetings::create_meeting(
                    c,
                    input(at(start, 10), Some(rule(&[Day::Mo], day(UNTIL)))),
                )
            })
            .unwrap();
        let model = Model {
            segments: vec![Segment {
                id: m.id,
                start,
                days: vec![Day::Mo],
                hour: 10,
                until: day(UNTIL),
            }],
            ..Default::default()
        };
        World {
            _dir: dir,
            db,
            model,
            token: 0,
        }
    }

    fn apply(&mut self, change: PlannerChange) {
        self.db.write(|c| planner::apply(c, &change)).unwrap();
    }

    /// Saves an edit made from the occurrence on `d`; returns the series the edited occurrence is now in.
    fn edit(&self, d: NaiveDate, scope: SeriesScope, start: DateTime<Utc>, days: &[Day]) -> String {
        let (id, occurrence) = self.model.key(d);
        let seg = self.model.segment_of(d);
        let edit = SeriesEdit {
            scope,
            occurrence,
            input: input(start, Some(rule(days, seg.until))),
        };
        let orphans = self
            .db
            .read(|c| series::preview_edit(c, &id, edit.clone()))
            .unwrap();
        // The preview lists exactly the changed occurrences and minutes the edit leaves behind.
        for o in &orphans {
            let date = parse_utc(&o.occurrence)
                .unwrap()
                .with_timezone(&tz())
                .date_naive();
            let kept =
                self.model.notes.contains_key(&date) && self.model.state(date) != State::Cancelled;
            assert_eq!(o.kind == OrphanKind::Minutes, kept, "{o:?}");
        }
        // The edited occurrence, or the series when the new rule no longer has its date.
        let m = self.db.write(|c| series::save_edit(c, &id, edit)).unwrap();
        m.series_id.unwrap_or(m.id)
    }

    fn run(&mut self, op: Op) {
        let dates = self.model.dates();
        let live: Vec<NaiveDate> = dates
            .iter()
            .copied()
            .filter(|d| self.model.state(*d) != State::Cancelled)
            .collect();
        let normal: Vec<NaiveDate> = dates
            .iter()
            .copied()
            .filter(|d| self.model.state(*d) == State::Normal)
            .collect();
        match op {
            Op::Move(i, h) | Op::EditThis(i, h) => {
                let Some(d) = pick(&live, i) else { return };
                let (id, occurrence) = self.model.key(d);
                let start = self.model.slot(d) + Duration::hours(h);
                if matches!(op, Op::Move(..)) {
                    self.apply(PlannerChange::MoveOccurrence {
                        meeting_id: id,
                        occurrence,
                        start: utc_string(start),
                        end: utc_string(start + Duration::hours(1)),
                    });
                } else {
                    let seg = self.model.segment_of(d).clone();
                    self.edit(d, SeriesScope::This, start, &seg.days);
                }
                self.model.states.insert(d, State::Moved(h));
            }
            Op::Cancel(i) => {
                let Some(d) = pick(&live, i) else { return };
                let (meeting_id, occurrence) = self.model.key(d);
                self.apply(PlannerChange::CancelOccurrence {
                    meeting_id,
                    occurrence,
                });
                self.model.states.insert(d, State::Cancelled);
            }
            Op::Restore(i) => {
                let changed: Vec<NaiveDate> = dates
                    .iter()
                    .copied()
                    .filter(|d| self.model.state(*d) != State::Normal)
                    .collect();
                let Some(d) = pick(&changed, i) else { return };
                let (meeting_id, occurrence) = self.model.key(d);
                self.apply(PlannerChange::RestoreOccurrence {
                    meeting_id,
                    occurrence,
                });
                self.model.states.remove(&d);
            }
            Op::Notes(i) => {
                let Some(d) = pick(&live, i) else { return };
                let (id, occurrence) = self.model.key(d);
                self.token += 1;
                let text = format!("第{}次纪要 notes {}", self.token, d);
                let key = series::occurrence_key(&id, &occurrence);
                self.db
                    .write(|c| minutes::set_notes(c, &key, Some(text.clone())))
                    .unwrap();
                self.model.notes.insert(d, text);
            }
            Op::EditAll(i, hour, set) => {
                let Some(d) = pick(&normal, i) else { return };
                let days = DAY_SETS[set];
                let before = self.model.snapshot();
                self.edit(d, SeriesScope::All, at(d, hour), days);
                let seg = self
                    .model
                    .segments
                    .iter_mut()
                    .rev()
                    .find(|s| s.start <= d)
                    .unwrap();
                seg.hour = hour;
                seg.days = days.to_vec();
                self.model.drop_lost(&before);
            }
            Op::EditFollowing(i, hour, set) => {
                let Some(d) = pick(&normal, i) else { return };
                let days = DAY_SETS[set];
                let before = self.model.snapshot();
                let idx = self
                    .model
                    .segments
                    .iter()
                    .rposition(|s| s.start <= d)
                    .unwrap();
                if self.model.segments[idx].start == d {
                    // From the first occurrence, "following" is the whole series.
                    self.edit(d, SeriesScope::Following, at(d, hour), days);
                    let seg = &mut self.model.segments[idx];
                    seg.hour = hour;
                    seg.days = days.to_vec();
                    self.model.drop_lost(&before);
                    return;
                }
                let new_id = self.edit(d, SeriesScope::Following, at(d, hour), days);
                let old = &self.model.segments[idx];
                assert_ne!(new_id, old.id, "a new series");
                let last_before = old.dates().into_iter().rfind(|x| *x < d).unwrap();
                let until = old.until;
                self.model.segments[idx].until = last_before;
                self.model.segments.insert(
                    idx + 1,
                    Segment {
                        id: new_id,
                        start: d,
                        days: days.to_vec(),
                        hour,
                        until,
                    },
                );
                self.model.drop_lost(&before);
            }
        }
    }

    fn check(&self) {
        let got = shown(&self.db);
        let mut keys: Vec<&String> = got.iter().map(|g| &g.2).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), got.len(), "no occurrence shown twice: {got:?}");
        let times: Vec<_> = got.iter().map(|g| (g.0, g.1)).collect();
        assert_eq!(
            times,
            self.model.expected(),
            "planner vs model {:#?}",
            self.model
        );
        for (d, text) in &self.model.notes {
            let (id, occurrence) = self.model.key(*d);
            let key = series::occurrence_key(&id, &occurrence);
            let m = self.db.read(|c| meetings::get_meeting(c, &key)).unwrap();
            assert_eq!(m.notes.as_deref(), Some(text.as_str()), "notes of {d}");
        }
        for (t, text) in &self.model.standalone {
            let (_, _, key) = got
                .iter()
                .find(|g| g.0 == *t && !g.2.contains('@'))
                .unwrap_or_else(|| panic!("a meeting of its own at {t}"));
            let id = key.trim_start_matches("meeting:");
            let m = self.db.read(|c| meetings::get_meeting(c, id)).unwrap();
            assert_eq!(m.notes.as_deref(), Some(text.as_str()));
        }
        // Every exception names an occurrence its series has, so the .ics EXDATE / RECURRENCE-ID match something.
        let ics = self
            .db
            .read(|c| planner::schedule_ics(c, &window(), planner::CALENDAR_NAME))
            .unwrap();
        let cancelled = self
            .model
            .dates()
            .into_iter()
            .filter(|d| self.model.state(*d) == State::Cancelled)
            .count();
        assert_eq!(ics.matches("EXDATE").count(), cancelled, "{ics}");
        let moved = self
            .model
            .dates()
            .into_iter()
            .filter(|d| matches!(self.model.state(*d), State::Moved(_)))
            .count();
        assert_eq!(ics.matches("RECURRENCE-ID").count(), moved, "{ics}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn series_edits_never_lose_duplicate_or_resurrect_an_occurrence(ops in proptest::collection::vec(op(), 1..14)) {
        let mut w = World::new();
        for op in ops {
            w.run(op);
            w.check();
        }
    }
}

#[test]
fn all_occurrences_move_to_a_new_time_keeping_moves_cancellations_and_minutes() {
    let mut w = World::new();
    let (jan11, jan18, jan25) = (day("2027-01-11"), day("2027-01-18"), day("2027-01-25"));
    w.run(Op::Notes(1)); // 11 Jan
    w.run(Op::Cancel(2)); // 18 Jan
    w.run(Op::Move(2, 3)); // the third live one: 25 Jan, to 13:00
    w.check();
    assert_eq!(w.model.state(jan18), State::Cancelled);
    assert_eq!(w.model.state(jan25), State::Moved(3));
    // Every Monday moves from 10:00 to 14:00, edited from 4 Jan.
    w.run(Op::EditAll(0, 14, 0));
    w.check();
    let shown = shown(&w.db);
    assert!(shown.iter().any(|s| s.0 == at(jan11, 14)));
    assert!(!shown
        .iter()
        .any(|s| s.0.with_timezone(&tz()).date_naive() == jan18));
    assert!(
        shown.iter().any(|s| s.0 == at(jan25, 17)),
        "the move keeps its 3 hours"
    );
    assert_eq!(shown.len(), 12);
}

#[test]
fn a_rule_change_lists_what_it_leaves_behind_before_saving() {
    let w = World::new();
    let id = w.model.segments[0].id.clone();
    let thu = |d: &str| at(day(d), 10);
    w.db.write(|c| {
        minutes::set_notes(
            c,
            &series::occurrence_key(&id, &utc_string(thu("2027-01-11"))),
            Some("second".into()),
        )
    })
    .unwrap();
    w.db.write(|c| {
        planner::apply(
            c,
            &PlannerChange::CancelOccurrence {
                meeting_id: id.clone(),
                occurrence: utc_string(thu("2027-01-18")),
            },
        )
    })
    .unwrap();
    // Thursdays instead of Mondays: neither date is in the new rule.
    let edit = SeriesEdit {
        scope: SeriesScope::All,
        occurrence: utc_string(thu("2027-01-04")),
        input: input(
            at(day("2027-01-07"), 10),
            Some(rule(&[Day::Th], day(UNTIL))),
        ),
    };
    let orphans =
        w.db.read(|c| series::preview_edit(c, &id, edit.clone()))
            .unwrap();
    let kinds: Vec<_> = orphans
        .iter()
        .map(|o| (o.occurrence.as_str(), o.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("2027-01-11T02:00:00Z", OrphanKind::Minutes),
            ("2027-01-18T02:00:00Z", OrphanKind::Cancelled)
        ]
    );
    // Nothing was written by the preview.
    assert_eq!(shown(&w.db).len(), 12);
}

#[test]
fn an_unknown_occurrence_is_refused() {
    let w = World::new();
    let id = w.model.segments[0].id.clone();
    let e =
        w.db.write(|c| {
            planner::apply(
                c,
                &PlannerChange::CancelOccurrence {
                    meeting_id: id.clone(),
                    occurrence: "2027-01-05T02:00:00Z".into(),
                },
            )
        })
        .unwrap_err();
    assert!(format!("{e:?}").contains("occurrence"), "{e:?}");
}

#[test]
fn occurrences_chain_their_minutes_and_brief() {
    let w = World::new();
    let id = w.model.segments[0].id.clone();
    let key = |d: &str| series::occurrence_key(&id, &utc_string(at(day(d), 10)));
    let first = key("2027-01-04");
    w.db.write(|c| {
        minutes::add_agenda_item(
            c,
            &first,
            liaison_desk::domain::AgendaItemInput {
                title: "未完成事项 open item".into(),
                owner_contact_id: None,
                planned_minutes: None,
                done: false,
            },
        )
    })
    .unwrap();
    // Reading an occurrence creates nothing; writing to the next one carries the open item over.
    let second = key("2027-01-11");
    let virtual_second = w.db.read(|c| meetings::get_meeting(c, &second)).unwrap();
    assert_eq!(virtual_second.id, second);
    assert!(virtual_second.agenda.is_empty());
    w.db.write(|c| minutes::set_notes(c, &second, Some("第二次".into())))
        .unwrap();
    let m = w.db.read(|c| meetings::get_meeting(c, &second)).unwrap();
    assert_eq!(
        m.agenda.len(),
        1,
        "carried forward from the occurrence before"
    );
    assert_eq!(m.starts_at, "2027-01-11T02:00:00Z");
    let brief =
        w.db.read(|c| minutes::brief(c, &second, "2027-01-11"))
            .unwrap();
    let prev = brief.previous.expect("the previous occurrence");
    assert_eq!(prev.starts_at, "2027-01-04T02:00:00Z");
    let nav = m.occurrences.clone().unwrap();
    assert_eq!(nav.previous.as_deref(), Some("2027-01-04T02:00:00Z"));
    assert_eq!(nav.next.as_deref(), Some("2027-01-18T02:00:00Z"));

    // The form of an occurrence sends back the occurrence before it as "previous": the series never takes it.
    let mut edit = input(
        at(day("2027-01-11"), 10),
        Some(rule(&[Day::Mo], day(UNTIL))),
    );
    edit.previous_meeting_id = m.previous_meeting_id.clone();
    edit.title = "周例会（新） Weekly sync".into();
    w.db.write(|c| {
        series::save_edit(
            c,
            &id,
            SeriesEdit {
                scope: SeriesScope::All,
                occurrence: "2027-01-11T02:00:00Z".into(),
                input: edit,
            },
        )
    })
    .unwrap();
    let s = w.db.read(|c| meetings::get_meeting(c, &id)).unwrap();
    assert_eq!(s.previous_meeting_id, None);
    let m = w.db.read(|c| meetings::get_meeting(c, &second)).unwrap();
    assert_eq!(
        m.title, "周例会（新） Weekly sync",
        "occurrences take the series' new title"
    );
}

#[test]
fn a_series_template_starts_its_first_occurrence_and_batches_export_occurrences() {
    let (_dir, db) = temp_db();
    let mut first = input(
        at(day("2027-01-04"), 10),
        Some(rule(&[Day::Mo], day(UNTIL))),
    );
    first.template_id = Some("builtin:weekly-sync:zh-CN".into());
    let s = db.write(|c| meetings::create_meeting(c, first)).unwrap();
    assert!(s.agenda.is_empty(), "the series row holds no minutes");
    let key = series::occurrence_key(&s.id, "2027-01-04T02:00:00Z");
    let occ = db.read(|c| meetings::get_meeting(c, &key)).unwrap();
    assert_eq!(occ.agenda.len(), 5, "the template's agenda");
    // The next occurrence, once written to, continues the unfinished agenda.
    let next = series::occurrence_key(&s.id, "2027-01-11T02:00:00Z");
    db.write(|c| minutes::set_notes(c, &next, Some("第二周".into())))
        .unwrap();
    let next_m = db.read(|c| meetings::get_meeting(c, &next)).unwrap();
    assert_eq!(next_m.agenda.len(), 5);
    // A batch export covers the occurrences with minutes, not the series row.
    let ids = db
        .read(|c| {
            liaison_desk::services::exports::batch_ids(
                c,
                &liaison_desk::services::exports::BatchQuery {
                    project_id: None,
                    from: None,
                    to: None,
                },
            )
        })
        .unwrap();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.iter().all(|(id, _)| *id != s.id));
}

#[test]
fn one_occurrence_exports_with_its_date_and_a_follow_up_follows_it() {
    use liaison_desk::export::summary::Lang;
    use liaison_desk::services::exports::{self, ExportFormat};
    let mut w = World::new();
    w.run(Op::Move(1, 3)); // 11 Jan to 13:00
    let id = w.model.segments[0].id.clone();
    let key = series::occurrence_key(&id, "2027-01-11T02:00:00Z");
    w.db.write(|c| minutes::set_notes(c, &key, Some("一月十一日 notes".into())))
        .unwrap();
    let loaded = w.db.read(|c| exports::load(c, &key)).unwrap();
    let summary = loaded.summary(Lang::En, None);
    let md = String::from_utf8(loaded.render(ExportFormat::Md, &summary).unwrap()).unwrap();
    assert!(
        md.contains("2027") && md.contains("一月十一日 notes"),
        "{md}"
    );
    let ics = String::from_utf8(loaded.render(ExportFormat::Ics, &summary).unwrap()).unwrap();
    assert!(
        ics.contains(&format!("UID:meeting-{id}@liaison-desk")),
        "{ics}"
    );
    assert!(
        ics.contains("RECURRENCE-ID;TZID=Asia/Shanghai:20270111T100000"),
        "{ics}"
    );
    assert!(
        ics.contains("DTSTART;TZID=Asia/Shanghai:20270111T130000"),
        "{ics}"
    );
    assert!(!ics.contains("RRULE"), "{ics}");

    // A follow-up planned from the occurrence follows that occurrence's row.
    let mut next = input(at(day("2027-01-12"), 15), None);
    next.previous_meeting_id = Some(key.clone());
    let f = w.db.write(|c| meetings::create_meeting(c, next)).unwrap();
    let row = w.db.read(|c| meetings::get_meeting(c, &key)).unwrap();
    let prev = f.previous_meeting_id.expect("follows the occurrence");
    let prev_m = w.db.read(|c| meetings::get_meeting(c, &prev)).unwrap();
    assert_eq!(prev_m.series_id.as_deref(), Some(id.as_str()));
    assert_eq!(prev_m.notes, row.notes);
}

#[test]
fn exceptions_an_earlier_version_left_behind_are_neither_shown_nor_exported() {
    let w = World::new();
    let id = w.model.segments[0].id.clone();
    // What retiming a series used to leave: a move and a cancellation keyed by starts the series no longer has.
    w.db.write(|c| {
        c.execute_batch(&format!(
            "INSERT INTO meeting_exceptions (meeting_id, occurrence, cancelled, starts_at, ends_at, created_at, updated_at)
             VALUES ('{id}', '2027-01-11T01:00:00Z', 0, '2027-01-12T06:00:00Z', '2027-01-12T07:00:00Z', 'x', 'x'),
                    ('{id}', '2027-01-18T01:00:00Z', 1, NULL, NULL, 'x', 'x');"
        ))?;
        Ok(())
    })
    .unwrap();
    w.check();
}

#[test]
fn a_series_edit_does_not_carry_exceptions_that_name_no_occurrence() {
    let mut w = World::new();
    let id = w.model.segments[0].id.clone();
    // A stale cancellation on 18 January at 09:00 (the series meets at 10:00): it must not cancel the 18th at 14:00.
    w.db.write(|c| {
        c.execute_batch(&format!(
            "INSERT INTO meeting_exceptions (meeting_id, occurrence, cancelled, created_at, updated_at)
             VALUES ('{id}', '2027-01-18T01:00:00Z', 1, 'x', 'x');"
        ))?;
        Ok(())
    })
    .unwrap();
    w.run(Op::EditAll(0, 14, 0));
    w.check();
}
