//! Trusted documents: a manifest of the only operations a production client may run, in
//! Apollo's persisted-query manifest format (`{"format": "apollo-persisted-query-manifest",
//! "version": 1, "operations": [{"id": sha256, "name", "type", "body"}]}`), built by
//! `coopgraph manifest FILE…` from the client's `.graphql` files and loaded with
//! `COOPGRAPH_TRUSTED_DOCUMENTS=PATH`.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::persisted::hash;

/// The manifest file.
#[derive(Serialize, Deserialize)]
pub struct Manifest {
    /// `apollo-persisted-query-manifest`.
    pub format: String,
    /// 1.
    pub version: u32,
    /// The operations.
    pub operations: Vec<Operation>,
}

/// One trusted operation.
#[derive(Serialize, Deserialize)]
pub struct Operation {
    /// The SHA-256 of `body`, in hex.
    pub id: String,
    /// The operation's name (the file's stem when it has none).
    pub name: String,
    /// `query`, `mutation` or `subscription`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The document.
    pub body: String,
}

const FORMAT: &str = "apollo-persisted-query-manifest";

/// The manifest of documents given as (name, text) pairs.
pub fn build(documents: &[(String, String)]) -> Manifest {
    let operations = documents
        .iter()
        .map(|(name, body)| Operation {
            id: hash(body),
            name: name.clone(),
            kind: super::graphql::operation_type(body).to_owned(),
            body: body.clone(),
        })
        .collect();
    Manifest {
        format: FORMAT.to_owned(),
        version: 1,
        operations,
    }
}

/// The trusted documents of a manifest's text, by hash; each id must be its body's hash.
pub fn load(text: &str) -> Result<HashMap<String, Arc<str>>, String> {
    let manifest: Manifest =
        serde_json::from_str(text).map_err(|e| format!("not a persisted-query manifest: {e}"))?;
    if manifest.format != FORMAT || manifest.version != 1 {
        return Err(format!("the manifest's format is not {FORMAT}, version 1"));
    }
    let mut out = HashMap::new();
    for op in manifest.operations {
        if hash(&op.body) != op.id.to_ascii_lowercase() {
            return Err(format!(
                "operation `{}`: its id is not the SHA-256 of its body",
                op.name
            ));
        }
        out.insert(op.id.to_ascii_lowercase(), op.body.into());
    }
    Ok(out)
}
