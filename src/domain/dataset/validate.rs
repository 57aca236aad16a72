//! Whole-input validation, before anything is written: slugs, references, dates, citations and
//! cycles. Every issue is collected; none stops the others from being found.

use std::collections::{HashMap, HashSet};

use super::format::{Basis, Dataset, Src};
use super::kind::{Kind, is_valid_slug};
use super::parse::Issue;
use super::table::Table;
use super::visit::{Visitor, visit_all};
use crate::domain::edtf;

/// What the database already holds, as far as validation needs it.
#[derive(Default)]
pub struct Existing {
    /// Every (kind, slug) in the database.
    pub slugs: HashSet<(Kind, String)>,
    /// Document slug → text.
    pub documents: HashMap<String, String>,
    /// Succession slug → (predecessor slug, successor slug).
    pub successions: HashMap<String, (String, String)>,
    /// Organization slug → parent slug; event slug → parent slug.
    pub parents: HashMap<(Kind, String), String>,
}

/// A citation string split into its parts.
pub struct Cite<'a> {
    /// Document slug.
    pub document: &'a str,
    /// 1-based line.
    pub line: usize,
    /// The exact quote.
    pub quote: &'a str,
}

/// Splits `'doc:line | quote'`.
pub fn split_cite(cite: &str) -> Result<Cite<'_>, String> {
    let malformed = || format!("`{cite}` is not of the form `<document>:<line> | <quote>`");
    let (head, quote) = cite.split_once(" | ").ok_or_else(malformed)?;
    let (document, line) = head.split_once(':').ok_or_else(malformed)?;
    let line: usize = line.trim().parse().map_err(|_| malformed())?;
    if quote.is_empty() || line == 0 {
        return Err(malformed());
    }
    Ok(Cite {
        document: document.trim(),
        line,
        quote,
    })
}

/// Validates the files (each with its parsed dataset) against each other and the database.
pub fn validate(files: &[(String, Dataset)], existing: &Existing) -> Vec<Issue> {
    let mut v = Validator {
        files,
        existing,
        known: existing.slugs.clone(),
        seen: HashMap::new(),
        documents: HashMap::new(),
        issues: Vec::new(),
    };
    for (_, ds) in files {
        for doc in &ds.source_documents {
            v.documents
                .insert(doc.slug.clone(), doc.text.clone().unwrap_or_default());
        }
    }
    visit_all(&mut KnownCollector(&mut v));
    visit_all(&mut v);
    v.check_succession_cycles();
    v.issues
}

struct Validator<'a> {
    files: &'a [(String, Dataset)],
    existing: &'a Existing,
    known: HashSet<(Kind, String)>,
    seen: HashMap<(Kind, String), String>,
    documents: HashMap<String, String>,
    issues: Vec<Issue>,
}

struct KnownCollector<'v, 'a>(&'v mut Validator<'a>);

impl Visitor for KnownCollector<'_, '_> {
    fn visit<T: Table>(&mut self) {
        for (_, ds) in self.0.files {
            for record in T::list(ds) {
                self.0.known.insert((T::KIND, record.slug().to_owned()));
            }
        }
    }
}

impl Visitor for Validator<'_> {
    fn visit<T: Table>(&mut self) {
        let mut parents: HashMap<String, String> = self
            .existing
            .parents
            .iter()
            .filter(|((kind, _), _)| *kind == T::KIND)
            .map(|((_, slug), parent)| (slug.clone(), parent.clone()))
            .collect();
        for (file, ds) in self.files {
            for record in T::list(ds) {
                self.check_record::<T>(file, record);
                match record.self_ref() {
                    Some(parent) => parents.insert(record.slug().to_owned(), parent.to_owned()),
                    None => parents.remove(record.slug()),
                };
            }
        }
        for (file, ds) in self.files {
            for record in T::list(ds) {
                if record.self_ref().is_some() && leads_back(&parents, record.slug()) {
                    self.push::<T>(
                        file,
                        record.slug(),
                        Some("parent"),
                        "the parent chain loops back to this record".into(),
                    );
                }
            }
        }
    }
}

/// Whether following `parent` links from `start` returns to `start`.
fn leads_back(parents: &HashMap<String, String>, start: &str) -> bool {
    let mut current = start;
    for _ in 0..=parents.len() {
        match parents.get(current) {
            Some(next) if next == start => return true,
            Some(next) => current = next,
            None => return false,
        }
    }
    true
}

