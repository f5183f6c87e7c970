//! Files written by other programs, read into records: CSV tables (Excel, WPS, mail clients) and vCards (phones,
//! Outlook). Each reader is a pure function from bytes to `Card`s; `services::contacts_io` matches them against
//! the directory and writes them. A problem is an `InvalidRecord` naming the line and the field as the file names it.

pub mod table;
pub mod vcard;

use crate::domain::OrgKind;
use crate::error::{AppError, Result, Rule};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CardFormat {
    Csv,
    Vcf,
}

impl CardFormat {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(CardFormat::Csv),
            "vcf" | "vcard" => Some(CardFormat::Vcf),
            _ => None,
        }
    }

    /// The format a file name's extension says (`.csv`, `.vcf`, `.vcard`).
    pub fn of_path(path: &std::path::Path) -> Option<Self> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Self::parse)
    }
}

/// What a CSV column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CardField {
    Name,
    Organization,
    OrganizationKind,
    Title,
    Email,
    Phone,
    Wechat,
    Notes,
}

impl CardField {
    pub const ALL: [CardField; 8] = [
        CardField::Name,
        CardField::Organization,
        CardField::OrganizationKind,
        CardField::Title,
        CardField::Email,
        CardField::Phone,
        CardField::Wechat,
        CardField::Notes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CardField::Name => "name",
            CardField::Organization => "organization",
            CardField::OrganizationKind => "organization_kind",
            CardField::Title => "title",
            CardField::Email => "email",
            CardField::Phone => "phone",
            CardField::Wechat => "wechat",
            CardField::Notes => "notes",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The headers this column is known by, in Chinese and English (compared without case, spaces, dashes and
    /// underscores): what Excel, WPS, Outlook and this app's own export write.
    fn headers(self) -> &'static [&'static str] {
        match self {
            CardField::Name => &[
                "姓名",
                "名字",
                "名称",
                "联系人",
                "name",
                "fullname",
                "displayname",
                "contact",
            ],
            CardField::Organization => &[
                "公司",
                "单位",
                "组织",
                "机构",
                "公司名称",
                "organization",
                "organisation",
                "company",
                "org",
            ],
            CardField::OrganizationKind => &[
                "组织类型",
                "类型",
                "类别",
                "organizationkind",
                "organizationtype",
                "kind",
                "type",
            ],
            CardField::Title => &["职位", "职务", "头衔", "title", "jobtitle", "position"],
            CardField::Email => &[
                "邮箱",
                "电子邮件",
                "电子邮箱",
                "邮件",
                "email",
                "emailaddress",
                "mail",
            ],
            CardField::Phone => &[
                "电话",
                "手机",
                "手机号",
                "联系电话",
                "phone",
                "mobile",
                "mobilephone",
                "telephone",
                "tel",
            ],
            CardField::Wechat => &["微信", "微信号", "wechat", "weixin"],
            CardField::Notes => &["备注", "说明", "notes", "note", "comments"],
        }
    }

    /// The field a header names, if any.
    pub fn of_header(header: &str) -> Option<Self> {
        let key: String = header
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | ':' | '：'))
            .flat_map(char::to_lowercase)
            .collect();
        Self::ALL
            .into_iter()
            .find(|f| f.headers().iter().any(|h| *h == key))
    }
}

/// One CSV column and what it was taken as (None: ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ColumnMap {
    pub header: String,
    pub field: Option<CardField>,
}

/// One record of a file: a person, or (a vCard with KIND:org) an organization.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Card {
    /// The line the record starts on (1-based; a CSV header is line 1).
    pub line: i32,
    pub is_organization: bool,
    pub name: String,
    pub organization: Option<String>,
    pub organization_kind: Option<OrgKind>,
    pub title: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub wechat: Option<String>,
    pub notes: Option<String>,
    /// An organization's tags (a KIND:org card's CATEGORIES other than its kind).
    pub tags: Vec<String>,
}

/// A file read: its records and how it was read.
#[derive(Debug, Clone)]
pub struct CardFile {
    pub format: CardFormat,
    /// "UTF-8" or "GB18030" (which reads GBK and GB2312 too).
    pub encoding: String,
    /// CSV only: every column and what it was taken as.
    pub columns: Vec<ColumnMap>,
    pub cards: Vec<Card>,
}

