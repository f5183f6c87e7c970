//! The directory for address books and spreadsheets: vCard 4.0 (written with `calcard`; KIND:org for each
//! organization, FN, ORG, TITLE, EMAIL, TEL and CATEGORIES for each person) and CSV (a UTF-8 table with a byte-order
//! mark so Excel reads it, headers in the export's language, read back by `import::table`).

use crate::domain::{Contact, OrgKind, Organization};
use crate::export::summary::Lang;
use calcard::vcard::{VCard, VCardEntry, VCardKind, VCardProperty, VCardVersion};
use std::collections::HashMap;

/// What an export of the directory holds: live organizations and contacts, in the order to write them.
pub struct Directory {
    pub organizations: Vec<Organization>,
    pub contacts: Vec<Contact>,
}

impl Directory {
    fn kinds(&self) -> HashMap<&str, OrgKind> {
        self.organizations
            .iter()
            .map(|o| (o.id.as_str(), o.kind))
            .collect()
    }
}

fn text(prop: VCardProperty, value: &str) -> VCardEntry {
    VCardEntry::new(prop).with_value(value.to_string())
}

pub fn vcf(d: &Directory) -> String {
    let kinds = d.kinds();
    let mut out = String::new();
    for o in &d.organizations {
        out.push_str(&organization_card(o));
    }
    for c in &d.contacts {
        let kind = c.organization_id.as_deref().and_then(|id| kinds.get(id));
        out.push_str(&contact_card(c, kind.copied()));
    }
    out
}

/// One organization as a vCard 4.0 with KIND:org (its kind and tags as CATEGORIES).
pub fn organization_card(o: &Organization) -> String {
    let mut entries = vec![
        VCardEntry::new(VCardProperty::Kind).with_value(VCardKind::Org),
        text(VCardProperty::Uid, &format!("urn:uuid:{}", o.id)),
        text(VCardProperty::Fn, &o.name),
        text(VCardProperty::Org, &o.name),
    ];
    let mut categories = vec![o.kind.as_str().to_string()];
    categories.extend(o.tags.iter().cloned());
    entries.push(
        VCardEntry::new(VCardProperty::Categories)
            .with_values(categories.into_iter().map(Into::into).collect()),
    );
    if let Some(w) = &o.website {
        entries.push(text(VCardProperty::Url, w));
    }
    if let Some(n) = &o.notes {
        entries.push(text(VCardProperty::Note, n));
    }
    write(entries)
}

/// One person as a vCard 4.0; `kind` (of their organization) becomes a CATEGORIES value.
pub fn contact_card(c: &Contact, kind: Option<OrgKind>) -> String {
    let mut entries = vec![
        text(VCardProperty::Uid, &format!("urn:uuid:{}", c.id)),
        text(VCardProperty::Fn, &c.name),
    ];
    if let Some(org) = &c.organization_name {
        entries.push(text(VCardProperty::Org, org));
    }
    if let Some(t) = &c.title {
        entries.push(text(VCardProperty::Title, t));
    }
    entries.extend(c.emails.iter().map(|e| text(VCardProperty::Email, e)));
    entries.extend(c.phones.iter().map(|p| text(VCardProperty::Tel, p)));
    if let Some(k) = kind {
        entries.push(text(VCardProperty::Categories, k.as_str()));
    }
    if let Some(w) = &c.wechat {
        entries.push(text(VCardProperty::Other("X-WECHAT".into()), w));
    }
    if let Some(n) = &c.notes {
        entries.push(text(VCardProperty::Note, n));
    }
    write(entries)
}

fn write(entries: Vec<VCardEntry>) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = VCard { entries }.write_to(&mut out, VCardVersion::V4_0);
    out
}

/// The CSV headers, in the export's language (both are read back by the importer).
fn headers(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::ZhCn => [
            "姓名",
            "公司",
            "组织类型",
            "职位",
            "邮箱",
            "电话",
            "微信",
            "备注",
        ],
        Lang::En => [
            "Name",
            "Organization",
            "Organization type",
            "Title",
            "E-mail",
            "Phone",
            "WeChat",
            "Notes",
        ],
    }
}

pub fn kind_label(lang: Lang, kind: OrgKind) -> &'static str {
    match (lang, kind) {
        (Lang::ZhCn, OrgKind::Partner) => "合作伙伴",
        (Lang::ZhCn, OrgKind::Supplier) => "供应商",
        (Lang::ZhCn, OrgKind::Client) => "客户",
        (Lang::ZhCn, OrgKind::Department) => "部门",
        (Lang::En, k) => k.as_str(),
    }
}

/// One row per contact, then one per organization without contacts (name empty), so an organization survives a
/// round trip even when nobody works there.
pub fn csv(d: &Directory, lang: Lang) -> Vec<u8> {
    let kinds = d.kinds();
    let mut w = ::csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let mut rows: Vec<[String; 8]> = Vec::new();
    for c in &d.contacts {
        let kind = c.organization_id.as_deref().and_then(|id| kinds.get(id));
        rows.push([
            c.name.clone(),
            c.organization_name.clone().unwrap_or_default(),
            kind.map(|k| kind_label(lang, *k).to_string())
                .unwrap_or_default(),
            c.title.clone().unwrap_or_default(),
            c.emails.join("; "),
            c.phones.join("; "),
            c.wechat.clone().unwrap_or_default(),
            c.notes.clone().unwrap_or_default(),
        ]);
    }
    for o in d.organizations.iter().filter(|o| o.contact_count == 0) {
        rows.push([
            String::new(),
            o.name.clone(),
            kind_label(lang, o.kind).to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            o.notes.clone().unwrap_or_default(),
        ]);
    }
    // Writing into a Vec cannot fail.
    let _ = w.write_record(headers(lang));
    for r in &rows {
        let _ = w.write_record(r);
    }
    w.into_inner().unwrap_or_default()
}