impl Validator<'_> {
    fn push<T: Table>(&mut self, file: &str, slug: &str, field: Option<&str>, reason: String) {
        self.issues.push(Issue {
            file: file.into(),
            section: Some(T::SECTION.into()),
            slug: Some(slug.into()),
            field: field.map(Into::into),
            reason,
        });
    }

    fn check_record<T: Table>(&mut self, file: &str, record: &T) {
        let slug = record.slug();
        if !is_valid_slug(slug) {
            self.push::<T>(
                file,
                slug,
                Some("slug"),
                "a slug is lowercase letters and digits joined by single hyphens".into(),
            );
        }
        let key = (T::KIND, slug.to_owned());
        if let Some(first) = self.seen.get(&key) {
            let reason = format!("duplicate slug: already defined in {first}");
            self.push::<T>(file, slug, Some("slug"), reason);
        } else {
            self.seen.insert(key, file.to_owned());
        }
        for r in record.refs() {
            match r.target() {
                Err(reason) => self.push::<T>(file, slug, Some(r.field()), reason),
                Ok((kind, target)) if !self.known.contains(&(kind, target.to_owned())) => {
                    let reason = format!("no {kind} with slug `{target}` exists");
                    self.push::<T>(file, slug, Some(r.field()), reason);
                }
                Ok(_) => {}
            }
        }
        for (field, date) in record.dates() {
            if let Err(reason) = edtf::parse(date) {
                self.push::<T>(
                    file,
                    slug,
                    Some(field),
                    format!("`{date}` is not valid EDTF: {reason}"),
                );
            }
        }
        for (field, reason) in record.extra_checks() {
            self.push::<T>(file, slug, Some(field), reason);
        }
        for (field, reason) in super::display::issues(record) {
            self.push::<T>(file, slug, Some(&field), reason);
        }
        if !T::HAS_NAMES && !record.names().is_empty() {
            self.push::<T>(
                file,
                slug,
                Some("names"),
                format!("{} do not take names", T::SECTION),
            );
        }
        for (i, name) in record.names().iter().enumerate() {
            let field = format!("names[{i}]");
            if let Some(date) = &name.valid
                && let Err(reason) = edtf::parse(date)
            {
                self.push::<T>(
                    file,
                    slug,
                    Some(&field),
                    format!("`{date}` is not valid EDTF: {reason}"),
                );
            }
            self.check_src::<T>(file, slug, &field, &name.src);
        }
        self.check_src::<T>(file, slug, "src", record.src());
        let quoted = record.src().iter().any(|s| cite_of(s).is_some());
        if T::NEEDS_SRC && record.src().is_empty() {
            self.push::<T>(
                file,
                slug,
                Some("src"),
                "every record needs at least one citation".into(),
            );
        } else if T::NEEDS_SRC && record.basis() == Basis::Stated && !quoted {
            self.push::<T>(
                file,
                slug,
                Some("src"),
                "a stated record needs at least one quoted citation".into(),
            );
        }
    }

    fn check_src<T: Table>(&mut self, file: &str, slug: &str, field: &str, src: &[Src]) {
        for (i, entry) in src.iter().enumerate() {
            let at = format!("{field}[{i}]");
            if let Src::Full(full) = entry
                && full.cite.is_none()
                && full.note.is_none()
                && full.basis == Basis::Stated
                && full.field.is_none()
            {
                self.push::<T>(
                    file,
                    slug,
                    Some(&at),
                    "an empty citation: give `cite`, `basis`, `field` or `note`".into(),
                );
            }
            if let Src::Full(full) = entry
                && full.field.as_deref() == Some("current")
                && full.cite.is_none()
            {
                self.push::<T>(
                    file,
                    slug,
                    Some(&at),
                    "a `current` citation needs the quote that speaks of the record as current"
                        .into(),
                );
            }
            let Some(cite) = cite_of(entry) else { continue };
            if let Err(reason) = self.check_quote(cite) {
                self.push::<T>(file, slug, Some(&at), reason);
            }
        }
    }

    fn check_quote(&self, cite: &str) -> Result<(), String> {
        let c = split_cite(cite)?;
        let text = self
            .documents
            .get(c.document)
            .or_else(|| self.existing.documents.get(c.document))
            .ok_or_else(|| format!("no document with slug `{}` exists", c.document))?;
        let line = text
            .lines()
            .nth(c.line - 1)
            .ok_or_else(|| format!("document `{}` has no line {}", c.document, c.line))?;
        if line.contains(c.quote) {
            Ok(())
        } else {
            Err(format!(
                "quote not found on line {} of `{}`: \"{}\"",
                c.line, c.document, c.quote
            ))
        }
    }

    fn check_succession_cycles(&mut self) {
        let mut edges: HashMap<String, (String, String)> = self.existing.successions.clone();
        let mut origin: HashMap<String, String> = HashMap::new();
        for (file, ds) in self.files {
            for s in &ds.successions {
                edges.insert(s.slug.clone(), (s.predecessor.clone(), s.successor.clone()));
                origin.insert(s.slug.clone(), file.clone());
            }
        }
        let mut next: HashMap<&str, Vec<&str>> = HashMap::new();
        for (from, to) in edges.values() {
            next.entry(from.as_str()).or_default().push(to.as_str());
        }
        let mut slugs: Vec<_> = origin.keys().cloned().collect();
        slugs.sort();
        for slug in slugs {
            let Some((from, to)) = edges.get(&slug) else {
                continue;
            };
            if reaches(&next, to, from) {
                let file = origin.get(&slug).cloned().unwrap_or_default();
                let reason = format!("succession cycle: `{to}` leads back to `{from}`");
                self.issues.push(Issue {
                    file,
                    section: Some("successions".into()),
                    slug: Some(slug.clone()),
                    field: Some("successor".into()),
                    reason,
                });
            }
        }
    }
}

fn reaches(next: &HashMap<&str, Vec<&str>>, from: &str, target: &str) -> bool {
    let mut stack = vec![from];
    let mut seen = HashSet::new();
    while let Some(node) = stack.pop() {
        if node == target {
            return true;
        }
        if seen.insert(node) {
            stack.extend(next.get(node).into_iter().flatten().copied());
        }
    }
    false
}

/// The cite string of a citation entry, if it has one.
pub fn cite_of(src: &Src) -> Option<&str> {
    match src {
        Src::Cite(c) => Some(c),
        Src::Full(f) => f.cite.as_deref(),
    }
}
