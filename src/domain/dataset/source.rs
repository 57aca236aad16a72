//! Where input comes from: a file's YAML text and where its `text_file` references point.
//! Its own module so that the table descriptions (which read source texts) and the parser
//! (which reads tables) do not depend on each other.

use std::path::PathBuf;

/// Where a file's `text_file` paths are read from.
#[derive(Clone, Debug)]
pub enum TextSource {
    /// Relative to a directory on disk.
    Dir(PathBuf),
    /// From the texts compiled into the binary.
    Bundled,
}

/// One input file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Its name in error messages.
    pub name: String,
    /// Its YAML text.
    pub content: String,
    /// Where its `text_file` references point.
    pub texts: TextSource,
}