impl CardFile {
    /// The name the file gives a field, for errors: the CSV column's header, or the vCard property.
    pub fn label(&self, field: CardField) -> String {
        match self.format {
            CardFormat::Csv => self
                .columns
                .iter()
                .find(|c| c.field == Some(field))
                .map(|c| c.header.clone())
                .unwrap_or_else(|| field.as_str().to_string()),
            CardFormat::Vcf => vcard::property_of(field).to_string(),
        }
    }
}

/// Reads a file of contacts. `format` None: a vCard when the text starts with BEGIN:VCARD, else CSV.
/// `mapping` overrides the columns guessed from the headers (CSV only; a header not named keeps its guess).
pub fn read(bytes: &[u8], format: Option<CardFormat>, mapping: &[ColumnMap]) -> Result<CardFile> {
    let (text, encoding) = decode(bytes)?;
    let format = format.unwrap_or_else(|| {
        if text
            .trim_start()
            .get(..11)
            .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCARD"))
        {
            CardFormat::Vcf
        } else {
            CardFormat::Csv
        }
    });
    let (columns, cards) = match format {
        CardFormat::Csv => table::read(&text, mapping)?,
        CardFormat::Vcf => (Vec::new(), vcard::read(&text)?),
    };
    Ok(CardFile {
        format,
        encoding: encoding.to_string(),
        columns,
        cards,
    })
}

/// The text of a file: UTF-8 (with or without a byte-order mark, also UTF-16 with one), else GB18030, a superset
/// of the GBK that Excel in China writes. Bytes that are neither are refused with the line they are on.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str)> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(undecodable(bytes));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(undecodable(bytes));
    }
    Ok((text.into_owned(), "GB18030"))
}

/// The error for a file in no encoding we read: the line of the first byte that is not UTF-8.
fn undecodable(bytes: &[u8]) -> AppError {
    let bad = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let line = bytes[..bad].iter().filter(|b| **b == b'\n').count() + 1;
    invalid(line, "encoding", Rule::Malformed)
}

/// The error for one record's field.
pub fn invalid(line: usize, field: &str, rule: Rule) -> AppError {
    AppError::InvalidRecord {
        line: i32::try_from(line).unwrap_or(i32::MAX),
        field: field.to_string(),
        rule,
    }
}

/// An organization kind as a file may name it, in either language.
pub fn parse_kind(s: &str) -> Option<OrgKind> {
    let s = s.trim().to_lowercase();
    OrgKind::parse(&s).or(match s.as_str() {
        "合作伙伴" | "伙伴" | "合作方" => Some(OrgKind::Partner),
        "供应商" => Some(OrgKind::Supplier),
        "客户" => Some(OrgKind::Client),
        "部门" => Some(OrgKind::Department),
        _ => None,
    })
}

/// Several values in one cell or property value: split on commas and semicolons (ASCII and full-width).
pub fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';', '，', '；', '、'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
        .collect()
}

/// A phone number as compared for matching: its digits, without a leading China country code.
pub fn phone_key(s: &str) -> String {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 => rest.to_string(),
        _ => digits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_known_in_both_languages() {
        assert_eq!(CardField::of_header("姓名"), Some(CardField::Name));
        assert_eq!(CardField::of_header(" E-mail "), Some(CardField::Email));
        assert_eq!(CardField::of_header("邮箱"), Some(CardField::Email));
        assert_eq!(CardField::of_header("Job Title"), Some(CardField::Title));
        assert_eq!(CardField::of_header("公司"), Some(CardField::Organization));
        assert_eq!(CardField::of_header("Fax"), None);
    }

    #[test]
    fn gbk_bom_and_utf8_are_decoded() {
        let (t, e) = decode("\u{feff}姓名".as_bytes()).unwrap();
        assert_eq!((t.as_str(), e), ("姓名", "UTF-8"));
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,公司");
        let (t, e) = decode(&gbk).unwrap();
        assert_eq!((t.as_str(), e), ("姓名,公司", "GB18030"));
    }

    #[test]
    fn phones_compare_by_digits() {
        assert_eq!(phone_key("+86 138-0000-1234"), "13800001234");
        assert_eq!(phone_key("138 0000 1234"), "13800001234");
        assert_eq!(phone_key("(021) 5555 0100"), "02155550100");
    }
}
