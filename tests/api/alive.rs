//! One meaning of "alive in a year" (`coopgraph::domain::alive`): the derived bounds of each
//! rule, the filters and the as-of fields agreeing on them, inherited roles, and the display
//! rules the dataset checker enforces.

use coopgraph::domain::dataset::{self, ImportError};
use serde_json::{Value, json};

use crate::helpers::{data, db_test, file, slugs};

/// The lifespan of the record `slug` looked up by the root field `one`.
async fn lifespan(conn: &sea_orm::DatabaseConnection, one: &str, slug: &str) -> Value {
    let q = format!(
        "{{ {one}(slug: \"{slug}\") {{ lifespan {{ from to certainFrom certainTo endBasis endDerived endDerivedFrom }} }} }}"
    );
    data(conn, &q).await[one]["lifespan"].clone()
}

db_test!(each_rule_derives_its_bounds_and_says_so, |db| {
    let conn = db.with_bundled_data().await;
    let org = |slug| lifespan(&conn, "organization", slug);
    // rule 1: a stated end
    assert_eq!(
        org("auscr").await,
        json!({"from": 1925, "to": 1958, "certainFrom": 1925, "certainTo": 1958,
               "endBasis": "STATED", "endDerived": false, "endDerivedFrom": null})
    );
    // rule 2: the CFA ends where the AUSCR it was the prototype of begins
    assert_eq!(
        org("cfa").await,
        json!({"from": 1923, "to": 1925, "certainFrom": 1925, "certainTo": 1925,
               "endBasis": "SUCCESSION", "endDerived": true, "endDerivedFrom": "suc.cfa-auscr"})
    );
    // the USFS's end is stated (April 1992): its successions do not override it
    assert_eq!(org("usfs").await["endBasis"], "STATED");
    // rule 3: spoken of as current in the story, written in 2015
    let rt = org("rossotrudnichestvo").await;
    assert_eq!(
        (rt["to"].clone(), rt["certainTo"].clone()),
        (Value::Null, json!(2015))
    );
    assert_eq!(rt["endBasis"], "CURRENT");
    // rule 4: a department ends with its body, and so does a centre of the RusInterCentre;
    // a post ends with its body
    let centre = org("centre-usa").await;
    assert_eq!(
        (centre["to"].clone(), centre["endDerivedFrom"].clone()),
        (json!(2008), json!("org.rusintercentre"))
    );
    let dept = org("auscr-dept-literature").await;
    assert_eq!(
        (
            dept["to"].clone(),
            dept["endBasis"].clone(),
            dept["endDerivedFrom"].clone()
        ),
        (json!(1958), json!("BODY"), json!("org.auscr"))
    );
    let chair = lifespan(&conn, "membership", "kameneva-chair-auscr").await;
    assert_eq!(
        (
            chair["from"].clone(),
            chair["to"].clone(),
            chair["endBasis"].clone()
        ),
        (json!(1925), json!(1958), json!("BODY")),
        "{chair}"
    );
    // rule 5: a Soviet body with no end ends with the USSR; so does its head's post
    let government = org("soviet-government").await;
    assert_eq!(
        (government["to"].clone(), government["endBasis"].clone()),
        (json!(1991), json!("STATE"))
    );
    let head = lifespan(&conn, "membership", "kamenev-head-soviet-government").await;
    assert_eq!(head["to"], 1991);
    // an open end with nothing to bound it stays open
    let raic = org("raic").await;
    assert_eq!(
        (raic["to"].clone(), raic["endBasis"].clone()),
        (Value::Null, json!("OPEN"))
    );
});

