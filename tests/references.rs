//! Deleted records that others still point to: one rule for every entity and every reference.
//! - a save may keep a reference to a deleted record but may not add one;
//! - every read that joins a reference shows the referenced record, marked deleted, never hides it;
//! - the delete confirmation counts what still points at a record, by kind;
//! - an organization deleted with its contacts comes back with them in one restore.

mod common;

use common::*;
use liaison_desk::domain::*;
use liaison_desk::error::Rule;
use liaison_desk::services::{self, directory, meetings, minutes, planner, projects};
use liaison_desk::store::references::{PART_OF, REFERENCES};
use liaison_desk::store::Db;

/// Records pointing at each other through every reference in the registry.
struct World {
    dept: String,
    partner: String,
    /// The partner's lead; organizer, attendee, agenda owner and assignee everywhere.
    wang: String,
    /// A second contact of the partner, who stays live.
    li: String,
    /// A department led by Wang.
    led: String,
    project: String,
    earlier: String,
    meeting: String,
    item: String,
    decision: String,
    task: String,
}

fn world(db: &Db) -> World {
    db.write(|c| {
        let dept = directory::create_organization(c, org(OrgKind::Department, "研发部"))?;
        let partner = directory::create_organization(c, org(OrgKind::Partner, "华东精密"))?;
        let wang = directory::create_contact(c, contact("王晓明", Some(&partner.id)))?;
        let li = directory::create_contact(c, contact("李娜", Some(&partner.id)))?;
        let mut led = org(OrgKind::Department, "质量部");
        led.lead_contact_id = Some(wang.id.clone());
        let led = directory::create_organization(c, led)?;
        let mut p = project("新品导入");
        p.owner_department_id = Some(dept.id.clone());
        p.organizations = vec![ProjectOrganizationInput {
            organization_id: partner.id.clone(),
            role: "供应商".into(),
        }];
        let p = projects::create_project(c, p)?;
        let earlier = meetings::create_meeting(c, meeting("启动会"))?;
        let mut m = meeting("周例会");
        m.organizer_contact_id = Some(wang.id.clone());
        m.attendee_ids = vec![wang.id.clone(), li.id.clone()];
        m.project_id = Some(p.id.clone());
        m.organization_ids = vec![partner.id.clone(), dept.id.clone()];
        m.previous_meeting_id = Some(earlier.id.clone());
        let m = meetings::create_meeting(c, m)?;
        let item = minutes::add_agenda_item(c, &m.id, agenda_item(Some(&wang.id)))?;
        let decision = minutes::add_decision(c, &m.id, decision(Some(&partner.id)))?;
        let mut t = task("确认交期");
        t.project_id = Some(p.id.clone());
        t.meeting_id = Some(m.id.clone());
        t.assignee_contact_id = Some(wang.id.clone());
        t.assignee_department_id = Some(dept.id.clone());
        let t = projects::create_task(c, t)?;
        Ok(World {
            dept: dept.id,
            partner: partner.id,
            wang: wang.id,
            li: li.id,
            led: led.id,
            project: p.id,
            earlier: earlier.id,
            meeting: m.id,
            item: item.id,
            decision: decision.id,
            task: t.id,
        })
    })
    .expect("world")
}

fn agenda_item(owner: Option<&str>) -> AgendaItemInput {
    AgendaItemInput {
        title: "交付计划".into(),
        owner_contact_id: owner.map(String::from),
        planned_minutes: Some(15),
        done: false,
    }
}

fn decision(org: Option<&str>) -> DecisionInput {
    DecisionInput {
        text: "采用新包装".into(),
        organization_id: org.map(String::from),
    }
}

