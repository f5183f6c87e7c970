//! vCard 2.1, 3.0 and 4.0 files (`.vcf`) as phones, Outlook, Apple Contacts and Google write them, parsed with
//! the `calcard` library. A card with KIND:org (or X-ABShowAs:COMPANY) is an organization; every other card a person.

use super::{invalid, parse_kind, Card, CardField};
use crate::error::{Result, Rule};
use calcard::vcard::{VCard, VCardEntry, VCardKind, VCardProperty, VCardValue};
use calcard::{Entry, Parser};

/// The property a field is read from, for errors.
pub fn property_of(field: CardField) -> &'static str {
    match field {
        CardField::Name => "FN",
        CardField::Organization => "ORG",
        CardField::OrganizationKind => "CATEGORIES",
        CardField::Title => "TITLE",
        CardField::Email => "EMAIL",
        CardField::Phone => "TEL",
        CardField::Wechat => "X-WECHAT",
        CardField::Notes => "NOTE",
    }
}

/// The 1-based line of each BEGIN:VCARD, in order: where each parsed card starts.
fn begin_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.trim_start_matches('\u{feff}')
                .trim()
                .eq_ignore_ascii_case("BEGIN:VCARD")
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Every card closed before the next opens: `calcard` forgives a missing END:VCARD (a file cut short), but a cut
/// file may have lost properties too, so it is refused, naming the card's first line.
fn check_ends(text: &str) -> Result<()> {
    let mut open: Option<usize> = None;
    for (i, l) in text.lines().enumerate() {
        let l = l.trim_start_matches('\u{feff}').trim();
        if l.eq_ignore_ascii_case("BEGIN:VCARD") {
            if let Some(start) = open {
                return Err(invalid(start, "END", Rule::Required));
            }
            open = Some(i + 1);
        } else if l.eq_ignore_ascii_case("END:VCARD") && open.take().is_none() {
            return Err(invalid(i + 1, "BEGIN", Rule::Required));
        }
    }
    match open {
        Some(start) => Err(invalid(start, "END", Rule::Required)),
        None => Ok(()),
    }
}

pub fn read(text: &str) -> Result<Vec<Card>> {
    check_ends(text)?;
    let begins = begin_lines(text);
    let line_of = |k: usize| begins.get(k).copied().unwrap_or(1);
    let mut parser = Parser::new(text);
    let mut cards = Vec::new();
    loop {
        match parser.entry() {
            Entry::VCard(v) => cards.push(card(&v, line_of(cards.len()))?),
            Entry::Eof => break,
            Entry::InvalidLine(l) if l.trim().is_empty() => continue,
            Entry::InvalidLine(l) => {
                let line = text
                    .find(l.as_str())
                    .map_or(1, |at| text[..at].matches('\n').count() + 1);
                return Err(invalid(line, "BEGIN", Rule::Malformed));
            }
            Entry::UnterminatedComponent(_) => {
                return Err(invalid(line_of(cards.len()), "END", Rule::Required))
            }
            Entry::TooManyComponents => {
                return Err(invalid(line_of(cards.len()), "BEGIN", Rule::TooLong))
            }
            // A calendar, an END without its BEGIN, or what a later version of the library adds.
            _ => return Err(invalid(line_of(cards.len()), "BEGIN", Rule::Malformed)),
        }
    }
    if cards.is_empty() {
        return Err(invalid(1, "BEGIN", Rule::Required));
    }
    Ok(cards)
}

