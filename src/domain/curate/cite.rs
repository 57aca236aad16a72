//! Turning a write's input into a record in the file format: citations given as
//! `{document, line?, quote, field?, basis?, note?}` become the importer's `Src` entries (the
//! line found when not given), and an update's fields are laid over the stored record.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::domain::dataset::Issue;
use crate::domain::dataset::kind::Kind;

use super::issue;

/// Rewrites every citation object in `record.src` and `record.names[*].src` into the file
/// format, checking provenance: a stated citation needs a document and a quote on one of its
/// lines; an inferred or external one needs a note.
pub fn convert_citations(
    kind: Kind,
    slug: &str,
    record: &mut Map<String, Value>,
    documents: &HashMap<String, String>,
    issues: &mut Vec<Issue>,
) {
    if let Some(Value::Array(src)) = record.get_mut("src") {
        convert_list(kind, slug, "src", src, documents, issues);
    }
    if let Some(Value::Array(names)) = record.get_mut("names") {
        for (i, name) in names.iter_mut().enumerate() {
            if let Some(Value::Array(src)) = name.get_mut("src") {
                let field = format!("names[{i}].src");
                convert_list(kind, slug, &field, src, documents, issues);
            }
        }
    }
}

/// Converts the citation objects of one list, in place.
pub fn convert_list(
    kind: Kind,
    slug: &str,
    field: &str,
    src: &mut Vec<Value>,
    documents: &HashMap<String, String>,
    issues: &mut Vec<Issue>,
) {
    let mut failed = Vec::new();
    for (i, entry) in src.iter_mut().enumerate() {
        let Value::Object(map) = entry else { continue };
        if !(map.contains_key("document") || map.contains_key("quote")) && map.contains_key("cite")
        {
            continue; // already in the file format
        }
        let at = format!("{field}[{i}]");
        match convert(map, documents) {
            Ok(converted) => *entry = converted,
            Err(reason) => {
                issues.push(issue(kind, slug, &at, reason));
                failed.push(i);
            }
        }
    }
    // the entries already reported leave the record, so that its other fields are checked
    for i in failed.into_iter().rev() {
        src.remove(i);
    }
}

fn text<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn convert(map: &Map<String, Value>, documents: &HashMap<String, String>) -> Result<Value, String> {
    let basis = text(map, "basis").unwrap_or("stated");
    let note = text(map, "note");
    let mut out = Map::new();
    match (text(map, "document"), text(map, "quote")) {
        (Some(document), Some(quote)) => {
            let body = documents
                .get(document)
                .ok_or_else(|| format!("no document with slug `{document}` exists"))?;
            let line = match map.get("line").and_then(Value::as_i64) {
                Some(line) => line,
                None => find_line(body, quote).ok_or_else(|| {
                    format!("the quote is not on any one line of `{document}`: \"{quote}\"")
                })?,
            };
            out.insert("cite".into(), format!("{document}:{line} | {quote}").into());
        }
        (Some(_), None) => return Err("a citation of a document needs its `quote`".into()),
        (None, Some(_)) => return Err("a quote needs the `document` it is from".into()),
        (None, None) => {
            if basis == "stated" {
                return Err(
                    "a citation needs a `document` and a `quote`, or basis INFERRED or \
                            EXTERNAL with a `note`"
                        .into(),
                );
            }
            if note.is_none() {
                return Err(format!(
                    "a citation with basis {basis} needs a `note` that says why"
                ));
            }
        }
    }
    if let Some(field) = text(map, "field") {
        out.insert("field".into(), field.into());
    }
    if basis != "stated" {
        out.insert("basis".into(), basis.into());
    }
    if let Some(note) = note {
        out.insert("note".into(), note.into());
    }
    // the short form, as the importer writes a plain stated citation
    if out.len() == 1
        && let Some(Value::String(cite)) = out.get("cite")
    {
        return Ok(Value::String(cite.clone()));
    }
    Ok(Value::Object(out))
}

/// The 1-based number of the first line of `text` holding `quote`.
fn find_line(text: &str, quote: &str) -> Option<i64> {
    text.lines()
        .position(|line| line.contains(quote))
        .and_then(|i| i64::try_from(i + 1).ok())
}

/// Lays the fields of an update over the stored record: a field sent replaces the stored one,
/// a field sent as null clears it.
pub fn overlay(stored: &mut Map<String, Value>, fields: Map<String, Value>) {
    for (key, value) in fields {
        if value.is_null() {
            stored.remove(&key);
        } else {
            stored.insert(key, value);
        }
    }
}

/// Removes the null fields of a record about to be created (null is "not given").
pub fn drop_nulls(fields: &mut Map<String, Value>) {
    fields.retain(|_, v| !v.is_null());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> HashMap<String, String> {
        HashMap::from([(
            "story".to_owned(),
            "first line\nthe second line\n".to_owned(),
        )])
    }

    #[test]
    fn a_quote_without_line_finds_its_line() {
        let mut src = vec![serde_json::json!({"document": "story", "quote": "second"})];
        let mut issues = vec![];
        convert_list(Kind::Person, "p", "src", &mut src, &docs(), &mut issues);
        assert!(issues.is_empty());
        assert_eq!(src[0], serde_json::json!("story:2 | second"));
    }

    #[test]
    fn provenance_is_required() {
        let mut src = vec![
            serde_json::json!({"document": "story", "quote": "absent words"}),
            serde_json::json!({"basis": "inferred"}),
            serde_json::json!({"field": "name"}),
            serde_json::json!({"document": "nowhere", "quote": "x"}),
        ];
        let mut issues = vec![];
        convert_list(Kind::Person, "p", "src", &mut src, &docs(), &mut issues);
        let fields: Vec<_> = issues.iter().filter_map(|i| i.field.clone()).collect();
        assert_eq!(fields, ["src[0]", "src[1]", "src[2]", "src[3]"]);
        assert!(src.is_empty(), "the refused entries leave the record");
    }
}
