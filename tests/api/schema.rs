/// The committed SDL is the public contract; it must match the code.
#[test]
fn the_committed_sdl_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/schema.graphql");
    let current = coopgraph::graphql::sdl();
    if std::env::var("UPDATE_SDL").is_ok() {
        std::fs::write(&path, &current).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "schema/schema.graphql is stale; refresh it with:\n    UPDATE_SDL=1 cargo test --test api the_committed_sdl_is_up_to_date"
    );
}

/// Every type, field, argument, input field and enum value the schema defines has a
/// description, so GraphiQL documents all of it.
#[tokio::test]
async fn every_type_field_argument_and_enum_value_is_documented() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let db = sea_orm::Database::connect(url.as_str()).await.unwrap();
    let query = "{ __schema { types { name description fields { name description args { name description } } inputFields { name description } enumValues { name description } } } }";
    let out = crate::helpers::data(&db, query).await;
    let mut missing = Vec::new();
    let empty = |v: &serde_json::Value| v.as_str().is_none_or(|s| s.trim().is_empty());
    for ty in out["__schema"]["types"].as_array().unwrap() {
        let name = ty["name"].as_str().unwrap();
        if name.starts_with("__") || ["Boolean", "String", "Int", "Float", "ID"].contains(&name) {
            continue;
        }
        if empty(&ty["description"]) {
            missing.push(name.to_owned());
        }
        for field in ty["fields"].as_array().into_iter().flatten() {
            let fname = field["name"].as_str().unwrap();
            if empty(&field["description"]) {
                missing.push(format!("{name}.{fname}"));
            }
            for arg in field["args"].as_array().into_iter().flatten() {
                if empty(&arg["description"]) {
                    missing.push(format!("{name}.{fname}({})", arg["name"]));
                }
            }
        }
        for list in ["inputFields", "enumValues"] {
            for item in ty[list].as_array().into_iter().flatten() {
                if empty(&item["description"]) {
                    missing.push(format!("{name}.{}", item["name"]));
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:#?}");
}

/// Every record kind of the dataset (`Kind::ALL`) is a GraphQL type that introspection shows,
/// with a lookup by slug and a connection on the root, and a row in `datasetCounts`.
#[tokio::test]
async fn every_record_kind_is_in_the_schema_and_the_counts() {
    use coopgraph::domain::dataset::kind::Kind;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let db = sea_orm::Database::connect(url.as_str()).await.unwrap();
    coopgraph::db::migrate(&db).await.unwrap();
    let out = crate::helpers::data(
        &db,
        "{ __schema { types { name } queryType { fields { name type { name kind ofType { name } } } } } datasetCounts { table } }",
    )
    .await;
    let types: Vec<&str> = out["__schema"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let roots = out["__schema"]["queryType"]["fields"].as_array().unwrap();
    let counted: Vec<&str> = out["datasetCounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["table"].as_str().unwrap())
        .collect();
    for kind in Kind::ALL {
        let ty = coopgraph::domain::gid::type_of(kind.table())
            .unwrap_or_else(|| panic!("{kind}: no GraphQL type"));
        assert!(types.contains(&ty), "{kind}: {ty} is not in the schema");
        let connection = format!("{ty}Connection");
        let lookup = roots.iter().any(|f| f["type"]["name"] == ty);
        let list = roots
            .iter()
            .any(|f| f["type"]["ofType"]["name"] == connection.as_str());
        assert!(
            lookup && list,
            "{kind}: no root lookup or connection of {ty}"
        );
        assert!(
            counted.contains(&kind.table()),
            "{kind}: not in datasetCounts"
        );
    }
}
