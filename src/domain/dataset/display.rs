//! Rules that keep the dataset's public fields display-ready, checked on every import:
//! - no internal checklist codes (`AMB-07`) anywhere: notes are for curators, but they are
//!   public and a code means nothing outside the checklist;
//! - no curation remarks inside a name or title (`… (name not given)`): a name the sources
//!   do not give is a label with `name_status: not_given` (or `inferred`);
//! - a field documented as verbatim (a statistic's `value_text`) is found in one of the
//!   record's quotes, which are themselves checked against their line;
//! - a stated name variant is found in a quote of the variant or of its record.

use serde_json::Value;

use super::format::{Basis, NameEntry, Src};
use super::table::Table;
use super::validate::split_cite;

/// Remarks a name must not carry: what `name_status` says.
const NAME_REMARKS: [&str; 2] = ["(name not given", "(name inferred"];

/// Fields holding a record's own name or title.
const NAME_FIELDS: [&str; 2] = ["name", "title"];

/// Whether `text` holds an internal checklist code such as `AMB-07`.
fn has_code(text: &str) -> bool {
    text.match_indices("AMB-")
        .any(|(i, m)| text[i + m.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Text compared as a reader sees it: no-break spaces as spaces, case folded.
fn seen(text: &str) -> String {
    text.replace('\u{a0}', " ").to_lowercase()
}

fn walk(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(text) => {
            if has_code(text) {
                out.push((
                    path.to_owned(),
                    "internal checklist codes (`AMB-…`) are not public data: say what the \
                     code stands for"
                        .into(),
                ));
            }
            let field = path.rsplit('.').next().unwrap_or(path);
            if NAME_FIELDS.contains(&field) && NAME_REMARKS.iter().any(|r| text.contains(r)) {
                out.push((
                    path.to_owned(),
                    "a name carries no curation remark: give the label as `name` and set \
                     `name_status: not_given` or `inferred`"
                        .into(),
                ));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(item, &at, out);
            }
        }
        _ => {}
    }
}

/// The quotes of citations, as a reader sees them.
fn quotes(src: &[Src]) -> Vec<String> {
    src.iter()
        .filter_map(|s| match s {
            Src::Cite(c) => Some(c.as_str()),
            Src::Full(f) => f.cite.as_deref(),
        })
        .filter_map(|c| split_cite(c).ok().map(|c| seen(c.quote)))
        .collect()
}

fn variant_found(name: &NameEntry, record: &[String]) -> bool {
    let wanted = seen(&name.name);
    quotes(&name.src)
        .iter()
        .chain(record)
        .any(|q| q.contains(&wanted))
}

/// The display rules' problems of one record: (field, reason).
pub fn issues<T: Table>(record: &T) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(value) = serde_json::to_value(record) {
        walk(&value, "", &mut out);
    }
    let own = quotes(record.src());
    for (field, text) in record.verbatim() {
        if !own.iter().any(|q| q.contains(&seen(text))) {
            out.push((
                field.to_owned(),
                format!("`{field}` is verbatim: quote the passage that holds it in `src`"),
            ));
        }
    }
    for (i, name) in record.names().iter().enumerate() {
        if name.basis == Basis::Stated && !variant_found(name, &own) {
            out.push((
                format!("names[{i}]"),
                format!(
                    "the stated name `{}` is in no quote of the name or its record: quote \
                     it, or give its basis",
                    name.name
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_found_only_with_their_number() {
        assert!(has_code("implied by the chain (AMB-07)"));
        assert!(!has_code("AMB-"));
        assert!(!has_code("a lamb-like note"));
    }
}
