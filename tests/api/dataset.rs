use std::collections::HashMap;

use sea_orm::EntityTrait;
use serde_json::Value;

use coopgraph::domain::dataset::{self, Counts, bundled};
use coopgraph::entities::{citation, source_document};

use crate::helpers::{db_test, file};

/// Expected rows per table, counted from the bundled files themselves.
fn expected_counts() -> HashMap<&'static str, u64> {
    let ds = dataset::bundled_dataset().expect("bundled dataset parses");
    let json = serde_json::to_value(&ds).unwrap();
    let len = |section: &str| {
        json.get(section)
            .and_then(Value::as_array)
            .map_or(0, |a| a.len() as u64)
    };
    let (mut names, mut cites) = (0, 0);
    for records in json.as_object().unwrap().values() {
        for record in records.as_array().unwrap() {
            cites += record
                .get("src")
                .and_then(Value::as_array)
                .map_or(0, |a| a.len() as u64);
            for name in record
                .get("names")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                names += 1;
                cites += name
                    .get("src")
                    .and_then(Value::as_array)
                    .map_or(0, |a| a.len() as u64);
            }
        }
    }
    HashMap::from([
        ("source_document", len("source_documents")),
        ("place", len("places")),
        ("place_part", len("place_parts")),
        ("organization", len("organizations")),
        ("person", len("persons")),
        ("event_series", len("event_series")),
        ("event", len("events")),
        ("work", len("works")),
        ("membership", len("memberships")),
        ("succession", len("successions")),
        ("participation", len("participations")),
        ("event_place", len("event_places")),
        ("relation", len("relations")),
        ("statistic", len("statistics")),
        ("name_variant", names),
        ("citation", cites),
    ])
}

#[test]
fn the_bundled_dataset_holds_every_record_of_the_checklist() {
    let expected = expected_counts();
    let checklist = [
        ("source_document", 2),
        ("place", 52),
        ("place_part", 19),
        ("organization", 78),
        ("person", 28),
        ("membership", 34),
        ("succession", 6),
        ("work", 5),
        ("event_series", 20),
        ("event", 20),
        ("participation", 40),
        ("event_place", 31),
        ("relation", 46),
        ("statistic", 12),
        ("name_variant", 46),
    ];
    for (table, count) in checklist {
        assert_eq!(expected[table], count, "{table}");
    }
    assert!(
        expected["citation"] >= 401,
        "about 400 quotes and more: {}",
        expected["citation"]
    );
}

db_test!(
    the_bundled_dataset_loads_and_the_counts_match_the_files,
    |db| {
        let conn = db.with_bundled_data().await;
        let expected = expected_counts();
        let counts = dataset::table_counts(&conn).await.unwrap();
        assert_eq!(counts.len(), expected.len());
        for (table, count) in counts {
            assert_eq!(count, expected[table], "rows in {table}");
        }
    }
);

db_test!(every_citation_quote_is_on_its_line_of_its_document, |db| {
    let conn = db.with_bundled_data().await;
    let docs: HashMap<i32, String> = source_document::Entity::find()
        .all(&conn)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.id, d.text))
        .collect();
    let mut quoted = 0;
    for c in citation::Entity::find().all(&conn).await.unwrap() {
        let Some(quote) = c.quote else { continue };
        let text = &docs[&c.document_id.expect("a quote has a document")];
        let line = text
            .lines()
            .nth(c.line.expect("a quote has a line") as usize - 1)
            .expect("line exists");
        assert!(line.contains(&quote), "{} not on its line: {quote}", c.slug);
        quoted += 1;
    }
    assert!(quoted >= 401, "{quoted} quotes");
});

db_test!(importing_the_same_files_twice_changes_nothing, |db| {
    let conn = db.connect().await;
    let first = dataset::import(&conn, &bundled::files()).await.unwrap();
    assert_eq!(
        first.total(),
        Counts {
            created: 393,
            updated: 0,
            unchanged: 0
        }
    );
    let again = dataset::import(&conn, &bundled::files()).await.unwrap();
    assert_eq!(
        again.total(),
        Counts {
            created: 0,
            updated: 0,
            unchanged: 393
        }
    );
});

db_test!(a_changed_record_is_updated_and_reported, |db| {
    let conn = db.with_bundled_data().await;
    let edit = "organizations:\n- slug: cinema-warsaw\n  name: 'cinema \"Warszawa\"'\n  kind: venue\n  src: ['story:57 | \"Warsaw\" and others']\n";
    let report = dataset::import(&conn, &[file("edit.yaml", edit)])
        .await
        .unwrap();
    assert_eq!(
        report.sections["organizations"],
        Counts {
            created: 0,
            updated: 1,
            unchanged: 0
        }
    );
    let yaml = dataset::export(&conn).await.unwrap();
    assert!(yaml.contains("cinema \\\"Warszawa\\\"") || yaml.contains("cinema \"Warszawa\""));
    let same = dataset::import(&conn, &[file("edit.yaml", edit)])
        .await
        .unwrap();
    assert_eq!(
        same.sections["organizations"],
        Counts {
            created: 0,
            updated: 0,
            unchanged: 1
        }
    );
});

db_test!(
    export_then_import_into_an_empty_database_then_export_is_identical,
    |db| {
        let conn = db.with_bundled_data().await;
        let first = dataset::export(&conn).await.unwrap();
        assert!(first.contains("slug: rossotrudnichestvo"));

        let empty = crate::helpers::TestDb::new(crate::helpers::Backend::Sqlite)
            .await
            .unwrap();
        let other = empty.connect().await;
        let report = dataset::import(&other, &[file("export.yaml", &first)])
            .await
            .unwrap();
        assert_eq!(report.total().created, 393);
        let second = dataset::export(&other).await.unwrap();
        assert!(first == second, "export → import → export differs");
    }
);

db_test!(child_slugs_never_collide_with_record_slugs, |db| {
    let conn = db.connect().await;
    dataset::import(&conn, &bundled::files()[..1])
        .await
        .unwrap();
    let content = "places:\n\
        - slug: foo\n  kind: region\n  name: Foo\n  names: [{name: F, kind: short, basis: external}]\n  src: ['story:57 | \"Warsaw\" and others']\n\
        - slug: foo-name-1\n  kind: region\n  name: Foo 1\n  names: [{name: F1, kind: short, basis: external}]\n  src: ['story:57 | \"Warsaw\" and others']\n";
    let report = dataset::import(&conn, &[file("places.yaml", content)])
        .await
        .unwrap();
    assert_eq!(report.sections["places"].created, 2);
});
