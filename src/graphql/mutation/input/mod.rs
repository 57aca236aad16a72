//! Input types of the curated writes, one per record kind. Each turns into the record's fields
//! in the dataset file format, so that the importer's rules validate them.

use serde_json::{Map, Value};

use crate::domain::dataset::kind::Kind;

/// A record kind's input: the fields a client sent.
pub trait RecordInput {
    /// The kind of record it writes.
    const KIND: Kind;
    /// The fields sent, keyed as in the dataset file format (`snake_case`). A field the client
    /// left out is absent; a field sent as `null` is `Value::Null`.
    fn fields(&self) -> Map<String, Value>;
}