/// Deletes every record the world's records point at (Li and the led department stay).
fn delete_targets(db: &Db, w: &World) {
    db.write(|c| {
        services::delete(c, Entity::Contact, &w.wang)?;
        services::delete(c, Entity::Organization, &w.partner)?;
        services::delete(c, Entity::Organization, &w.dept)?;
        services::delete(c, Entity::Project, &w.project)?;
        services::delete(c, Entity::Meeting, &w.earlier)
    })
    .expect("delete targets");
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn strings(v: &[&str]) -> Vec<String> {
    sorted(v.iter().map(|s| s.to_string()).collect())
}

/// Inputs that save a record exactly as it is.
fn task_input(t: &Task) -> TaskInput {
    TaskInput {
        title: t.title.clone(),
        description: t.description.clone(),
        project_id: t.project_id.clone(),
        meeting_id: t.meeting_id.clone(),
        assignee_contact_id: t.assignee_contact_id.clone(),
        assignee_department_id: t.assignee_department_id.clone(),
        due_date: t.due_date.clone(),
        status: t.status,
        progress: t.progress,
        priority: t.priority,
        estimate_hours: t.estimate_hours,
        scheduled_start: t.scheduled_start.clone(),
        scheduled_end: t.scheduled_end.clone(),
    }
}

fn project_input(p: &Project) -> ProjectInput {
    let mut input = project(&p.name);
    input.owner_department_id = p.owner_department_id.clone();
    input.organizations = p
        .organizations
        .iter()
        .map(|o| ProjectOrganizationInput {
            organization_id: o.organization_id.clone(),
            role: o.role.clone(),
        })
        .collect();
    input
}

#[test]
fn the_registry_names_every_foreign_key_of_the_schema() {
    let (_d, db) = temp_db();
    let keys: Vec<(String, String, String)> = db
        .read(|c| {
            let tables: Vec<String> = c
                .prepare(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::new();
            for t in tables {
                let mut stmt = c.prepare(&format!("PRAGMA foreign_key_list({t})"))?;
                let fks: Vec<(String, String)> = stmt
                    .query_map([], |r| Ok((r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (target, from) in fks {
                    out.push((t.clone(), from, target));
                }
            }
            Ok(out)
        })
        .unwrap();
    assert!(keys.len() >= REFERENCES.len());
    for (table, column, target) in &keys {
        let known = REFERENCES
            .iter()
            .any(|r| r.table == table && r.column == column && r.target == target)
            || PART_OF.iter().any(|(t, c)| t == table && c == column);
        assert!(
            known,
            "{table}.{column} → {target} is in neither store::references::REFERENCES nor PART_OF"
        );
    }
    for r in REFERENCES {
        assert!(
            keys.iter()
                .any(|(t, c, g)| t == r.table && c == r.column && g == r.target),
            "{}.{} is registered but is no foreign key to {}",
            r.table,
            r.column,
            r.target
        );
    }
}

#[test]
fn every_read_that_joins_a_reference_shows_a_deleted_record_marked() {
    let (_d, db) = temp_db();
    let w = world(&db);
    // Before: nothing is marked.
    let m = db.read(|c| meetings::get_meeting(c, &w.meeting)).unwrap();
    assert!(m.deleted_refs.is_empty());
    assert!(m
        .attendees
        .iter()
        .all(|a| !a.deleted && !a.organization_deleted));
    assert!(m.organizations.iter().all(|o| !o.deleted));

    delete_targets(&db, &w);

    db.read(|c| {
        // Contacts: Li's organization is deleted, in the page and in the list under it.
        let li = directory::get_contact(c, &w.li)?;
        assert_eq!(li.organization_name.as_deref(), Some("华东精密"));
        assert_eq!(li.deleted_refs, strings(&["organization_id"]));
        let q = ContactQuery {
            organization_id: Some(w.partner.clone()),
            ..Default::default()
        };
        let listed = directory::list_contacts(c, &q)?.items;
        assert_eq!(listed.len(), 1, "Li still lists under the deleted partner");
        assert_eq!(listed[0].deleted_refs, strings(&["organization_id"]));

        // Organizations: the lead is deleted.
        let led = directory::get_organization(c, &w.led)?;
        assert_eq!(led.lead_contact_name.as_deref(), Some("王晓明"));
        assert_eq!(led.deleted_refs, strings(&["lead_contact_id"]));
        let listed = directory::list_organizations(c, &OrganizationQuery::default())?.items;
        let led_listed = listed.iter().find(|o| o.id == w.led).expect("listed");
        assert_eq!(led_listed.deleted_refs, strings(&["lead_contact_id"]));

        // Projects are deleted too, but their page still reads: the owner and the partner are marked.
        let p = projects::get_project(c, &w.project)?;
        assert_eq!(p.deleted_refs, strings(&["owner_department_id"]));
        assert_eq!(p.organizations.len(), 1, "a deleted partner stays linked");
        assert!(p.organizations[0].deleted);

        // Meetings: organizer, project, previous meeting; attendees and their organizations; linked organizations.
        let m = meetings::get_meeting(c, &w.meeting)?;
        assert_eq!(
            sorted(m.deleted_refs.clone()),
            strings(&["organizer_contact_id", "previous_meeting_id", "project_id"])
        );
        assert_eq!(m.organizer_name.as_deref(), Some("王晓明"));
        let wang = m.attendees.iter().find(|a| a.contact_id == w.wang).unwrap();
        assert!(wang.deleted && wang.organization_deleted);
        assert_eq!(wang.organization_name.as_deref(), Some("华东精密"));
        let li = m.attendees.iter().find(|a| a.contact_id == w.li).unwrap();
        assert!(!li.deleted && li.organization_deleted);
        let orgs: Vec<(String, bool)> = m
            .organizations
            .iter()
            .map(|o| (o.organization_id.clone(), o.deleted))
            .collect();
        assert_eq!(
            orgs,
            vec![(w.partner.clone(), true), (w.dept.clone(), true)]
        );
        assert_eq!(m.agenda[0].deleted_refs, strings(&["owner_contact_id"]));
        assert_eq!(m.decisions[0].deleted_refs, strings(&["organization_id"]));
        assert_eq!(
            sorted(m.action_items[0].deleted_refs.clone()),
            strings(&[
                "assignee_contact_id",
                "assignee_department_id",
                "project_id"
            ])
        );
        // The same marks in the meetings list and in the planner's rows.
        let listed = meetings::list_meetings(c, &MeetingQuery::default())?.items;
        let in_list = listed.iter().find(|x| x.id == w.meeting).unwrap();
        assert_eq!(in_list.deleted_refs, m.deleted_refs);
        assert_eq!(in_list.attendees.len(), 2);
        assert!(in_list.organizations.iter().all(|o| o.deleted));
        let range = planner::range(
            c,
            &planner::RangeQuery {
                from: "2026-11-23T00:00:00Z".into(),
                to: "2026-11-30T00:00:00Z".into(),
                time_zone: "Asia/Shanghai".into(),
            },
        )?;
        assert!(
            range.events.iter().any(|e| e.title == "周例会"),
            "a meeting with deleted references still shows in the planner"
        );

        // Tasks: project, meeting stays live, assignee person and department.
        let t = projects::get_task(c, &w.task)?;
        assert_eq!(
            sorted(t.deleted_refs.clone()),
            strings(&[
                "assignee_contact_id",
                "assignee_department_id",
                "project_id"
            ])
        );
        assert_eq!(t.project_name.as_deref(), Some("新品导入"));
        let listed = projects::list_tasks(c, &TaskQuery::default())?.items;
        assert_eq!(listed[0].deleted_refs, t.deleted_refs);

        // Decision search shows the party marked.
        let hits = minutes::search_decisions(c, "包装", None)?;
        assert_eq!(hits[0].decision.deleted_refs, strings(&["organization_id"]));
        Ok(())
    })
    .unwrap();
}

#[test]
fn a_save_keeps_a_deleted_reference_but_may_not_add_one() {
    let (_d, db) = temp_db();
    let w = world(&db);
    // Records that exist only to be deleted and then offered as new references.
    let (gone_contact, gone_org, gone_dept, gone_project, gone_meeting) = db
        .write(|c| {
            let gc = directory::create_contact(c, contact("赵雷", None))?;
            let go = directory::create_organization(c, org(OrgKind::Client, "北方物流"))?;
            let gd = directory::create_organization(c, org(OrgKind::Department, "财务部"))?;
            let gp = projects::create_project(c, project("旧项目"))?;
            let gm = meetings::create_meeting(c, meeting("旧会议"))?;
            services::delete(c, Entity::Contact, &gc.id)?;
            services::delete(c, Entity::Organization, &go.id)?;
            services::delete(c, Entity::Organization, &gd.id)?;
            services::delete(c, Entity::Project, &gp.id)?;
            services::delete(c, Entity::Meeting, &gm.id)?;
            Ok((gc.id, go.id, gd.id, gp.id, gm.id))
        })
        .unwrap();
    delete_targets(&db, &w);
    let before = row_counts(&db);

    // Kept: renaming a meeting whose attendee, organizer, project and previous meeting are deleted.
    let m = db.read(|c| meetings::get_meeting(c, &w.meeting)).unwrap();
    let mut input = meetings::input_of(&m);
    input.title = "周例会（改）".into();
    let saved = db
        .write(|c| meetings::update_meeting(c, &w.meeting, input.clone()))
        .expect("renaming a meeting with deleted references");
    assert_eq!(saved.title, "周例会（改）");
    assert_eq!(saved.attendees.len(), 2);
    // Removing a deleted reference is a save like any other.
    let mut without = input.clone();
    without.attendee_ids = vec![w.li.clone()];
    let saved = db
        .write(|c| meetings::update_meeting(c, &w.meeting, without))
        .unwrap();
    assert_eq!(saved.attendees.len(), 1);
    // ... and once removed it cannot come back: that would be adding it.
    let e = db
        .write(|c| meetings::update_meeting(c, &w.meeting, input.clone()))
        .unwrap_err();
    assert_eq!(rules(e), vec![("attendee_ids".into(), Rule::UnknownId)]);

    // Added: each reference field of a meeting refuses a deleted record it did not have.
    let m = db.read(|c| meetings::get_meeting(c, &w.meeting)).unwrap();
    let base = meetings::input_of(&m);
    let cases: Vec<(&str, MeetingInput)> = vec![
        ("organizer_contact_id", {
            let mut i = base.clone();
            i.organizer_contact_id = Some(gone_contact.clone());
            i
        }),
        ("attendee_ids", {
            let mut i = base.clone();
            i.attendee_ids.push(gone_contact.clone());
            i
        }),
        ("project_id", {
            let mut i = base.clone();
            i.project_id = Some(gone_project.clone());
            i
        }),
        ("organization_ids", {
            let mut i = base.clone();
            i.organization_ids.push(gone_org.clone());
            i
        }),
        ("previous_meeting_id", {
            let mut i = base.clone();
            i.previous_meeting_id = Some(gone_meeting.clone());
            i
        }),
    ];
    for (field, input) in cases {
        let e = db
            .write(|c| meetings::update_meeting(c, &w.meeting, input))
            .unwrap_err();
        assert_eq!(rules(e), vec![(field.into(), Rule::UnknownId)], "{field}");
    }
    // A new meeting may not start with a deleted attendee either.
    let mut fresh = meeting("新会议");
    fresh.attendee_ids = vec![w.wang.clone()];
    let e = db
        .write(|c| meetings::create_meeting(c, fresh))
        .unwrap_err();
    assert_eq!(rules(e), vec![("attendee_ids".into(), Rule::UnknownId)]);

    // Tasks: marking done keeps the deleted project and assignees; a new deleted one is refused.
    let t = db.read(|c| projects::get_task(c, &w.task)).unwrap();
    let mut done = task_input(&t);
    done.status = TaskStatus::Done;
    done.progress = 100;
    let saved = db
        .write(|c| projects::update_task(c, &w.task, done.clone()))
        .expect("marking a task done whose assignee and project are deleted");
    assert_eq!(saved.status, TaskStatus::Done);
    for (field, input) in [
        ("project_id", {
            let mut i = done.clone();
            i.project_id = Some(gone_project.clone());
            i
        }),
        ("meeting_id", {
            let mut i = done.clone();
            i.meeting_id = Some(gone_meeting.clone());
            i
        }),
        ("assignee_contact_id", {
            let mut i = done.clone();
            i.assignee_contact_id = Some(gone_contact.clone());
            i
        }),
        ("assignee_department_id", {
            let mut i = done.clone();
            i.assignee_department_id = Some(gone_dept.clone());
            i
        }),
    ] {
        let e = db
            .write(|c| projects::update_task(c, &w.task, input))
            .unwrap_err();
        assert_eq!(rules(e), vec![(field.into(), Rule::UnknownId)], "{field}");
    }

    // Contacts: Li can be saved while her organization is deleted; moving her to another deleted one cannot.
    let mut li = contact("李娜", Some(&w.partner));
    li.title = Some("销售总监".into());
    db.write(|c| directory::update_contact(c, &w.li, li.clone()))
        .expect("saving a contact whose organization is deleted");
    li.organization_id = Some(gone_org.clone());
    let e = db
        .write(|c| directory::update_contact(c, &w.li, li))
        .unwrap_err();
    assert_eq!(rules(e), vec![("organization_id".into(), Rule::UnknownId)]);

    // Organizations: the deleted lead is kept, a deleted new lead is refused.
    let mut led = org(OrgKind::Department, "质量管理部");
    led.lead_contact_id = Some(w.wang.clone());
    db.write(|c| directory::update_organization(c, &w.led, led.clone()))
        .expect("renaming an organization whose lead is deleted");
    led.lead_contact_id = Some(gone_contact.clone());
    let e = db
        .write(|c| directory::update_organization(c, &w.led, led))
        .unwrap_err();
    assert_eq!(rules(e), vec![("lead_contact_id".into(), Rule::UnknownId)]);

    // Projects (restored first: a deleted project cannot be edited) keep their deleted owner and partner.
    db.write(|c| projects::restore_project(c, &w.project))
        .unwrap();
    let p = db.read(|c| projects::get_project(c, &w.project)).unwrap();
    let kept = project_input(&p);
    db.write(|c| projects::update_project(c, &w.project, kept.clone()))
        .expect("saving a project whose owner and partner are deleted");
    let mut added = kept.clone();
    added.organizations.push(ProjectOrganizationInput {
        organization_id: gone_org.clone(),
        role: String::new(),
    });
    let e = db
        .write(|c| projects::update_project(c, &w.project, added))
        .unwrap_err();
    assert_eq!(rules(e), vec![("organizations".into(), Rule::UnknownId)]);
    let mut owner = kept;
    owner.owner_department_id = Some(gone_dept.clone());
    let e = db
        .write(|c| projects::update_project(c, &w.project, owner))
        .unwrap_err();
    assert_eq!(
        rules(e),
        vec![("owner_department_id".into(), Rule::UnknownId)]
    );

    // Minutes: an agenda item and a decision keep their deleted owner and party.
    db.write(|c| minutes::update_agenda_item(c, &w.item, agenda_item(Some(&w.wang))))
        .expect("an agenda item keeps its deleted owner");
    let e = db
        .write(|c| minutes::update_agenda_item(c, &w.item, agenda_item(Some(&gone_contact))))
        .unwrap_err();
    assert_eq!(rules(e), vec![("owner_contact_id".into(), Rule::UnknownId)]);
    db.write(|c| minutes::update_decision(c, &w.decision, decision(Some(&w.partner))))
        .expect("a decision keeps its deleted party");
    let e = db
        .write(|c| minutes::add_decision(c, &w.meeting, decision(Some(&w.partner))))
        .unwrap_err();
    assert_eq!(rules(e), vec![("organization_id".into(), Rule::UnknownId)]);

    // The refused saves wrote nothing; the accepted ones only updated rows (and the removed attendee link).
    let after = row_counts(&db);
    assert_eq!(before.len(), after.len());
}

#[test]
fn the_delete_confirmation_counts_what_points_at_a_record() {
    let (_d, db) = temp_db();
    let w = world(&db);
    let counts = |entity: Entity, id: &str| -> Vec<(String, i32)> {
        let mut v: Vec<(String, i32)> = db
            .read(|c| services::references(c, entity, id))
            .unwrap()
            .into_iter()
            .map(|r| (r.kind, r.count))
            .collect();
        v.sort();
        v
    };
    let pairs = |v: &[(&str, i32)]| -> Vec<(String, i32)> {
        let mut v: Vec<(String, i32)> = v.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        v.sort();
        v
    };
    assert_eq!(
        counts(Entity::Contact, &w.wang),
        pairs(&[
            ("agenda_items", 1),
            ("assigned_tasks", 1),
            ("attended_meetings", 1),
            ("led_organizations", 1),
            ("organized_meetings", 1),
        ])
    );
    assert_eq!(
        counts(Entity::Organization, &w.partner),
        pairs(&[
            ("contacts", 2),
            ("decisions", 1),
            ("meetings", 1),
            ("projects", 1)
        ])
    );
    assert_eq!(
        counts(Entity::Organization, &w.dept),
        pairs(&[
            ("assigned_tasks", 1),
            ("meetings", 1),
            ("owned_projects", 1)
        ])
    );
    assert_eq!(
        counts(Entity::Project, &w.project),
        pairs(&[("meetings", 1), ("tasks", 1)])
    );
    assert_eq!(
        counts(Entity::Meeting, &w.earlier),
        pairs(&[("follow_up_meetings", 1)])
    );
    assert_eq!(
        counts(Entity::Meeting, &w.meeting),
        pairs(&[("action_items", 1)])
    );
    assert!(counts(Entity::Task, &w.task).is_empty());

    // Deleted records no longer point: deleting the meeting drops its attendees, agenda and decisions from the
    // counts; deleting the task drops the assignment.
    db.write(|c| {
        services::delete(c, Entity::Meeting, &w.meeting)?;
        services::delete(c, Entity::Task, &w.task)
    })
    .unwrap();
    assert_eq!(
        counts(Entity::Contact, &w.wang),
        pairs(&[("led_organizations", 1)])
    );
    assert_eq!(
        counts(Entity::Organization, &w.partner),
        pairs(&[("contacts", 2), ("projects", 1)])
    );
}

#[test]
fn an_organization_deleted_with_its_contacts_comes_back_with_them() {
    let (_d, db) = temp_db();
    let w = world(&db);
    // A contact deleted earlier on its own stays deleted through the organization's restore.
    let earlier = db
        .write(|c| {
            let x = directory::create_contact(c, contact("钱七", Some(&w.partner)))?;
            services::delete(c, Entity::Contact, &x.id)?;
            Ok(x.id)
        })
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    db.write(|c| directory::delete_organization(c, &w.partner, true))
        .unwrap();
    let deleted = |id: &str| {
        db.read(|c| directory::get_contact(c, id))
            .unwrap()
            .deleted_at
            .is_some()
    };
    assert!(deleted(&w.wang) && deleted(&w.li));
    let partner = db
        .read(|c| directory::get_organization(c, &w.partner))
        .unwrap();
    let wang = db.read(|c| directory::get_contact(c, &w.wang)).unwrap();
    assert_eq!(
        wang.deleted_at, partner.deleted_at,
        "one instant, one transaction"
    );

    let restored = db
        .write(|c| directory::restore_organization(c, &w.partner))
        .unwrap();
    assert!(restored.deleted_at.is_none());
    assert_eq!(restored.contact_count, 2);
    assert!(!deleted(&w.wang) && !deleted(&w.li));
    assert!(
        deleted(&earlier),
        "a contact deleted on its own stays deleted"
    );

    // Without the option, contacts stay and list under the deleted organization, marked.
    db.write(|c| directory::delete_organization(c, &w.partner, false))
        .unwrap();
    assert!(!deleted(&w.wang));
    let wang = db.read(|c| directory::get_contact(c, &w.wang)).unwrap();
    assert_eq!(wang.deleted_refs, strings(&["organization_id"]));
}
