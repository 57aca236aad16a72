//! The request budget: every document limit refuses its hostile shape with its own code, the
//! measured value and the limit, before a single statement runs; the README's queries,
//! GraphiQL's introspection and the benchmark's cases all pass; the response meter stops an
//! oversized answer while it is being built.

use std::sync::atomic::Ordering;

use coopgraph::config::Limits;
use serde_json::{Value, json};

use crate::helpers::{counting, db_test, execute, execute_limited};

/// `F1 { ...F0 ...F0 } … F{n} { ...F{n-1} ...F{n-1} }`: 2^n fields once inlined.
fn doubling(levels: usize) -> String {
    let mut q = String::from("{ ...F0 } fragment F0 on Query { datasetCounts { table } }");
    for i in 1..=levels {
        q += &format!(" fragment F{i} on Query {{ ...F{} ...F{} }}", i - 1, i - 1);
    }
    q.replacen("...F0 }", &format!("...F{levels} }}"), 1)
}

fn introspection(aliases: usize) -> String {
    let one = "__schema { types { name fields { name args { name } type { name kind ofType { name kind } } } } }";
    let body: Vec<String> = (0..aliases).map(|i| format!("i{i}: {one}")).collect();
    format!("{{ {} }}", body.join(" "))
}

/// Two aliased `__schema` selections with GraphiQL's fragments.
fn twice_introspected() -> String {
    let fragments = GRAPHIQL_INTROSPECTION
        .split_once(" fragment FullType")
        .map(|(_, rest)| format!("fragment FullType{rest}"))
        .unwrap();
    format!(
        "{{ a: __schema {{ types {{ ...FullType }} }} b: __schema {{ types {{ ...FullType }} }} }} {fragments}"
    )
}

