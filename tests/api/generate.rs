//! The synthetic data generator on both databases: counts linear in the scale, the same rows
//! for the same seed on SQLite and PostgreSQL, and data the API can walk (a lineage of depth
//! 20, grouped counts, search).

use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;

use coopgraph::generate;

use crate::helpers::{data, db_test};

/// A digest of the generated rows that must not depend on the database.
async fn digest(conn: &sea_orm::DatabaseConnection) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for sql in [
        "SELECT id, slug, name, kind, founded, dissolved, country_id, parent_id, latest_start, earliest_end FROM organization ORDER BY id",
        "SELECT id, role, person_id, organization_id, event_id FROM participation ORDER BY id",
        "SELECT id, title, kind, series_id, date FROM event ORDER BY id",
    ] {
        let rows = conn
            .query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
            .await
            .unwrap();
        for row in rows {
            for i in 0.. {
                let text = match row.try_get_by_index::<Option<String>>(i) {
                    Ok(v) => format!("{v:?}"),
                    Err(_) => match row.try_get_by_index::<Option<i32>>(i) {
                        Ok(v) => format!("{v:?}"),
                        Err(_) => break,
                    },
                };
                h.update(text.as_bytes());
                h.update(b"|");
            }
        }
    }
    format!("{:x}", h.finalize())
}

db_test!(the_generator_writes_the_same_rows_on_both_databases, |db| {
    let conn = db.connect().await;
    let report = generate::generate(&conn, 0.01, 42).await.unwrap();
    let counts: std::collections::HashMap<&str, u64> = report.tables.iter().copied().collect();
    assert_eq!(counts["organization"], 200);
    assert_eq!(counts["event"], 1_000);
    assert_eq!(
        counts["participation"],
        5_000 + 20 * 5,
        "five per event and per series"
    );
    assert_eq!(counts["citation"], 1_000);
    assert!(report.rate() > 0.0);
    // the same scale and seed give the same rows, whatever the database
    assert_eq!(
        digest(&conn).await,
        "9918bf389aa900a48a4fecc94477e717f0260f01b1d4f2d37a2fbcd37fcbad23",
        "rows differ from the recorded digest"
    );

    // the API walks the synthetic data: a lineage 20 steps long, grouped counts, search
    let out = data(
        &conn,
        r#"{ organization(slug: "syn42-org-0") { lineage(direction: SUCCESSORS, maxDepth: 50) { depth } }
             eventStats(groupBy: [VENUE_COUNTRY], first: 100) { totalCount nodes { count } }
             search(text: "society", types: [ORGANIZATION]) { totalCount } }"#,
    )
    .await;
    let depths: Vec<i64> = out["organization"]["lineage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["depth"].as_i64().unwrap())
        .collect();
    assert!(
        depths.iter().max().copied().unwrap_or(0) >= 20,
        "{depths:?}"
    );
    let total: i64 = out["eventStats"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["count"].as_i64().unwrap())
        .sum();
    assert_eq!(
        total, 1_000,
        "one venue per event: every event counted once"
    );
    assert_eq!(out["search"]["totalCount"], Value::from(200));

    // the same seed again collides on slugs: the load fails and leaves everything as it was,
    // constraints included (on PostgreSQL they are dropped inside the load's transaction)
    let count = |sql: &'static str| {
        let conn = conn.clone();
        async move {
            let row = conn
                .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        }
    };
    let rows_before = count("SELECT CAST(COUNT(*) AS BIGINT) FROM participation").await;
    let keys = "SELECT CAST(COUNT(*) AS BIGINT) FROM pg_constraint WHERE contype = 'f'";
    let postgres = conn.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    let keys_before = if postgres { count(keys).await } else { 0 };
    assert!(generate::generate(&conn, 0.01, 42).await.is_err());
    assert_eq!(
        count("SELECT CAST(COUNT(*) AS BIGINT) FROM participation").await,
        rows_before
    );
    if postgres {
        assert_eq!(count(keys).await, keys_before);
        assert!(keys_before >= 20);
    }
});
