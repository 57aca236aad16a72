//! The search relevance set (`tests/relevance.tsv`): each query as people type it, with the
//! record expected first. Reports top-1, top-3 and mean reciprocal rank on both databases and
//! fails below 90 % top-1 or 98 % top-3; a query that must find nothing must find nothing.

use crate::helpers::db_test;

const SET: &str = include_str!("../relevance.tsv");

/// (query, expected `Type:slug` or `None`).
fn cases() -> Vec<(&'static str, Option<&'static str>)> {
    SET.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let query = cols.next().unwrap();
            let expected = cols.next().expect("an expected record");
            (query, (expected != "-").then_some(expected))
        })
        .collect()
}

db_test!(the_relevance_set_finds_the_record_people_mean, |db| {
    let conn = db.with_bundled_data().await;
    let cases = cases();
    assert!(cases.len() >= 60, "{} queries", cases.len());
    let (mut top1, mut top3, mut rr, mut misses) = (0, 0, 0.0, Vec::new());
    for (query, expected) in &cases {
        let q = "query($t: String!) { search(text: $t, first: 10) { nodes { record { \
                 __typename ... on Node { slug } } } } }";
        let out = crate::helpers::execute(&conn, q, serde_json::json!({ "t": query })).await;
        assert!(out.get("errors").is_none(), "{query}: {out:#}");
        let found: Vec<String> = out["data"]["search"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                format!(
                    "{}:{}",
                    h["record"]["__typename"].as_str().unwrap(),
                    h["record"]["slug"].as_str().unwrap()
                )
            })
            .collect();
        let rank = match expected {
            None => found.is_empty().then_some(0),
            Some(e) => found.iter().position(|f| f == e),
        };
        match rank {
            Some(r) => {
                top1 += usize::from(r == 0);
                top3 += usize::from(r < 3);
                rr += 1.0 / (r + 1) as f64;
                if r > 0 {
                    misses.push(format!("{query}: {expected:?} at {}: {found:?}", r + 1));
                }
            }
            None => misses.push(format!("{query}: {expected:?} not found: {found:?}")),
        }
    }
    let n = cases.len() as f64;
    let (p1, p3, mrr) = (top1 as f64 / n, top3 as f64 / n, rr / n);
    eprintln!(
        "relevance ({} queries): top-1 {:.1}%, top-3 {:.1}%, MRR {:.3}",
        cases.len(),
        p1 * 100.0,
        p3 * 100.0,
        mrr
    );
    for m in &misses {
        eprintln!("  {m}");
    }
    assert!(p1 >= 0.90, "top-1 {p1:.3}: {misses:#?}");
    assert!(p3 >= 0.98, "top-3 {p3:.3}: {misses:#?}");
    for (query, expected) in &cases {
        if expected.is_none() {
            assert!(
                !misses.iter().any(|m| m.starts_with(&format!("{query}:"))),
                "{query} must find nothing"
            );
        }
    }
});