/// The hostile shapes, each with the code that must refuse it.
fn hostile() -> Vec<(&'static str, String, Value, &'static str)> {
    let aliases: Vec<String> = (0..31).map(|i| format!("a{i}: name")).collect();
    let roots: Vec<String> = (0..17)
        .map(|i| format!("r{i}: organization(slug: \"auscr\") {{ name }}"))
        .collect();
    let fragments: Vec<String> = (0..129)
        .map(|i| format!("fragment G{i} on Query {{ __typename }}"))
        .collect();
    let mut deep = String::from("{ organization(slug: \"auscr\") { ");
    deep += &"parent { ".repeat(16);
    deep += &format!("name{} }}", " }".repeat(17));
    vec![
        (
            "a document longer than the limit",
            format!("{{ __typename }}{}", " ".repeat(40 * 1024)),
            Value::Null,
            "QUERY_TOO_LONG",
        ),
        (
            "more tokens than the limit",
            format!("{{ a(x: [{}]) }}", "1 ".repeat(10_001)),
            Value::Null,
            "TOO_MANY_TOKENS",
        ),
        (
            "brackets nested past the scan's bound",
            format!("{}{}", "{ a ".repeat(100), "}".repeat(100)),
            Value::Null,
            "QUERY_TOO_DEEP",
        ),
        (
            "more fragment definitions than the limit",
            format!("{{ __typename }} {}", fragments.join(" ")),
            Value::Null,
            "TOO_MANY_FRAGMENTS",
        ),
        (
            "doubling fragments, 24 levels",
            doubling(24),
            Value::Null,
            "QUERY_TOO_LARGE",
        ),
        (
            "doubling fragments, 60 levels (counts saturate)",
            doubling(60),
            Value::Null,
            "QUERY_TOO_LARGE",
        ),
        ("fields nested too deep", deep, Value::Null, "QUERY_TOO_DEEP"),
        (
            "more root fields than the limit",
            format!("{{ {} }}", roots.join(" ")),
            Value::Null,
            "TOO_MANY_ROOT_FIELDS",
        ),
        (
            "more aliases than the limit",
            format!("{{ organization(slug: \"auscr\") {{ {} }} }}", aliases.join(" ")),
            Value::Null,
            "TOO_MANY_ALIASES",
        ),
        (
            "200 aliased __schema selections",
            introspection(200),
            Value::Null,
            "TOO_MANY_ALIASES",
        ),
        (
            "GraphiQL's introspection twice in one request",
            twice_introspected(),
            Value::Null,
            "QUERY_TOO_COMPLEX",
        ),
        (
            "one field repeated past the limit",
            format!("{{ organization(slug: \"auscr\") {{ {} }} }}", "name ".repeat(11)),
            Value::Null,
            "TOO_MANY_REPEATED_FIELDS",
        ),
        (
            "more directives on a field than the limit",
            format!(
                "{{ organizations {{ totalCount{} }} }}",
                " @include(if: true)".repeat(21)
            ),
            Value::Null,
            "TOO_MANY_DIRECTIVES",
        ),
        (
            "a connection of connections of connections",
            "{ organizations(first: 100) { nodes { children(first: 100) { nodes { memberships(first: 100) { nodes { role } } } } } } }".into(),
            Value::Null,
            "QUERY_TOO_COMPLEX",
        ),
        (
            "page sizes taken from variables",
            "query($n: Int) { organizations(first: $n) { nodes { children(first: $n) { nodes { memberships(first: $n) { nodes { role } } } } } } }".into(),
            json!({ "n": 100 }),
            "QUERY_TOO_COMPLEX",
        ),
        (
            "a NUL character in a string literal",
            "{ organization(slug: \"a\\u0000b\") { name } }".into(),
            Value::Null,
            "BAD_USER_INPUT",
        ),
        (
            "a NUL character in a variable",
            "query($s: String!) { organization(slug: $s) { name } }".into(),
            json!({ "s": "a\u{0}b" }),
            "BAD_USER_INPUT",
        ),
        (
            "an escaped lone surrogate (which panics the parser)",
            "{ organization(slug: \"\\ud800\") { name } }".into(),
            Value::Null,
            "BAD_USER_INPUT",
        ),
        (
            "a syntax error",
            "{ organizations { nodes { name }".into(),
            Value::Null,
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            "two operations and no operation name",
            "query A { __typename } query B { __typename }".into(),
            Value::Null,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            "a field the schema does not have",
            "{ organizations { nodes { nosuch } } }".into(),
            Value::Null,
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ]
}

/// Codes of the cost limits, which report what they measured and the limit.
const COST_CODES: [&str; 9] = [
    "QUERY_TOO_LONG",
    "TOO_MANY_TOKENS",
    "TOO_MANY_FRAGMENTS",
    "QUERY_TOO_LARGE",
    "TOO_MANY_ROOT_FIELDS",
    "TOO_MANY_ALIASES",
    "TOO_MANY_REPEATED_FIELDS",
    "TOO_MANY_DIRECTIVES",
    "QUERY_TOO_COMPLEX",
];

db_test!(
    every_hostile_shape_is_refused_with_its_code_before_any_statement,
    |db| {
        let (conn, statements) = counting(&db).await;
        for (what, query, variables, expected) in hostile() {
            statements.store(0, Ordering::SeqCst);
            let response = execute(&conn, &query, variables).await;
            let error = &response["errors"][0];
            assert_eq!(
                error["extensions"]["code"], expected,
                "{what}: {response:#}"
            );
            assert!(response["data"].is_null(), "{what}: {response:#}");
            assert_eq!(
                statements.load(Ordering::SeqCst),
                0,
                "{what}: a statement ran"
            );
            if COST_CODES.contains(&expected) {
                let (measured, limit) = (
                    error["extensions"]["measured"].as_u64(),
                    error["extensions"]["limit"].as_u64(),
                );
                assert!(
                    matches!((measured, limit), (Some(m), Some(l)) if m > l),
                    "{what}: {error}"
                );
            }
        }
    }
);

/// GraphiQL's own introspection query (graphql-js `getIntrospectionQuery` with every option
/// GraphiQL turns on).
const GRAPHIQL_INTROSPECTION: &str = "query IntrospectionQuery { __schema { description queryType { name } mutationType { name } subscriptionType { name } types { ...FullType } directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } } } } fragment FullType on __Type { kind name description specifiedByURL isOneOf fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason } inputFields(includeDeprecated: true) { ...InputValue } interfaces { ...TypeRef } enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } } fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason } fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } } }";

/// The GraphQL blocks of the README (the API tour and the examples around it).
fn readme_queries() -> Vec<String> {
    let readme = include_str!("../../README.md");
    readme
        .split("```graphql")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .map(|q| q.trim().to_owned())
        .collect()
}

/// The benchmark's cases.
fn bench_queries() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/cases");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        out.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(out.len() >= 7);
    out
}

