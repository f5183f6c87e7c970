//! CSV tables of contacts: the first row names the columns (in Chinese or English, see `CardField::of_header`),
//! each further row is a person; a row with an organization and no name is the organization alone.

use super::{invalid, parse_kind, split_list, Card, CardField, ColumnMap};
use crate::error::{Result, Rule};

/// Reads the table: the columns as mapped, and one card per non-empty row.
pub fn read(text: &str, mapping: &[ColumnMap]) -> Result<(Vec<ColumnMap>, Vec<Card>)> {
    let first_line = text.lines().next().unwrap_or("");
    // Excel's "Unicode text" is tab-separated; everything else we meet uses commas.
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(r) => r.map_err(|e| csv_error(text, &e))?,
        None => return Err(invalid(1, "header", Rule::Required)),
    };
    let columns: Vec<ColumnMap> = header
        .iter()
        .map(|h| {
            let header = h.trim().to_string();
            let field = match mapping.iter().find(|m| m.header.trim() == header) {
                Some(m) => m.field,
                None => CardField::of_header(&header),
            };
            ColumnMap { header, field }
        })
        .collect();
    if !columns.iter().any(|c| c.field == Some(CardField::Name)) {
        return Err(invalid(1, "name", Rule::Required));
    }
    let label = |field: CardField| {
        columns
            .iter()
            .find(|c| c.field == Some(field))
            .map(|c| c.header.clone())
            .unwrap_or_default()
    };
    let mut cards = Vec::new();
    for record in records {
        let record = record.map_err(|e| csv_error(text, &e))?;
        let line = line_at(text, record.position());
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let mut card = Card {
            line: i32::try_from(line).unwrap_or(i32::MAX),
            ..Card::default()
        };
        for (column, value) in columns.iter().zip(record.iter()) {
            let value = value.trim();
            let Some(field) = column.field.filter(|_| !value.is_empty()) else {
                continue;
            };
            let text = Some(value.to_string());
            match field {
                CardField::Name => card.name = value.to_string(),
                CardField::Organization => card.organization = text,
                CardField::OrganizationKind => {
                    card.organization_kind = Some(
                        parse_kind(value)
                            .ok_or_else(|| invalid(line, &column.header, Rule::OutOfRange))?,
                    )
                }
                CardField::Title => card.title = text,
                CardField::Email => card.emails.extend(split_list(value)),
                CardField::Phone => card.phones.extend(split_list(value)),
                CardField::Wechat => card.wechat = text,
                CardField::Notes => card.notes = text,
            }
        }
        if card.name.is_empty() {
            match card.organization.clone() {
                Some(org) => {
                    card.is_organization = true;
                    card.name = org;
                }
                None => return Err(invalid(line, &label(CardField::Name), Rule::Required)),
            }
        }
        cards.push(card);
    }
    Ok((columns, cards))
}

/// The 1-based line a record starts on, counted from its byte offset (the reader's own line count depends on
/// whether lines end in CRLF or LF).
fn line_at(text: &str, pos: Option<&csv::Position>) -> usize {
    let mut at = pos.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
    let bytes = text.as_bytes();
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    let at = at.min(bytes.len());
    bytes[..at].iter().filter(|b| **b == b'\n').count() + 1
}

fn csv_error(text: &str, e: &csv::Error) -> crate::error::AppError {
    let line = line_at(text, e.position());
    invalid(line, "csv", Rule::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_mapped_by_header_and_overridden() {
        let text = "姓名,公司,职位,邮箱,电话,传真\r\n王小明,华东精密,采购经理,\"a@x.cn; b@x.cn\",138 0000 0000,021\n\n,上海云启,,,,\n";
        let (cols, cards) = read(text, &[]).unwrap();
        assert_eq!(cols[5].field, None);
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].line, 2);
        assert_eq!(cards[0].emails, vec!["a@x.cn", "b@x.cn"]);
        assert_eq!(cards[0].organization.as_deref(), Some("华东精密"));
        assert!(cards[1].is_organization);
        assert_eq!((cards[1].line, cards[1].name.as_str()), (4, "上海云启"));

        let map = [ColumnMap {
            header: "传真".into(),
            field: Some(CardField::Phone),
        }];
        let (_, cards) = read(text, &map).unwrap();
        assert_eq!(cards[0].phones, vec!["138 0000 0000", "021"]);
    }

    #[test]
    fn a_row_without_a_name_names_its_line_and_column() {
        let err = read("Name,E-mail\nAda,ada@x.com\n,bob@x.com\n", &[]).unwrap_err();
        match err {
            crate::error::AppError::InvalidRecord { line, field, rule } => {
                assert_eq!((line, field.as_str(), rule), (3, "Name", Rule::Required));
            }
            other => panic!("{other:?}"),
        }
    }
}