db_test!(the_filters_and_the_as_of_fields_give_one_answer, |db| {
    let conn = db.with_bundled_data().await;
    for (year, certainty) in [
        (1924, "POSSIBLY"),
        (1930, "POSSIBLY"),
        (1960, "CERTAINLY"),
        (2000, "POSSIBLY"),
        (2000, "CERTAINLY"),
        (2015, "CERTAINLY"),
    ] {
        // "who headed a body in Y": its postsIn and the memberships filter agree
        let q = format!(
            "{{ organizations(first: 100) {{ nodes {{ slug postsIn(year: {year}, certainty: {certainty}) {{ nodes {{ slug }} }} }} }} }}"
        );
        let mut by_posts: Vec<String> = data(&conn, &q).await["organizations"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|o| o["postsIn"]["nodes"].as_array().unwrap().clone())
            .map(|n| n["slug"].as_str().unwrap().to_owned())
            .collect();
        by_posts.sort();
        let mut by_filter = slugs(
            &conn,
            "memberships",
            &format!("{{activeIn: {year}, certainty: {certainty}, role: {{in: [CHAIR, HEAD]}}}}"),
        )
        .await;
        by_filter.sort();
        assert_eq!(by_posts, by_filter, "{year} {certainty}");
    }
    // the question of the issue: heads in 2000 no longer include the AUSCR's and the
    // USFS's chairs, whose bodies had ended
    let heads = slugs(
        &conn,
        "memberships",
        "{activeIn: 2000, role: {in: [CHAIR, HEAD]}}",
    )
    .await;
    assert!(
        !heads.contains(&"kameneva-chair-auscr".to_owned()),
        "{heads:?}"
    );
    assert!(
        !heads.contains(&"popova-chair-usfs".to_owned()),
        "{heads:?}"
    );
    assert!(heads.contains(&"tereshkova-head-rusintercentre".to_owned()));
    // nameIn and lineageAt: the AUSCR's lineage in 1970 is the USFS alone
    let out = data(
        &conn,
        r#"{ organization(slug: "auscr") { lineageAt(year: 1970) { slug } }
             cfa: organization(slug: "cfa") { nameIn(year: 1970) } }"#,
    )
    .await;
    assert_eq!(out["organization"]["lineageAt"], json!([{"slug": "usfs"}]));
    assert_eq!(out["cfa"]["nameIn"], Value::Null);
});

db_test!(
    events_inherit_the_roles_of_their_series_and_relations,
    |db| {
        let conn = db.with_bundled_data().await;
        // one filter answers "events at the AUSCR's invitation"
        let invited = slugs(
            &conn,
            "events",
            r#"{participants: {some: {role: {eq: INVITER}, organization: {slug: {eq: "auscr"}}}}}"#,
        )
        .await;
        assert_eq!(invited.len(), 5, "{invited:?}");
        assert!(invited.contains(&"visit-tagore".to_owned()));
        let out = data(
        &conn,
        r#"{ event(slug: "visit-tagore") { participants(first: 20) { nodes { role derivedFrom organization { slug } } } } }"#,
    )
    .await;
        let inviter: Vec<&Value> = out["event"]["participants"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["role"] == "INVITER")
            .collect();
        assert_eq!(
            inviter,
            [
                &json!({"role": "INVITER", "derivedFrom": "part.auscr-invited-visits-inviter-auscr", "organization": {"slug": "auscr"}})
            ]
        );
        // inherited roles are not dataset records: not exported, not counted
        let exported = dataset::export(&conn).await.unwrap();
        assert!(!exported.contains("-inherits-"));
        let counts = dataset::table_counts(&conn).await.unwrap();
        let participations = counts
            .iter()
            .find(|(t, _)| *t == "participation")
            .unwrap()
            .1;
        assert_eq!(participations, 40);
        // a series' performer is each event's own, not inherited
        let performers = slugs(
            &conn,
            "events",
            r#"{participants: {some: {role: {eq: PERFORMER}, derivedFrom: {isNull: false}}}}"#,
        )
        .await;
        assert!(performers.is_empty(), "{performers:?}");
    }
);

