//! Every kind of bad input is rejected with the file, record and field named, and leaves the
//! database exactly as it was.

use coopgraph::domain::dataset::{self, ImportError, Issue};
use sea_orm::DatabaseConnection;

use crate::helpers::{db_test, file};

const VALID_ORG: &str = "- slug: new-body\n  name: A new body\n  kind: venue\n  src: ['story:57 | \"Warsaw\" and others']\n";

/// Imports `content` as `bad.yaml`, expects it rejected and the database unchanged.
async fn rejected(conn: &DatabaseConnection, content: &str) -> Vec<Issue> {
    let before = dataset::export(conn).await.unwrap();
    let err = dataset::import(conn, &[file("bad.yaml", content)])
        .await
        .expect_err("the input must be rejected");
    let ImportError::Invalid(issues) = err else {
        panic!("expected validation issues, got {err}")
    };
    assert!(!issues.is_empty());
    assert!(issues.iter().all(|i| i.file == "bad.yaml"), "{issues:?}");
    assert_eq!(
        dataset::export(conn).await.unwrap(),
        before,
        "the database changed"
    );
    issues
}

fn has(issues: &[Issue], slug: &str, field: Option<&str>, reason: &str) -> bool {
    issues.iter().any(|i| {
        i.slug.as_deref() == Some(slug)
            && field.is_none_or(|f| i.field.as_deref().is_some_and(|got| got.contains(f)))
            && i.to_string().contains(reason)
    })
}

db_test!(
    each_bad_input_is_rejected_naming_the_record_and_field,
    |db| {
        let conn = db.with_bundled_data().await;

        let issues = rejected(&conn, "organizations:\n- slug: x\n  name: [unclosed\n").await;
        assert!(issues[0].reason.contains("malformed YAML"), "{issues:?}");

        let cases: &[(&str, &str, Option<&str>, &str)] = &[
            (
                "- slug: odd\n  name: Odd\n  kind: venue\n  colour: red\n  src: ['story:57 | \"Warsaw\" and others']\n",
                "odd",
                None,
                "unknown field `colour`",
            ),
            (
                "- slug: nameless\n  kind: venue\n  src: ['story:57 | \"Warsaw\" and others']\n",
                "nameless",
                None,
                "missing field `name`",
            ),
            (
                "- slug: galaxy\n  name: G\n  kind: galaxy\n  src: ['story:57 | \"Warsaw\" and others']\n",
                "galaxy",
                Some("kind"),
                "unknown variant `galaxy`",
            ),
            (
                "- slug: lost\n  name: L\n  kind: venue\n  country: atlantis\n  src: ['story:57 | \"Warsaw\" and others']\n",
                "lost",
                Some("country"),
                "no place with slug `atlantis`",
            ),
            (
                "- slug: early\n  name: E\n  kind: venue\n  founded: '1925-13'\n  src: ['story:57 | \"Warsaw\" and others']\n",
                "early",
                Some("founded"),
                "not valid EDTF",
            ),
            (
                "- slug: misquoted\n  name: M\n  kind: venue\n  src: ['story:57 | a sentence that is not there']\n",
                "misquoted",
                Some("src[0]"),
                "quote not found on line 57",
            ),
            (
                "- slug: Bad_Slug\n  name: B\n  kind: venue\n  src: ['story:57 | \"Warsaw\" and others']\n",
                "Bad_Slug",
                Some("slug"),
                "lowercase",
            ),
        ];
        for (record, slug, field, reason) in cases {
            let content = format!("organizations:\n{VALID_ORG}{record}");
            let issues = rejected(&conn, &content).await;
            assert!(has(&issues, slug, *field, reason), "{slug}: {issues:?}");
        }

        let duplicate = format!("organizations:\n{VALID_ORG}{VALID_ORG}");
        let issues = rejected(&conn, &duplicate).await;
        assert!(
            has(&issues, "new-body", Some("slug"), "duplicate slug"),
            "{issues:?}"
        );

        let cycle = "successions:\n- slug: back-to-the-start\n  predecessor: rossotrudnichestvo\n  successor: auscr\n  kind: renamed\n  src: ['story:6 | The organization started off as All-Union Society for Cultural Relations in 1925']\n";
        let issues = rejected(&conn, cycle).await;
        assert!(
            has(
                &issues,
                "back-to-the-start",
                Some("successor"),
                "succession cycle"
            ),
            "{issues:?}"
        );
    }
);

db_test!(every_problem_is_reported_not_only_the_first, |db| {
    let conn = db.with_bundled_data().await;
    let content = "organizations:\n\
        - slug: one\n  name: One\n  kind: venue\n  country: nowhere\n  src: ['story:57 | \"Warsaw\" and others']\n\
        - slug: two\n  name: Two\n  kind: venue\n  founded: 'soon'\n  src: ['story:57 | \"Warsaw\" and others']\n\
        - slug: three\n  name: Three\n  kind: venue\n  src: ['story:57 | nowhere in the text']\n";
    let issues = rejected(&conn, content).await;
    assert!(
        has(&issues, "one", Some("country"), "nowhere"),
        "{issues:?}"
    );
    assert!(has(&issues, "two", Some("founded"), "EDTF"), "{issues:?}");
    assert!(
        has(&issues, "three", Some("src"), "quote not found"),
        "{issues:?}"
    );

    let parse_errors = "persons:\n- slug: a\n  kind: wrong\n- slug: b\n  name: B\n  extra: 1\n";
    let issues = rejected(&conn, parse_errors).await;
    assert!(
        issues.len() >= 2 && has(&issues, "a", None, "") && has(&issues, "b", None, "extra"),
        "{issues:?}"
    );
});

db_test!(a_relation_cannot_point_at_a_relation_or_a_statistic, |db| {
    let conn = db.with_bundled_data().await;
    let content = "relations:\n\
        - slug: about-a-relation\n  subject: rel.fw-italy\n  predicate: named_after\n  object: org.auscr\n  src: ['story:57 | named after the capital cities']\n";
    let issues = rejected(&conn, content).await;
    assert!(
        has(
            &issues,
            "about-a-relation",
            Some("subject"),
            "must start with one of"
        ),
        "{issues:?}"
    );
});

db_test!(
    changing_a_document_so_that_stored_quotes_vanish_is_rejected,
    |db| {
        let conn = db.with_bundled_data().await;
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("data/sources/001_17d68c8521a130b9.txt"),
        )
        .unwrap()
        .replace("Slavyanski Bazaar", "Slavianski Bazaar");
        let content = format!(
            "documents:\n- slug: compendium\n  title: 'Russia/ 3.4 International cultural co-operation — 3.4.4 Direct professional co-operation'\n  file_name: 001_17d68c8521a130b9.txt\n  text: {}\n  src: ['compendium:4 | Russia/ 3.4 International cultural co-operation']\n",
            serde_json::to_string(&text).unwrap()
        );
        let issues = rejected(&conn, &content).await;
        assert!(
            issues
                .iter()
                .any(|i| i.reason.contains("no longer has this quote on line 8")
                    && i.reason.contains("Slavyanski")),
            "{issues:?}"
        );
    }
);
