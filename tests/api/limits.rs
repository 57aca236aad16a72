//! Limits that stop abusive queries, on by default and configurable; database failures come
//! back as `INTERNAL` without internals.

use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{data, db_test, error};

/// A Relay query three relations deep at the default page size, with a few fields per level.
const THREE_DEEP: &str = "{ organizations { totalCount edges { cursor node { id name kind memberships { edges { node { role label member { ... on Person { name } ... on Organization { name memberships { edges { node { role organization { name kind } } } } } } } } } } } } }";

db_test!(
    a_relay_query_three_relations_deep_passes_the_default_limits,
    |db| {
        let conn = db.with_bundled_data().await;
        let out = data(&conn, THREE_DEEP).await;
        assert_eq!(out["organizations"]["edges"].as_array().unwrap().len(), 20);
    }
);

db_test!(
    too_deep_too_complex_or_too_nested_queries_are_refused,
    |db| {
        let conn = db.with_bundled_data().await;
        let too_complex = "{ organizations(first: 100) { nodes { children(first: 100) { nodes { memberships(first: 100) { nodes { role } } } } } } }";
        let (code, message) = error(&conn, too_complex).await;
        assert_eq!(code, "QUERY_TOO_COMPLEX", "{message}");

        let mut deep = String::from("{ organization(slug: \"auscr\") { ");
        for _ in 0..16 {
            deep.push_str("parent { ");
        }
        deep.push_str("name");
        deep.push_str(&" }".repeat(17));
        deep.push_str(" }");
        let (code, message) = error(&conn, &deep).await;
        assert_eq!(code, "QUERY_TOO_DEEP", "{message}");
        // parsed documents are cached by query text; the limits still apply to every request
        for (query, expected) in [
            (too_complex, "QUERY_TOO_COMPLEX"),
            (deep.as_str(), "QUERY_TOO_DEEP"),
        ] {
            let (code, _) = error(&conn, query).await;
            assert_eq!(code, expected);
        }
        for _ in 0..2 {
            let (code, message) = error(&conn, "{ organizations { nodes { name }").await;
            assert_eq!(code, "GRAPHQL_PARSE_FAILED");
            assert!(message.contains("expected"), "{message}");
        }

        let filter = format!("{}{{}}{}", "{not: ".repeat(40), "}".repeat(40));
        let (code, message) = error(
            &conn,
            &format!("{{ organizations(filter: {filter}) {{ totalCount }} }}"),
        )
        .await;
        assert_eq!(code, "QUERY_TOO_DEEP", "{message}");
        assert!(message.contains("nests deeper than 32"), "{message}");

        let wide = format!("{{or: [{}]}}", vec!["{aggregate: true}"; 300].join(", "));
        let (code, message) = error(
            &conn,
            &format!("{{ organizations(filter: {wide}) {{ totalCount }} }}"),
        )
        .await;
        assert_eq!(code, "FILTER_TOO_LARGE", "{message}");
        assert!(message.contains("more than 200 conditions"), "{message}");

        let values: Vec<String> = (0..6000).map(|i| i.to_string()).collect();
        let long_in = format!("{{foundedYearFrom: {{in: [{}]}}}}", values.join(","));
        let (code, message) = error(
            &conn,
            &format!("{{ organizations(filter: {long_in}) {{ totalCount }} }}"),
        )
        .await;
        assert_eq!(code, "FILTER_TOO_LARGE", "{message}");
        assert!(message.contains("more than 5000 values"), "{message}");

        // nesting is bounded before the document is parsed (the parser recurses over it)
        let filter = format!("{}{{}}{}", "{not: ".repeat(150), "}".repeat(150));
        let (code, message) = error(
            &conn,
            &format!("{{ organizations(filter: {filter}) {{ totalCount }} }}"),
        )
        .await;
        assert_eq!(code, "QUERY_TOO_DEEP", "{message}");
        assert!(message.contains("nest deeper than 64 levels"), "{message}");
        let mut nested = serde_json::json!({});
        for _ in 0..100 {
            nested = serde_json::json!({ "not": nested });
        }
        let response = crate::helpers::execute(
            &conn,
            "query($f: OrganizationFilter) { organizations(filter: $f) { totalCount } }",
            serde_json::json!({ "f": nested }),
        )
        .await;
        assert_eq!(
            response["errors"][0]["extensions"]["code"], "QUERY_TOO_DEEP",
            "{response}"
        );
        // braces inside strings and comments do not count
        let text = format!(
            "{{ organizations(filter: {{name: {{eq: \"{}\"}}}}) {{ totalCount }} # {} \n}}",
            "{".repeat(100),
            "[".repeat(100)
        );
        data(&conn, &text).await;

        let directives = " @include(if: true)".repeat(21);
        let (code, message) = error(
            &conn,
            &format!("{{ organizations {{ totalCount{directives} }} }}"),
        )
        .await;
        assert_eq!(code, "TOO_MANY_DIRECTIVES", "{message}");
    }
);

db_test!(a_database_failure_is_internal_and_hides_the_sql, |db| {
    let conn = db.with_bundled_data().await;
    conn.execute_unprepared("DROP TABLE statistic")
        .await
        .unwrap();
    let (code, message) = error(&conn, "{ statistics { nodes { indicator } } }").await;
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("INTERNAL", "internal error")
    );
    // the failure of one field does not hide the rest of the response
    let out = crate::helpers::execute(
        &conn,
        r#"{ organization(slug: "auscr") { name statistics { totalCount } } }"#,
        Value::Null,
    )
    .await;
    assert_eq!(
        out["data"]["organization"]["name"],
        json!("All-Union Society for Cultural Relations")
    );
    assert_eq!(out["errors"][0]["extensions"]["code"], "INTERNAL");
    assert!(!out.to_string().to_lowercase().contains("select"), "{out}");
});

db_test!(
    a_one_connection_pool_serves_counts_pages_and_relations_together,
    |db| {
        db.with_bundled_data().await;
        let mut config = db.config.clone();
        config.max_connections = 1;
        let conn = coopgraph::db::connect(&config).await.unwrap();
        let started = std::time::Instant::now();
        let out = data(
        &conn,
        r#"{ a: organizations(first: 3) { totalCount nodes { name parent { name } country { name } } }
             b: persons(first: 2) { totalCount nodes { name } }
             c: organization(slug: "auscr") { name memberships { totalCount } }
             datasetCounts { table count } }"#,
    )
    .await;
        assert_eq!(out["a"]["totalCount"], json!(78));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }
);
