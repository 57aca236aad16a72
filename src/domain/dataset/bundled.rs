//! The bundled dataset, compiled into the binary so a fresh machine needs no files.

use super::source::{SourceFile, TextSource};

const FILES: &[(&str, &str)] = &[
    (
        "data/documents.yaml",
        include_str!("../../../data/documents.yaml"),
    ),
    (
        "data/places.yaml",
        include_str!("../../../data/places.yaml"),
    ),
    (
        "data/organizations.yaml",
        include_str!("../../../data/organizations.yaml"),
    ),
    (
        "data/persons.yaml",
        include_str!("../../../data/persons.yaml"),
    ),
    ("data/works.yaml", include_str!("../../../data/works.yaml")),
    (
        "data/events.yaml",
        include_str!("../../../data/events.yaml"),
    ),
    (
        "data/relations.yaml",
        include_str!("../../../data/relations.yaml"),
    ),
    (
        "data/statistics.yaml",
        include_str!("../../../data/statistics.yaml"),
    ),
];

const TEXTS: &[(&str, &str)] = &[
    (
        "sources/000_6aeaa898e49eef02.txt",
        include_str!("../../../data/sources/000_6aeaa898e49eef02.txt"),
    ),
    (
        "sources/001_17d68c8521a130b9.txt",
        include_str!("../../../data/sources/001_17d68c8521a130b9.txt"),
    ),
];

/// The bundled dataset files.
pub fn files() -> Vec<SourceFile> {
    FILES
        .iter()
        .map(|(name, content)| SourceFile {
            name: (*name).to_owned(),
            content: (*content).to_owned(),
            texts: TextSource::Bundled,
        })
        .collect()
}

/// A bundled source text by its `text_file` path.
pub fn text(path: &str) -> Option<&'static str> {
    TEXTS.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}