db_test!(
    the_readme_graphiql_and_the_benchmark_stay_within_the_default_budget,
    |db| {
        let conn = db.with_bundled_data().await;
        let introspection = execute(&conn, GRAPHIQL_INTROSPECTION, Value::Null).await;
        assert!(
            introspection.get("errors").is_none(),
            "GraphiQL's introspection is refused"
        );
        assert!(
            introspection["data"]["__schema"]["types"]
                .as_array()
                .unwrap()
                .len()
                > 100
        );
        let queries: Vec<String> = readme_queries()
            .into_iter()
            .chain(bench_queries())
            .collect();
        assert!(queries.len() > 10);
        for query in queries {
            let response = execute(&conn, &query, json!({ "after": null })).await;
            for error in response["errors"].as_array().into_iter().flatten() {
                let code = error["extensions"]["code"].as_str().unwrap_or("");
                assert!(
                    !COST_CODES.contains(&code) && code != "QUERY_TOO_DEEP",
                    "over the budget: {query}\n{error}"
                );
            }
        }
    }
);

db_test!(
    the_response_meter_stops_an_oversized_answer_with_its_size,
    |db| {
        let conn = db.with_bundled_data().await;
        let query = "{ citations(first: 100) { nodes { quote note record { id } } } }";
        let whole = execute(&conn, query, Value::Null).await;
        assert!(whole.get("errors").is_none(), "{whole}");
        let size = whole["data"].to_string().len() as u64;
        let limits = Limits {
            max_response_bytes: (size / 4) as usize,
            ..Limits::default()
        };
        let cut = execute_limited(&conn, &limits, query, Value::Null).await;
        let errors = cut["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{cut}");
        assert_eq!(errors[0]["extensions"]["code"], "RESPONSE_TOO_LARGE");
        assert!(cut["data"].is_null(), "{cut}");
        let (measured, limit) = (
            errors[0]["extensions"]["measured"].as_u64().unwrap(),
            errors[0]["extensions"]["limit"].as_u64().unwrap(),
        );
        assert_eq!(limit, size / 4);
        assert!(measured > limit, "{measured} of {size}");
        // lists inside lists are metered as they are built: a page of pages stops at the limit
        let nested = "{ organizations(first: 50) { nodes { name memberships(first: 50) { nodes { role label note member { ... on Person { name } ... on Organization { name } } } } } } }";
        let whole = execute(&conn, nested, Value::Null).await;
        assert!(whole.get("errors").is_none(), "{whole}");
        let size = whole["data"].to_string().len();
        let limits = Limits {
            max_response_bytes: size / 2,
            ..Limits::default()
        };
        let cut = execute_limited(&conn, &limits, nested, Value::Null).await;
        assert_eq!(
            cut["errors"][0]["extensions"]["code"], "RESPONSE_TOO_LARGE",
            "{cut}"
        );
        assert_eq!(cut["errors"].as_array().unwrap().len(), 1);
        // the default cap leaves ordinary answers alone, GraphiQL's introspection included
        let fine = execute(&conn, GRAPHIQL_INTROSPECTION, Value::Null).await;
        assert!(fine.get("errors").is_none());
    }
);

