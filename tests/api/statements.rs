//! The number of SQL statements a request runs depends on the shape of the query, never on
//! the number of rows: every relation field goes through the DataLoader, and to-many pages
//! are loaded for all parents in one statement.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use coopgraph::domain::dataset;

use crate::helpers::{db_test, execute_resolvers, file};

/// Runs a query on the resolvers (these tests count the resolvers' statements) and returns
/// its `data`.
async fn data(db: &sea_orm::DatabaseConnection, query: &str) -> serde_json::Value {
    let response = execute_resolvers(db, query, serde_json::Value::Null).await;
    assert!(response.get("errors").is_none(), "{response:#}");
    response["data"].clone()
}

/// The nested query of the read-API issue.
const NESTED: &str = "{ events(first: 50) { nodes { title series { name organizers { nodes { name country { name } } } } places { nodes { role place { name } } } participants { nodes { role agent { ... on Organization { name country { name } } ... on Person { name } } } } } } }";

/// Relation fields selected in `NESTED` (series, organizers, country, places, place,
/// participants, agent, country) plus its one root field.
const BOUND: usize = 8 + 1;

const COUNTRIES: [&str; 6] = ["russia", "ussr", "belarus", "france", "usa", "armenia"];
const SERIES: [&str; 4] = [
    "cis-forums",
    "slavyanski-bazaar",
    "tours-abroad",
    "rcsc-programme",
];
const CITIES: [&str; 3] = ["moscow", "vitebsk", "ashgabat"];
const PEOPLE: [&str; 3] = ["kameneva", "trotsky", "kamenev"];

/// Ten times the bundled events, organizations and their links: each new event has a series,
/// two places and three participants; each new organization organizes a series.
fn ten_times() -> String {
    let src = "  src: ['story:57 | \"Warsaw\" and others']\n";
    let mut y = String::from("organizations:\n");
    for i in 0..780 {
        let country = COUNTRIES[i % COUNTRIES.len()];
        y += &format!(
            "- slug: x-org-{i}\n  name: Extra body {i}\n  kind: venue\n  country: {country}\n{src}"
        );
    }
    y += "events:\n";
    for i in 0..200 {
        let series = SERIES[i % SERIES.len()];
        y += &format!(
            "- slug: x-ev-{i}\n  title: Extra event {i}\n  kind: tour\n  series: {series}\n{src}"
        );
    }
    y += "participations:\n";
    for i in 0..200 {
        let person = PEOPLE[i % PEOPLE.len()];
        for (n, agent) in [
            format!("org.x-org-{i}"),
            format!("org.x-org-{}", i + 200),
            format!("per.{person}"),
        ]
        .iter()
        .enumerate()
        {
            y += &format!(
                "- slug: x-part-{i}-{n}\n  agent: {agent}\n  target: ev.x-ev-{i}\n  role: participant\n{src}"
            );
        }
    }
    for i in 400..780 {
        let series = SERIES[i % SERIES.len()];
        y += &format!(
            "- slug: x-org-part-{i}\n  agent: org.x-org-{i}\n  target: es.{series}\n  role: organizer\n{src}"
        );
    }
    y += "event_places:\n";
    for i in 0..200 {
        let city = CITIES[i % CITIES.len()];
        y += &format!(
            "- slug: x-ep-{i}-v\n  target: ev.x-ev-{i}\n  place: {city}\n  role: venue\n{src}"
        );
        y += &format!(
            "- slug: x-ep-{i}-o\n  target: ev.x-ev-{i}\n  place: {}\n  role: origin\n{src}",
            COUNTRIES[i % COUNTRIES.len()]
        );
    }
    y
}

/// A connection to the bundled dataset that counts the statements it runs (`SHOW_SQL=1`
/// prints them).
pub(crate) async fn counted(
    db: &crate::helpers::TestDb,
) -> (sea_orm::DatabaseConnection, Arc<AtomicUsize>) {
    let counter = Arc::new(AtomicUsize::new(0));
    let mut conn = coopgraph::db::connect(&db.config).await.unwrap();
    let seen = counter.clone();
    conn.set_metric_callback(move |info| {
        if std::env::var("SHOW_SQL").is_ok() {
            let sql = info.statement.to_string();
            eprintln!("SQL: {}", sql.chars().take(150).collect::<String>());
        }
        seen.fetch_add(1, Ordering::SeqCst);
    });
    coopgraph::db::migrate(&conn).await.unwrap();
    dataset::load_bundled_if_empty(&conn).await.unwrap();
    (conn, counter)
}

/// Runs `NESTED`, returns the statements it ran and the number of participants returned.
async fn run_counted(db: &sea_orm::DatabaseConnection, counter: &AtomicUsize) -> (usize, usize) {
    counter.store(0, Ordering::SeqCst);
    let out = data(db, NESTED).await;
    let statements = counter.load(Ordering::SeqCst);
    let events = out["events"]["nodes"].as_array().unwrap();
    let participants = events
        .iter()
        .map(|e| e["participants"]["nodes"].as_array().unwrap().len())
        .sum();
    (statements, participants)
}

