//! Property tests (proptest, a bounded number of cases): decoding cursors and ids, the
//! pre-parse scan, and compiling filters never panic, and what they accept round-trips or
//! runs. Any input a client can send reaches these functions.

use coopgraph::domain::listing::{Cursor, KeyValue};
use coopgraph::graphql::budget::scan::scan;
use coopgraph::graphql::node::{decode_id, encode_id};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestDb};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn key() -> impl Strategy<Value = KeyValue> {
    prop_oneof![
        any::<i64>().prop_map(KeyValue::Int),
        "[^\u{0}]{0,40}".prop_map(KeyValue::Text),
    ]
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_text_decodes_to_a_cursor_or_to_nothing(text in any::<String>()) {
        let _ = Cursor::decode(&text);
    }

    #[test]
    fn any_base64_of_json_decodes_without_panic(json in "[\\[\\]{}\":,0-9a-zA-Z\\\\ .eE+-]{0,80}") {
        use base64::Engine as _;
        let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
        let _ = Cursor::decode(&text);
    }

    #[test]
    fn cursors_round_trip(order in "[a-z,-]{0,30}", keys in prop::collection::vec(key(), 0..5)) {
        let cursor = Cursor { order, keys };
        prop_assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
    }

    #[test]
    fn any_id_decodes_or_is_bad_user_input(text in any::<String>()) {
        let _ = decode_id(&async_graphql::ID(text), Some("Organization"));
    }

    #[test]
    fn ids_round_trip(ty in "[A-Z][a-zA-Z]{0,20}", slug in "[^\u{0}]{0,40}") {
        let id = encode_id(&ty, &slug);
        let decoded = decode_id(&id, None).map_err(|e| e.message().to_owned());
        prop_assert_eq!(decoded, Ok((ty, slug)));
    }

    #[test]
    fn the_scan_takes_any_text(text in any::<String>()) {
        let s = scan(&text);
        prop_assert_eq!(s.chars, text.chars().count());
        prop_assert!(s.tokens <= s.chars);
    }

    #[test]
    fn the_scan_measures_nesting_outside_strings_and_comments(
        depth in 0usize..200,
        noise in "[^\"#\\\\{}\\[\\]()\r\n]{0,20}",
    ) {
        // brackets inside a string and a comment must not count
        let query = format!(
            "{}x(s: \"{{[( {noise}\") # {{{{ {noise}\n{}",
            "{ a ".repeat(depth),
            "}".repeat(depth)
        );
        prop_assert_eq!(scan(&query).nesting, depth + 1);
    }
}

/// A random filter over organizations: nested `and` / `or` / `not`, string filters with
/// arbitrary text (quotes, wildcards, SQL), related-record and list filters.
fn filter() -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        any::<String>().prop_map(|s| s.replace('\0', "")),
        Just("' OR 1=1 --".to_owned()),
        Just("%_\\".to_owned()),
        Just("auscr".to_owned()),
    ];
    let string_filter = (
        prop::sample::select(vec![
            "eq",
            "ne",
            "contains",
            "startsWith",
            "eqCi",
            "containsCi",
            "startsWithCi",
        ]),
        text,
    )
        .prop_map(|(op, v)| json!({ op: v }));
    let leaf = prop_oneof![
        string_filter.clone().prop_map(|f| json!({ "name": f })),
        string_filter.clone().prop_map(|f| json!({ "slug": f })),
        string_filter.prop_map(|f| json!({ "country": { "name": f } })),
        any::<i32>().prop_map(|n| json!({ "foundedYearFrom": { "gte": n } })),
        any::<i32>().prop_map(|n| json!({ "activeIn": n })),
        prop::collection::vec(any::<i32>(), 0..20)
            .prop_map(|v| json!({ "foundedYearFrom": { "in": v } })),
        Just(json!({ "memberships": { "some": { "role": { "eq": "MEMBER" } } } })),
    ];
    leaf.prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| json!({ "and": v })),
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| json!({ "or": v })),
            inner.prop_map(|f| json!({ "not": f })),
        ]
    })
}

fn filters_compile_and_run(backend: Backend) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let Some(db) = runtime.block_on(TestDb::new(backend)) else {
        return;
    };
    let conn = runtime.block_on(db.with_bundled_data());
    let query = "query($f: OrganizationFilter) { organizations(filter: $f, first: 100) { totalCount nodes { slug } } }";
    let all = runtime.block_on(crate::helpers::data(
        &conn,
        "{ organizations { totalCount } }",
    ));
    let total = all["organizations"]["totalCount"].as_u64().unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(config(48));
    runner
        .run(&filter(), |f| {
            let response =
                runtime.block_on(crate::helpers::execute(&conn, query, json!({ "f": f })));
            match response["errors"][0]["extensions"]["code"].as_str() {
                None => {
                    let n = response["data"]["organizations"]["totalCount"]
                        .as_u64()
                        .unwrap();
                    prop_assert!(n <= total, "{} of {}", n, total);
                }
                Some("BAD_USER_INPUT" | "FILTER_TOO_LARGE" | "QUERY_TOO_DEEP") => {}
                Some(other) => prop_assert!(false, "{other}: {response}"),
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn random_filters_compile_and_run_on_sqlite() {
    filters_compile_and_run(Backend::Sqlite);
}

#[test]
fn random_filters_compile_and_run_on_postgres() {
    filters_compile_and_run(Backend::Postgres);
}