db_test!(names_the_sources_do_not_give_are_labels, |db| {
    let conn = db.with_bundled_data().await;
    let out = data(
        &conn,
        r#"{ a: organization(slug: "vau-am") { name label nameStatus nameIn(year: 2013) }
             c: organization(slug: "fs-cuba") { name label nameStatus }
             u: organization(slug: "usfs") { name nameStatus curatorNote } }"#,
    )
    .await;
    assert_eq!(
        out["a"],
        json!({"name": null, "label": "Visual artists' union of Armenia", "nameStatus": "NOT_GIVEN", "nameIn": null})
    );
    assert_eq!(
        out["c"],
        json!({"name": "Society of friendship with Cuba", "label": "Society of friendship with Cuba", "nameStatus": "INFERRED"})
    );
    assert_eq!(out["u"]["nameStatus"], "STATED");
    assert!(!out["u"]["curatorNote"].as_str().unwrap().contains("AMB-"));
    // no public text of the dataset carries an internal code or a curation remark in a name
    let exported = dataset::export(&conn).await.unwrap();
    assert!(!exported.contains("AMB-"));
    assert!(!exported.contains("(name not given"));
    let stat = data(
        &conn,
        r#"{ statistics(first: 50) { nodes { slug valueText citations(first: 5) { nodes { quote } } } } }"#,
    )
    .await;
    for s in stat["statistics"]["nodes"].as_array().unwrap() {
        let text = s["valueText"].as_str().unwrap();
        let quoted = s["citations"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["quote"].as_str().is_some_and(|q| q.contains(text)));
        assert!(quoted, "{}: valueText not verbatim", s["slug"]);
    }
});

db_test!(the_checker_refuses_display_leaks, |db| {
    let conn = db.with_bundled_data().await;
    let cases = [
        (
            "organizations:\n- slug: leaky\n  name: A body\n  kind: venue\n  note: see AMB-12\n  src: ['story:57 | \"Warsaw\" and others']\n",
            "internal checklist codes",
        ),
        (
            "organizations:\n- slug: leaky\n  name: A body (name not given)\n  kind: venue\n  src: ['story:57 | \"Warsaw\" and others']\n",
            "name_status",
        ),
        (
            "organizations:\n- slug: leaky\n  name: A body\n  kind: venue\n  src:\n  - {field: current, note: still there}\n",
            "`current` citation needs the quote",
        ),
        (
            "organizations:\n- slug: leaky\n  name: A body\n  kind: venue\n  names:\n  - {name: Zorro, kind: variant}\n  src: ['story:57 | \"Warsaw\" and others']\n",
            "the stated name `Zorro` is in no quote",
        ),
        (
            "statistics:\n- slug: leaky\n  subject: org.usfs\n  indicator: exhibitions\n  value: 10000\n  comparator: approx\n  value_text: ten thousand\n  src: ['story:63 | USFS sent abroad around 10,000 exhibitions a year']\n",
            "`value_text` is verbatim",
        ),
    ];
    for (content, reason) in cases {
        let err = dataset::import(&conn, &[file("bad.yaml", content)])
            .await
            .expect_err(content);
        let ImportError::Invalid(issues) = err else {
            panic!("{err}")
        };
        assert!(
            issues.iter().any(|i| i.to_string().contains(reason)),
            "{reason}: {issues:?}"
        );
    }
});

db_test!(a_post_ends_with_its_holder_and_an_import_rederives, |db| {
    let conn = db.with_bundled_data().await;
    // a person who died in 1936, heading a body with no end: the post ends at the death
    let content = "persons:\n- slug: late-head\n  name: A late head\n  died: '1936'\n  basis: external\n  src: [{basis: external}]\n\
        memberships:\n- slug: late-head-soviet-government\n  member: per.late-head\n  organization: soviet-government\n  role: head\n  valid: 1930/\n  basis: external\n  src: [{basis: external}]\n";
    dataset::import(&conn, &[file("late.yaml", content)])
        .await
        .unwrap();
    let post = lifespan(&conn, "membership", "late-head-soviet-government").await;
    assert_eq!(
        post,
        json!({"from": 1930, "to": 1936, "certainFrom": 1930, "certainTo": 1930,
               "endBasis": "HOLDER", "endDerived": true, "endDerivedFrom": "per.late-head"})
    );
    let heads = slugs(
        &conn,
        "memberships",
        "{activeIn: 1940, role: {in: [HEAD]}, organization: {slug: {eq: \"soviet-government\"}}}",
    )
    .await;
    assert!(
        !heads.contains(&"late-head-soviet-government".to_owned()),
        "{heads:?}"
    );
});