db_test!(forged_cursors_and_ids_are_bad_user_input_not_panics, |db| {
    let (conn, _) = counting(&db).await;
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let first = crate::helpers::data(
        &conn,
        "{ eventStats(groupBy: [DECADE], first: 1) { pageInfo { endCursor } } }",
    )
    .await;
    let real = first["eventStats"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap();
    // cursors are upper-case hex of their JSON (base64url before, still read)
    let hex = |s: &str| s.bytes().map(|b| format!("{b:02X}")).collect::<String>();
    let bytes: Vec<u8> = (0..real.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&real[i..i + 2], 16).unwrap())
        .collect();
    let decoded = String::from_utf8(bytes).unwrap();
    let mut cursors: Vec<String> = [
        "9223372036854775807",
        "-9223372036854775808",
        "1e400",
        "18446744073709551615",
    ]
    .iter()
    .flat_map(|n| {
        let forged = decoded.replace(":[0]", &format!(":[{n}]"));
        [hex(&forged), b64(&forged)]
    })
    .collect();
    cursors.push(hex("{\"o\":\"x\",\"k\":[\"a\\u0000\"]}"));
    cursors.push("7B".into());
    cursors.push("7BZZ".into());
    cursors.push("%%%".into());
    cursors.push("A".repeat(100_000));
    cursors.push(b64("{\"o\":\"x\",\"k\":[\"a\\u0000\"]}"));
    cursors.push(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([0xff, 0xfe, 0x00]));
    for cursor in &cursors {
        for query in [
            "query($c: String) { eventStats(groupBy: [DECADE], first: 5, after: $c) { nodes { count } } }",
            "query($c: String) { events(first: 5, after: $c) { nodes { slug } } }",
            "query($c: String) { search(text: \"music\", after: $c) { nodes { score } } }",
        ] {
            let response = execute(&conn, query, json!({ "c": cursor })).await;
            assert_eq!(
                response["errors"][0]["extensions"]["code"],
                "BAD_USER_INPUT",
                "{query} {}: {response}",
                &cursor[..cursor.len().min(80)]
            );
            let message = response["errors"][0]["message"].as_str().unwrap();
            assert!(message.len() < 300, "the message echoes the whole cursor");
        }
        let response = execute(
            &conn,
            "query($i: ID!) { node(id: $i) { id } }",
            json!({ "i": cursor }),
        )
        .await;
        assert_eq!(
            response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{response}"
        );
    }
    let nul_id = b64("Organization:a\u{0}b");
    let response = execute(
        &conn,
        "query($i: ID!) { node(id: $i) { id } }",
        json!({ "i": nul_id }),
    )
    .await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{response}"
    );
});

db_test!(limits_come_from_the_configuration, |db| {
    let conn = db.with_bundled_data().await;
    let limits = Limits {
        max_depth: 3,
        max_aliases: 1,
        ..Limits::default()
    };
    let run = |q: &'static str| execute_limited(&conn, &limits, q, Value::Null);
    let shallow = run("{ organizations { nodes { name } } }").await;
    assert!(shallow.get("errors").is_none(), "{shallow}");
    let deeper = run("{ organizations { nodes { country { name } } } }").await;
    assert_eq!(deeper["errors"][0]["extensions"]["code"], "QUERY_TOO_DEEP");
    assert_eq!(deeper["errors"][0]["extensions"]["measured"], 4);
    assert_eq!(deeper["errors"][0]["extensions"]["limit"], 3);
    let aliased =
        run("{ a: organizations { nodes { name } } b: persons { nodes { name } } }").await;
    assert_eq!(
        aliased["errors"][0]["extensions"]["code"],
        "TOO_MANY_ALIASES"
    );
});
