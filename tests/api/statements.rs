//! The number of SQL statements a request runs depends on the shape of the query, never on
//! the number of rows: relation fields go through DataLoaders.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_graphql::Request;
use coopgraph::domain::dataset;
use coopgraph::graphql::{build_schema, request_loaders};
use serde_json::Value;

use crate::helpers::{db_test, file};

/// The nested query, on the page after `after`.
fn query(after: usize) -> String {
    format!(
        "{{ organizations(first: 50, after: \"{after}\") {{ totalCount edges {{ node {{ name country {{ name isoAlpha2 }} }} }} }} }}"
    )
}

/// Runs the query and returns (statements run, organizations returned with a country).
async fn run_counted(
    db: &sea_orm::DatabaseConnection,
    counter: &AtomicUsize,
    after: usize,
) -> (usize, usize) {
    let schema = build_schema(db.clone());
    counter.store(0, Ordering::SeqCst);
    let response = schema
        .execute(Request::new(query(after)).data(request_loaders(db)))
        .await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let statements = counter.load(Ordering::SeqCst);
    let data = response.data.into_json().unwrap();
    let edges = data["organizations"]["edges"].as_array().unwrap().clone();
    let with_country = edges
        .iter()
        .filter(|e| e["node"]["country"] != Value::Null)
        .count();
    (statements, with_country)
}

/// A file with `n` more organizations, each in one of the bundled countries.
fn more_organizations(n: usize) -> String {
    let countries = [
        "russia",
        "ussr",
        "belarus",
        "ukraine",
        "france",
        "usa",
        "kazakhstan",
        "armenia",
    ];
    let mut yaml = String::from("organizations:\n");
    for i in 0..n {
        yaml.push_str(&format!(
            "- slug: extra-{i}\n  name: Extra body {i}\n  kind: venue\n  country: {}\n  src: ['story:57 | \"Warsaw\" and others']\n",
            countries[i % countries.len()]
        ));
    }
    yaml
}

db_test!(
    a_nested_page_runs_the_same_statements_with_ten_times_the_rows,
    |db| {
        let counter = Arc::new(AtomicUsize::new(0));
        let mut conn = coopgraph::db::connect(&db.config).await.unwrap();
        let seen = counter.clone();
        conn.set_metric_callback(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
        });
        coopgraph::db::migrate(&conn).await.unwrap();
        dataset::load_bundled_if_empty(&conn).await.unwrap();

        let (small, with_country) = run_counted(&conn, &counter, 0).await;
        assert!(
            with_country > 20,
            "the page must exercise the country relation: {with_country}"
        );
        // one page query, one count, one batched place lookup
        assert_eq!(small, 3, "statements for the bundled dataset");

        dataset::import(&conn, &[file("more.yaml", &more_organizations(700))])
            .await
            .unwrap();
        // a page deep among the new rows: 50 organizations, every one with a country
        let (large, with_country) = run_counted(&conn, &counter, 500).await;
        assert_eq!(with_country, 50);
        assert_eq!(large, small, "statements with 10x the organizations");
    }
);