db_test!(
    the_nested_events_query_runs_the_same_statements_with_ten_times_the_rows,
    |db| {
        let (conn, counter) = counted(&db).await;

        let (small, participants_small) = run_counted(&conn, &counter).await;
        eprintln!("bundled dataset: {small} statements, {participants_small} participants");
        assert!(
            small <= BOUND,
            "{small} statements; at most {BOUND} allowed"
        );

        dataset::import(&conn, &[file("more.yaml", &ten_times())])
            .await
            .unwrap();
        let (large, participants_large) = run_counted(&conn, &counter).await;
        eprintln!("ten times the rows: {large} statements, {participants_large} participants");
        assert!(
            participants_large > 3 * participants_small,
            "the page must hold the new rows"
        );
        assert_eq!(large, small, "statements with 10x the rows");
    }
);

db_test!(
    a_totals_page_costs_one_statement_more_and_only_when_asked,
    |db| {
        let (conn, counter) = counted(&db).await;

        counter.store(0, Ordering::SeqCst);
        data(
            &conn,
            "{ organizations(first: 50) { nodes { name memberships { nodes { role } } } } }",
        )
        .await;
        let without = counter.load(Ordering::SeqCst);
        counter.store(0, Ordering::SeqCst);
        data(&conn, "{ organizations(first: 50) { totalCount nodes { name memberships { totalCount nodes { role } } } } }").await;
        let with = counter.load(Ordering::SeqCst);
        assert_eq!(without, 2, "page + one batched memberships page");
        assert_eq!(with, 4, "plus one root count and one batched child count");
    }
);

db_test!(
    a_search_with_nested_records_runs_one_statement_per_type,
    |db| {
        let (conn, counter) = counted(&db).await;
        let q = r#"{ search(text: "soviet", first: 100) { nodes { score snippet record {
        ... on Organization { name country { name } }
        ... on Person { name nationality { name } }
        ... on Event { title series { name } }
        ... on EventSeries { name }
        ... on Work { title }
        ... on Place { name }
        ... on Citation { quote document { title } } } } } }"#;
        counter.store(0, Ordering::SeqCst);
        let out = data(&conn, q).await;
        let statements = counter.load(Ordering::SeqCst);
        let hits = out["search"]["nodes"].as_array().unwrap();
        let types: std::collections::HashSet<&str> = hits
            .iter()
            .map(|h| {
                if h["record"]["quote"].is_string() {
                    "citation"
                } else if h["record"]["title"].is_string() {
                    "titled"
                } else {
                    "named"
                }
            })
            .collect();
        eprintln!("search: {statements} statements for {} hits", hits.len());
        assert!(hits.len() >= 50, "{} hits", hits.len());
        assert!(types.len() == 3, "{types:?}");
        // the search, one batch per record type (7), one per relation (country, nationality,
        // series, document): never one per hit
        assert!(
            statements <= 1 + 7 + 4,
            "{statements} statements for {} hits",
            hits.len()
        );
    }
);

/// A connection to the bundled dataset that records the text of every statement it runs.
async fn recorded(
    db: &crate::helpers::TestDb,
) -> (
    sea_orm::DatabaseConnection,
    Arc<std::sync::Mutex<Vec<String>>>,
) {
    let (conn, _) = counted(db).await;
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut conn = conn;
    let log = seen.clone();
    conn.set_metric_callback(move |info| {
        log.lock().unwrap().push(info.statement.to_string());
    });
    (conn, seen)
}

db_test!(
    the_resolvers_read_only_the_columns_the_selection_needs,
    |db| {
        let (conn, seen) = recorded(&db).await;
        let out = data(
            &conn,
            r#"{ organizations(first: 5, orderBy: [{field: NAME}]) { nodes { name country { name } } }
                 a: event(slug: "cis-yso-moscow") { series { name } }
                 b: event(slug: "cis-yso-cis-tours") { series { description } } }"#,
        )
        .await;
        assert_eq!(out["organizations"]["nodes"].as_array().unwrap().len(), 5);
        assert!(out["a"]["series"]["name"].is_string(), "{out:#}");
        assert!(out["b"]["series"].get("description").is_some(), "{out:#}");
        let statements = seen.lock().unwrap().clone();
        let on = |table: &str| -> Vec<String> {
            statements
                .iter()
                .filter(|s| s.contains(&format!("FROM \"{table}\"")))
                .cloned()
                .collect()
        };
        for sql in statements.iter() {
            assert!(
                !sql.contains(".*"),
                "a statement selects every column: {sql}"
            );
        }
        let organizations = on("organization");
        assert!(!organizations.is_empty(), "{statements:#?}");
        for sql in &organizations {
            assert!(sql.contains("\"name\""), "{sql}");
            assert!(sql.contains("\"country_id\""), "{sql}");
            assert!(!sql.contains("\"description\""), "{sql}");
            assert!(!sql.contains("\"purpose\""), "{sql}");
        }
        // the places read for `country { name }`: the name, not the ISO codes
        for sql in on("place") {
            assert!(!sql.contains("\"iso_alpha2\""), "{sql}");
        }
        // one series read for two selections: one statement with both sets of columns
        let series = on("event_series");
        assert_eq!(series.len(), 1, "{series:#?}");
        assert!(series[0].contains("\"name\"") && series[0].contains("\"description\""));
    }
);

db_test!(
    a_selection_the_catalog_cannot_map_reads_every_column,
    |db| {
        let (conn, seen) = recorded(&db).await;
        data(
            &conn,
            r#"{ organizations(first: 2) { nodes { name lineage { depth } } } }"#,
        )
        .await;
        let statements = seen.lock().unwrap().clone();
        let page = statements
            .iter()
            .find(|s| s.contains("FROM \"organization\""))
            .unwrap();
        assert!(page.contains("\"description\""), "{page}");
    }
);
