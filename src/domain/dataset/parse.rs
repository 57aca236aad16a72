//! Reading dataset files: YAML → records, one record at a time, so that every malformed record is
//! reported with its file, section, slug and field instead of stopping at the first.

use std::fmt;

use serde_json::Value;

use super::format::Dataset;
use super::table::Table;
use super::visit::{Visitor, visit_all};

pub use super::source::{SourceFile, TextSource};

/// One problem found in the input: where it is and why it is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// The file.
    pub file: String,
    /// The section, if known.
    pub section: Option<String>,
    /// The record's slug, if known.
    pub slug: Option<String>,
    /// The field, if known.
    pub field: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(section) = &self.section {
            write!(f, ": {section}")?;
        }
        if let Some(slug) = &self.slug {
            write!(f, " `{slug}`")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl Issue {
    /// An issue about a whole file.
    pub fn file(file: &str, reason: impl Into<String>) -> Self {
        Issue {
            file: file.into(),
            section: None,
            slug: None,
            field: None,
            reason: reason.into(),
        }
    }
}

/// Parses one file into a dataset plus the issues found in it.
pub fn parse_file(file: &SourceFile) -> (Dataset, Vec<Issue>) {
    // The typed parse reads scalars as the field's type (a quoted-or-not `1315` is a string where
    // a string is expected); only when it fails is the file re-read record by record to report
    // every problem with its record's slug.
    if let Ok(mut dataset) = serde_saphyr::from_str::<Dataset>(&file.content) {
        let mut issues = Vec::new();
        for doc in &mut dataset.source_documents {
            if let Err(reason) = doc.prepare(&file.texts) {
                issues.push(Issue {
                    section: Some("source_documents".into()),
                    slug: Some(doc.slug.clone()),
                    field: Some("text_file".into()),
                    ..Issue::file(&file.name, reason)
                });
            }
        }
        return (dataset, issues);
    }
    let mut parser = SectionParser {
        file,
        dataset: Dataset::default(),
        issues: Vec::new(),
        sections: None,
    };
    let value: Value = match serde_saphyr::from_str(&file.content) {
        Ok(v) => v,
        Err(e) => {
            return (
                Dataset::default(),
                vec![Issue::file(&file.name, format!("malformed YAML: {e}"))],
            );
        }
    };
    let sections = match value {
        Value::Null => return (Dataset::default(), vec![]),
        Value::Object(map) => map,
        _ => {
            return (
                Dataset::default(),
                vec![Issue::file(
                    &file.name,
                    "the top level must be a mapping of sections",
                )],
            );
        }
    };
    let mut known = Vec::new();
    visit_all(&mut SectionNames(&mut known));
    for key in sections.keys() {
        if !known.contains(&key.as_str()) {
            parser.issues.push(Issue::file(
                &file.name,
                format!(
                    "unknown section `{key}`; expected one of {}",
                    known.join(", ")
                ),
            ));
        }
    }
    parser.sections = Some(sections);
    visit_all(&mut parser);
    (parser.dataset, parser.issues)
}

struct SectionNames<'a>(&'a mut Vec<&'static str>);

impl Visitor for SectionNames<'_> {
    fn visit<T: Table>(&mut self) {
        self.0.push(T::SECTION);
    }
}

struct SectionParser<'a> {
    file: &'a SourceFile,
    dataset: Dataset,
    issues: Vec<Issue>,
    sections: Option<serde_json::Map<String, Value>>,
}

impl Visitor for SectionParser<'_> {
    fn visit<T: Table>(&mut self) {
        let Some(value) = self.sections.as_mut().and_then(|s| s.remove(T::SECTION)) else {
            return;
        };
        let items = match value {
            Value::Array(items) => items,
            Value::Null => return,
            _ => {
                self.issues.push(Issue {
                    section: Some(T::SECTION.into()),
                    ..Issue::file(&self.file.name, "a section must be a list of records")
                });
                return;
            }
        };
        for (index, item) in items.into_iter().enumerate() {
            let slug = item.get("slug").and_then(Value::as_str).map(str::to_owned);
            match serde_path_to_error::deserialize::<_, T>(item) {
                Ok(mut record) => {
                    if let Err(reason) = record.prepare(&self.file.texts) {
                        self.issues.push(Issue {
                            section: Some(T::SECTION.into()),
                            slug: slug.clone(),
                            field: Some("text_file".into()),
                            ..Issue::file(&self.file.name, reason)
                        });
                    }
                    T::list_mut(&mut self.dataset).push(record);
                }
                Err(e) => {
                    let path = e.path().to_string();
                    self.issues.push(Issue {
                        section: Some(T::SECTION.into()),
                        slug: Some(slug.unwrap_or_else(|| format!("#{}", index + 1))),
                        field: (path != ".").then_some(path),
                        ..Issue::file(&self.file.name, e.into_inner().to_string())
                    });
                }
            }
        }
    }
}

/// Documents may name their text by file; read it now so later stages only see `text`.
pub fn resolve_text(
    doc: &mut super::format::SourceDocumentRecord,
    texts: &TextSource,
) -> Result<(), String> {
    match (&doc.text, doc.text_file.take()) {
        (Some(_), Some(_)) => Err("give either `text` or `text_file`, not both".into()),
        (None, None) => Err("a document needs `text` or `text_file`".into()),
        (Some(_), None) => Ok(()),
        (None, Some(path)) => {
            let text = match texts {
                TextSource::Dir(dir) => std::fs::read_to_string(dir.join(&path))
                    .map_err(|e| format!("cannot read `{path}`: {e}"))?,
                TextSource::Bundled => super::bundled::text(&path)
                    .ok_or_else(|| format!("`{path}` is not a bundled text"))?
                    .to_owned(),
            };
            doc.text = Some(text);
            Ok(())
        }
    }
}
