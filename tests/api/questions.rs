//! The question set (`tests/questions.yaml`): questions a historian or analyst asks of the
//! bundled data, each with its query, the answer the sources give and the line that gives
//! it. Every answer is checked on both databases (and on both read paths, through the
//! oracle), every quote on its line, and the README shows the set as it is.

use serde::Deserialize;
use serde_json::Value;

use crate::helpers::db_test;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Question {
    id: String,
    topic: String,
    question: String,
    source: String,
    says: String,
    query: String,
    answer: String,
}

const TOPICS: [&str; 7] = [
    "lookup",
    "lineage",
    "as-of",
    "memberships",
    "events",
    "counts",
    "search",
];

fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

fn questions() -> Vec<Question> {
    let path = format!("{}/tests/questions.yaml", root());
    let text = std::fs::read_to_string(&path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text of a bundled document, by slug.
fn document(slug: &str) -> String {
    let path = format!("{}/data/documents.yaml", root());
    let docs: Value = serde_saphyr::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let doc = docs["source_documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["slug"] == slug)
        .unwrap_or_else(|| panic!("no document `{slug}`"));
    let file = doc["text_file"].as_str().unwrap();
    std::fs::read_to_string(format!("{}/data/{file}", root())).unwrap()
}

#[test]
fn every_question_quotes_the_line_that_answers_it() {
    let all = questions();
    assert!(all.len() >= 40, "{} questions", all.len());
    let mut ids = std::collections::HashSet::new();
    for q in &all {
        assert!(ids.insert(q.id.clone()), "{}: duplicate id", q.id);
        assert!(TOPICS.contains(&q.topic.as_str()), "{}: topic", q.id);
        let (doc, line) = q.source.split_once(':').unwrap();
        let line: usize = line.parse().unwrap();
        let text = document(doc);
        let on_line = text.lines().nth(line - 1).unwrap_or_default();
        assert!(
            on_line.contains(&q.says),
            "{}: `{}` is not on line {} of {doc}",
            q.id,
            q.says,
            line
        );
    }
    for topic in TOPICS {
        assert!(all.iter().any(|q| q.topic == topic), "no {topic} question");
    }
}

db_test!(every_question_gets_the_answer_its_source_gives, |db| {
    let conn = db.with_bundled_data().await;
    let mut wrong = Vec::new();
    for q in questions() {
        let expected: Value = serde_json::from_str(&q.answer)
            .unwrap_or_else(|e| panic!("{}: the answer is not JSON: {e}", q.id));
        let got = crate::helpers::data(&conn, &q.query).await;
        if got != expected {
            wrong.push(format!(
                "{} ({}): {}\n  expected {expected}\n  got      {got}",
                q.id, q.source, q.question
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
});

/// The README's section, made from the question set.
fn readme_section() -> String {
    let mut out = String::from(
        "<!-- questions:start (made from tests/questions.yaml by \
         `UPDATE_README=1 cargo test --test api the_readme_shows_the_question_set`) -->\n",
    );
    for topic in TOPICS {
        out.push_str(&format!("\n#### {}\n", topic_title(topic)));
        for q in questions().iter().filter(|q| q.topic == topic) {
            out.push_str(&format!(
                "\n**{}** {}\n\n```graphql\n{}\n```\n\n> {} — `{}`\n\nAnswer: `{}`\n",
                q.id,
                q.question,
                q.query.trim_end(),
                q.says,
                q.source,
                q.answer.trim()
            ));
        }
    }
    out.push_str("\n<!-- questions:end -->");
    out
}

fn topic_title(topic: &str) -> &'static str {
    match topic {
        "lookup" => "Lookups",
        "lineage" => "Lineage",
        "as-of" => "As of a year: names and heads",
        "memberships" => "Memberships",
        "events" => "Events",
        "counts" => "Counts",
        _ => "Search",
    }
}

#[test]
fn the_readme_shows_the_question_set() {
    let path = format!("{}/README.md", root());
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find("<!-- questions:start")
        .expect("the README's question section");
    let end = readme.find("<!-- questions:end -->").unwrap() + "<!-- questions:end -->".len();
    let section = readme_section();
    if std::env::var("UPDATE_README").is_ok() {
        let updated = format!("{}{}{}", &readme[..start], section, &readme[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        readme[start..end] == section,
        "the README's question section is stale; refresh it with:\n    \
         UPDATE_README=1 cargo test --test api the_readme_shows_the_question_set"
    );
}