/// The text values of a property, components flattened (ORG's "company;unit", CATEGORIES' list).
fn texts(e: &VCardEntry) -> Vec<String> {
    let mut out = Vec::new();
    for v in &e.values {
        match v {
            VCardValue::Text(s) => out.push(s.trim().to_string()),
            VCardValue::Component(items) => out.extend(items.iter().map(|s| s.trim().to_string())),
            _ => {}
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn first(v: &VCard, prop: &VCardProperty) -> Option<String> {
    v.properties(prop).find_map(|e| texts(e).into_iter().next())
}

fn is_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A name from N (family; given; additional; prefix; suffix) when a card has no FN: a Chinese name is written
/// family name first without a space, others "given family".
fn name_from_n(v: &VCard) -> Option<String> {
    let e = v.property(&VCardProperty::N)?;
    let mut parts: Vec<String> = Vec::new();
    for value in &e.values {
        match value {
            VCardValue::Text(s) => parts.push(s.trim().to_string()),
            VCardValue::Component(items) => parts.push(items.join(" ").trim().to_string()),
            _ => {}
        }
    }
    let family = parts.first().cloned().unwrap_or_default();
    let given = parts.get(1).cloned().unwrap_or_default();
    let name = if is_cjk(&family) || is_cjk(&given) {
        format!("{family}{given}")
    } else {
        format!("{given} {family}")
    };
    Some(name.trim().to_string()).filter(|n| !n.is_empty())
}

fn card(v: &VCard, line: usize) -> Result<Card> {
    let is_organization = v.properties(&VCardProperty::Kind).any(|e| {
        e.values
            .iter()
            .any(|x| matches!(x, VCardValue::Kind(VCardKind::Org)))
            || texts(e).iter().any(|t| t.eq_ignore_ascii_case("org"))
    }) || v.entries.iter().any(|e| {
        matches!(&e.name, VCardProperty::Other(n) if n.eq_ignore_ascii_case("X-ABSHOWAS"))
            && texts(e).iter().any(|t| t.eq_ignore_ascii_case("COMPANY"))
    });
    let organization = first(v, &VCardProperty::Org);
    let name = first(v, &VCardProperty::Fn)
        .or_else(|| name_from_n(v))
        .or_else(|| organization.clone().filter(|_| is_organization))
        .ok_or_else(|| invalid(line, "FN", Rule::Required))?;
    let mut organization_kind = None;
    let mut tags = Vec::new();
    for c in v.properties(&VCardProperty::Categories).flat_map(texts) {
        match parse_kind(&c) {
            Some(k) if organization_kind.is_none() => organization_kind = Some(k),
            _ => tags.push(c),
        }
    }
    let all = |prop: &VCardProperty| -> Vec<String> {
        v.properties(prop)
            .filter_map(|e| texts(e).into_iter().next())
            .collect()
    };
    let phones = all(&VCardProperty::Tel)
        .into_iter()
        .map(|t| t.strip_prefix("tel:").unwrap_or(&t).to_string())
        .collect();
    let wechat = v
        .entries
        .iter()
        .filter(
            |e| matches!(&e.name, VCardProperty::Other(n) if n.eq_ignore_ascii_case("X-WECHAT")),
        )
        .find_map(|e| texts(e).into_iter().next());
    Ok(Card {
        line: i32::try_from(line).unwrap_or(i32::MAX),
        is_organization,
        name,
        organization: if is_organization { None } else { organization },
        organization_kind,
        title: first(v, &VCardProperty::Title),
        emails: all(&VCardProperty::Email),
        phones,
        wechat,
        notes: first(v, &VCardProperty::Note),
        tags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vcard_3_from_a_phone_is_read() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:欧阳;明;;;\r\nORG:杭州远景物流有限公司;采购部\r\nTITLE:采购经理\r\n\
                    EMAIL;TYPE=INTERNET:ouyang@example.cn\r\nTEL;TYPE=CELL:+86 138 0000 1234\r\nEND:VCARD\r\n\
                    BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Contoso Ltd\r\nCATEGORIES:supplier,key\r\nEND:VCARD\r\n";
        let cards = read(text).unwrap();
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].name, "欧阳明");
        assert_eq!(cards[0].line, 1);
        assert_eq!(
            cards[0].organization.as_deref(),
            Some("杭州远景物流有限公司")
        );
        assert_eq!(cards[0].phones, vec!["+86 138 0000 1234"]);
        assert!(cards[1].is_organization);
        assert_eq!(cards[1].line, 9);
        assert_eq!(
            cards[1].organization_kind,
            Some(crate::domain::OrgKind::Supplier)
        );
        assert_eq!(cards[1].tags, vec!["key"]);
    }

    #[test]
    fn a_truncated_card_names_its_line() {
        let text = "BEGIN:VCARD\nVERSION:3.0\nFN:好\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:坏\n";
        match read(text).unwrap_err() {
            crate::error::AppError::InvalidRecord { line, field, .. } => {
                assert_eq!((line, field.as_str()), (5, "END"))
            }
            other => panic!("{other:?}"),
        }
    }
}
