//! The compiled path against the resolvers: a corpus of queries, each run both ways on both
//! databases, whose answers must be the same text (see `helpers::oracle`). Every other test
//! query is a case too (`helpers::execute` runs the oracle); here are the README tour, the
//! benchmark cases and queries generated from the schema with a fixed seed: random
//! selections over every type and relation, with fragments, aliases, `@skip`/`@include`,
//! filters, orderings and pages forwards and backwards, on the bundled dataset and on the
//! generator's data.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use coopgraph::graphql::compile::{Field, catalog};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::helpers::{compiled, db_test, oracle};

/// A small seeded generator (xorshift), so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What the schema says about the lists of each record type.
struct Schema {
    /// type → its `OrderField` values.
    orders: BTreeMap<String, Vec<String>>,
    /// type → its filter's (field, input type).
    filters: BTreeMap<String, Vec<(String, String)>>,
    /// type → its fields the compiler supports, by name.
    fields: BTreeMap<String, Vec<(String, Field)>>,
}

fn blocks<'a>(sdl: &'a str, keyword: &str) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut out = Vec::new();
    let mut lines = sdl.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix(keyword) else {
            continue;
        };
        let name = rest.split_whitespace().next().unwrap_or("");
        let mut body = Vec::new();
        let mut in_doc = false;
        for l in lines.by_ref() {
            let t = l.trim();
            if t == "}" {
                break;
            }
            if t.starts_with("\"\"\"") {
                if !(t.len() > 3 && t.ends_with("\"\"\"")) {
                    in_doc = !in_doc;
                }
                continue;
            }
            if !in_doc && !t.is_empty() {
                body.push(t);
            }
        }
        out.push((name, body));
    }
    out
}

impl Schema {
    fn read() -> Schema {
        let sdl = coopgraph::graphql::sdl();
        let mut orders = BTreeMap::new();
        for (name, body) in blocks(&sdl, "enum ") {
            if let Some(ty) = name.strip_suffix("OrderField") {
                orders.insert(ty.to_owned(), body.iter().map(|s| s.to_string()).collect());
            }
        }
        let mut filters = BTreeMap::new();
        for (name, body) in blocks(&sdl, "input ") {
            if let Some(ty) = name.strip_suffix("Filter") {
                let fields = body
                    .iter()
                    .filter_map(|l| l.split_once(": "))
                    .map(|(f, t)| {
                        (
                            f.to_owned(),
                            t.split_whitespace().next().unwrap_or("").to_owned(),
                        )
                    })
                    .collect();
                filters.insert(ty.to_owned(), fields);
            }
        }
        let mut fields = BTreeMap::new();
        for (ty, map) in catalog::all() {
            let mut list: Vec<(String, Field)> =
                map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            list.sort_by(|a, b| a.0.cmp(&b.0));
            fields.insert(ty.to_owned(), list);
        }
        Schema {
            orders,
            filters,
            fields,
        }
    }
}

const RECORD_TYPES: [&str; 16] = [
    "Citation",
    "Event",
    "EventPlace",
    "EventSeries",
    "Membership",
    "NameVariant",
    "Organization",
    "Participation",
    "Person",
    "Place",
    "PlacePart",
    "Relation",
    "SourceDocument",
    "Statistic",
    "Succession",
    "Work",
];

/// The root connection field of each record type.
fn root_list(ty: &str) -> &'static str {
    match ty {
        "Citation" => "citations",
        "Event" => "events",
        "EventPlace" => "eventPlaces",
        "EventSeries" => "eventSeriesList",
        "Membership" => "memberships",
        "NameVariant" => "nameVariants",
        "Organization" => "organizations",
        "Participation" => "participations",
        "Person" => "persons",
        "Place" => "places",
        "PlacePart" => "placeParts",
        "Relation" => "relations",
        "SourceDocument" => "sourceDocuments",
        "Statistic" => "statistics",
        "Succession" => "successions",
        _ => "works",
    }
}

fn root_one(ty: &str) -> String {
    let mut c = ty.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Builds random queries.
struct Gen<'s> {
    rng: Rng,
    schema: &'s Schema,
    /// type → (slug, global id) of some real records.
    records: BTreeMap<String, Vec<(String, String)>>,
    fragments: Vec<String>,
    uses_flags: bool,
    aliases: usize,
}

impl<'s> Gen<'s> {
    fn alias(&mut self) -> String {
        if self.aliases < 20 && self.rng.chance(12) {
            self.aliases += 1;
            format!("a{}: ", self.aliases)
        } else {
            String::new()
        }
    }

    fn directive(&mut self) -> &'static str {
        if self.rng.chance(6) {
            self.uses_flags = true;
            // each uses both variables, so none is ever unused
            const FLAGS: [&str; 4] = [
                " @include(if: $yes) @skip(if: $no)",
                " @skip(if: $no) @include(if: $yes)",
                " @include(if: $no) @skip(if: $yes)",
                " @skip(if: $yes) @include(if: $no)",
            ];
            FLAGS[self.rng.below(FLAGS.len())]
        } else {
            ""
        }
    }

    fn filter(&mut self, ty: &str) -> Option<String> {
        let fields = self.schema.filters.get(ty)?;
        let simple: Vec<&(String, String)> = fields
            .iter()
            .filter(|(_, t)| matches!(t.as_str(), "StringFilter" | "IntFilter" | "Boolean"))
            .collect();
        if simple.is_empty() {
            return None;
        }
        let one = |g: &mut Gen<'_>| {
            let (f, t) = *g.rng.pick(&simple);
            match t.as_str() {
                "StringFilter" => {
                    let op = *g.rng.pick(&[
                        "containsCi: \"a\"",
                        "startsWith: \"S\"",
                        "isNull: false",
                        "isNull: true",
                        "ne: \"x\"",
                    ]);
                    format!("{f}: {{{op}}}")
                }
                "IntFilter" => {
                    let op = *g
                        .rng
                        .pick(&["gte: 1950", "lt: 1990", "isNull: true", "ne: 3"]);
                    format!("{f}: {{{op}}}")
                }
                _ => format!("{f}: {}", g.rng.chance(50)),
            }
        };
        let first = one(self);
        Some(match self.rng.below(4) {
            0 => format!("{{not: {{{first}}}}}"),
            1 => {
                let second = one(self);
                format!("{{or: [{{{first}}}, {{{second}}}]}}")
            }
            _ => format!("{{{first}}}"),
        })
    }

    fn list_args(&mut self, ty: &str) -> String {
        let mut args = Vec::new();
        if self.rng.chance(70) {
            args.push(format!("first: {}", self.rng.below(5)));
        } else if self.rng.chance(60) {
            args.push(format!("last: {}", 1 + self.rng.below(4)));
        }
        if self.rng.chance(40)
            && let Some(orders) = self.schema.orders.get(ty)
        {
            let field = self.rng.pick(orders).clone();
            let dir = if self.rng.chance(50) { "DESC" } else { "ASC" };
            args.push(format!("orderBy: [{{field: {field}, direction: {dir}}}]"));
        }
        if self.rng.chance(30)
            && let Some(f) = self.filter(ty)
        {
            args.push(format!("filter: {f}"));
        }
        if args.is_empty() {
            String::new()
        } else {
            format!("({})", args.join(", "))
        }
    }

    fn connection(&mut self, ty: &str, depth: usize) -> String {
        let mut parts = Vec::new();
        if self.rng.chance(30) {
            parts.push(format!("{}totalCount", self.alias()));
        }
        if self.rng.chance(60) {
            let sel = self.object(ty, depth + 1);
            parts.push(format!("{}nodes {sel}", self.alias()));
        }
        if self.rng.chance(40) || parts.is_empty() {
            let sel = self.object(ty, depth + 1);
            let cursor = if self.rng.chance(60) { "cursor " } else { "" };
            parts.push(format!("edges {{ {cursor}node {sel} }}"));
        }
        if self.rng.chance(40) {
            parts.push(
                "pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }".into(),
            );
        }
        if self.rng.chance(10) {
            parts.push("__typename".into());
        }
        format!("{{ {} }}", parts.join(" "))
    }

    fn abstract_sel(&mut self, types: &[&str], depth: usize) -> String {
        let mut parts = vec!["__typename".to_owned()];
        for _ in 0..1 + self.rng.below(2) {
            let ty = *self.rng.pick(types);
            let sel = self.object(ty, depth + 1);
            parts.push(format!("... on {ty} {sel}"));
        }
        if self.rng.chance(30) {
            parts.push("... on Node { id slug }".into());
        }
        format!("{{ {} }}", parts.join(" "))
    }

    /// A selection set on record type `ty`.
    fn object(&mut self, ty: &str, depth: usize) -> String {
        let fields = &self.schema.fields[ty];
        let mut parts = Vec::new();
        let n = 1 + self.rng.below(4);
        let mut used = Vec::new();
        for _ in 0..n {
            let (name, field) = self.rng.pick(fields).clone();
            if used.contains(&name) {
                continue;
            }
            used.push(name.clone());
            let deep = depth < 3;
            let (head, tail) = match field {
                Field::One(_, target) if deep => (name, self.object(target, depth + 1)),
                Field::Many(_, target) if deep && depth < 2 => {
                    let args = self.list_args(&target);
                    (format!("{name}{args}"), self.connection(&target, depth + 1))
                }
                Field::Record(..) if deep => {
                    let types = [*self.rng.pick(&RECORD_TYPES), *self.rng.pick(&RECORD_TYPES)];
                    (name, self.abstract_sel(&types, depth + 1))
                }
                Field::Agent(..) if deep => (
                    name,
                    self.abstract_sel(&["Person", "Organization"], depth + 1),
                ),
                Field::PostsIn if deep && depth < 2 => {
                    let year = 1900 + self.rng.below(130);
                    (
                        format!("{name}(year: {year}, first: 3)"),
                        self.connection("Membership", depth + 1),
                    )
                }
                Field::PostsIn => ("slug".to_owned(), String::new()),
                Field::CountryIn if deep => {
                    let year = 1900 + self.rng.below(130);
                    let certainty = if self.rng.chance(50) {
                        "POSSIBLY"
                    } else {
                        "CERTAINLY"
                    };
                    (
                        format!("{name}(year: {year}, certainty: {certainty})"),
                        self.object("Place", depth + 1),
                    )
                }
                Field::CountryIn => ("slug".to_owned(), String::new()),
                Field::NameIn => {
                    let year = 1900 + self.rng.below(130);
                    let certainty = if self.rng.chance(50) {
                        "POSSIBLY"
                    } else {
                        "CERTAINLY"
                    };
                    (
                        format!("{name}(year: {year}, certainty: {certainty})"),
                        String::new(),
                    )
                }
                Field::One(..) | Field::Many(..) | Field::Record(..) | Field::Agent(..) => {
                    ("slug".to_owned(), String::new())
                }
                _ => (name, String::new()),
            };
            let alias = self.alias();
            let directive = self.directive();
            parts.push(format!("{alias}{head}{directive} {tail}"));
        }
        if self.rng.chance(15) {
            parts.push("__typename".into());
        }
        // fragments: some fields moved into an inline or a named fragment
        if parts.len() > 1 && self.rng.chance(25) {
            let moved = parts.split_off(parts.len() / 2);
            if self.rng.chance(50) {
                parts.push(format!("... on {ty} {{ {} }}", moved.join(" ")));
            } else {
                let name = format!("F{}", self.fragments.len());
                self.fragments
                    .push(format!("fragment {name} on {ty} {{ {} }}", moved.join(" ")));
                parts.push(format!("...{name}"));
            }
        }
        // the same key twice merges
        if self.rng.chance(8) {
            parts.push("slug".into());
        }
        format!("{{ {} }}", parts.join(" "))
    }

    fn root(&mut self) -> String {
        let ty = *self.rng.pick(&RECORD_TYPES);
        let has = self.records.get(ty).is_some_and(|r| !r.is_empty());
        match self.rng.below(10) {
            0..=5 => {
                let args = self.list_args(ty);
                format!("{}{args} {}", root_list(ty), self.connection(ty, 0))
            }
            6 | 7 if has => {
                let (slug, _) = self.rng.pick(&self.records[ty]).clone();
                format!("{}(slug: \"{slug}\") {}", root_one(ty), self.object(ty, 0))
            }
            8 if has => {
                let (_, id) = self.rng.pick(&self.records[ty]).clone();
                let sel = self.object(ty, 0);
                format!("node(id: \"{id}\") {{ id ... on {ty} {sel} }}")
            }
            _ => {
                let mut ids = Vec::new();
                for _ in 0..2 {
                    let t = *self.rng.pick(&RECORD_TYPES);
                    if let Some(records) = self.records.get(t).filter(|r| !r.is_empty()) {
                        ids.push(format!("\"{}\"", self.rng.pick(records).1));
                    }
                }
                ids.push("\"RXZlbnQ6bm8tc3VjaC1ldmVudA\"".into()); // Event:no-such-event
                let sel = self.abstract_sel(&RECORD_TYPES, 0);
                format!("nodes(ids: [{}]) {sel}", ids.join(", "))
            }
        }
    }

    fn query(&mut self) -> String {
        self.fragments.clear();
        self.uses_flags = false;
        self.aliases = 0;
        let mut roots = vec![self.root()];
        if self.rng.chance(30) {
            roots.push(format!("second: {}", self.root()));
        }
        if self.rng.chance(10) {
            roots.push("__typename".into());
        }
        let head = if self.uses_flags {
            "query Q($yes: Boolean = true, $no: Boolean = false) "
        } else {
            ""
        };
        format!(
            "{head}{{ {} }} {}",
            roots.join(" "),
            self.fragments.join(" ")
        )
    }
}

/// Some real records of each type: (slug, global id).
async fn records(db: &DatabaseConnection) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out = BTreeMap::new();
    for ty in RECORD_TYPES {
        let q = format!(
            "{{ {}(first: 8) {{ nodes {{ slug id }} }} }}",
            root_list(ty)
        );
        let data = crate::helpers::data(db, &q).await;
        let nodes = data[root_list(ty)]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let list = nodes
            .iter()
            .map(|n| {
                (
                    n["slug"].as_str().unwrap_or("").to_owned(),
                    n["id"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        out.insert(ty.to_owned(), list);
    }
    out
}

/// Runs `count` generated queries and pages through every type both ways; returns how many
/// ran on both paths.
async fn corpus(db: &DatabaseConnection, seed: u64, count: usize) -> usize {
    let schema = Schema::read();
    let mut g = Gen {
        rng: Rng(seed),
        schema: &schema,
        records: records(db).await,
        fragments: Vec::new(),
        uses_flags: false,
        aliases: 0,
    };
    let compared = AtomicUsize::new(0);
    for _ in 0..count {
        let q = g.query();
        if oracle(db, &q, Value::Null).await.1 {
            compared.fetch_add(1, Ordering::SeqCst);
        }
    }
    // pages forwards then backwards from the cursor, in every ordering of every type
    for ty in RECORD_TYPES {
        let orders = schema.orders.get(ty).cloned().unwrap_or_default();
        for field in orders.iter().take(3) {
            for dir in ["ASC", "DESC"] {
                g.uses_flags = false;
                let sel = g.object(ty, 1);
                let list = root_list(ty);
                let flags = if g.uses_flags {
                    ", $yes: Boolean = true, $no: Boolean = false"
                } else {
                    ""
                };
                let q = format!(
                    "query($after: String, $before: String, $first: Int, $last: Int{flags}) {{ \
                     {list}(first: $first, after: $after, last: $last, before: $before, \
                     orderBy: [{{field: {field}, direction: {dir}}}]) {{ edges {{ cursor node {sel} }} \
                     pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} totalCount }} }} {}",
                    g.fragments.join(" ")
                );
                g.fragments.clear();
                let (first, ok) = oracle(db, &q, json!({"first": 3})).await;
                if !ok {
                    // a generated selection that does not validate (conflicting fields)
                    assert!(first["errors"].is_array(), "{q}: {first}");
                    continue;
                }
                let end = first["data"][list]["pageInfo"]["endCursor"].clone();
                if end.is_null() {
                    continue;
                }
                let (next, ok) = oracle(db, &q, json!({"first": 3, "after": end})).await;
                assert!(ok, "{q}: {next}");
                let (back, ok) = oracle(db, &q, json!({"last": 2, "before": end})).await;
                assert!(ok, "{q}: {back}");
                compared.fetch_add(3, Ordering::SeqCst);
            }
        }
    }
    compared.load(Ordering::SeqCst)
}

/// The README tour and the benchmark cases.
fn fixed_queries() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut out = Vec::new();
    for case in ["nested", "slug", "filtered", "page"] {
        let path = format!("{root}/bench/cases/{case}.graphql");
        out.push(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")));
    }
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let mut in_block = false;
    let mut block = String::new();
    for line in readme.lines() {
        if line.starts_with("```graphql") {
            in_block = true;
            block.clear();
        } else if in_block && line.starts_with("```") {
            in_block = false;
            out.push(block.clone());
        } else if in_block {
            block.push_str(line);
            block.push('\n');
        }
    }
    out
}

db_test!(
    the_compiled_path_answers_as_the_resolvers_do_on_the_bundled_dataset,
    |db| {
        let conn = db.with_bundled_data().await;
        let mut compiled_fixed = 0;
        for q in fixed_queries() {
            if oracle(&conn, &q, Value::Null).await.1 {
                compiled_fixed += 1;
            }
        }
        assert!(
            compiled_fixed >= 4,
            "{compiled_fixed} fixed queries compiled"
        );
        let n = corpus(&conn, 0x5eed_c0de, 300).await;
        eprintln!("bundled dataset: {compiled_fixed} fixed and {n} generated queries compared");
        assert!(n >= 300, "only {n} queries ran on both paths");
    }
);

db_test!(
    the_compiled_path_answers_as_the_resolvers_do_on_generated_data,
    |db| {
        let conn = db.connect().await;
        coopgraph::generate::generate(&conn, 0.005, 7)
            .await
            .unwrap();
        let n = corpus(&conn, 0xdec0_de42, 120).await;
        eprintln!("generated data: {n} queries compared");
        assert!(n >= 100, "only {n} queries ran on both paths");
    }
);

db_test!(
    what_the_compiler_does_not_support_runs_on_the_resolvers,
    |db| {
        let conn = db.with_bundled_data().await;
        for q in [
            "{ __schema { queryType { name } } }",
            "{ search(text: \"festival\") { totalCount } }",
            "{ organization(slug: \"auscr\") { lineage { depth } } }",
            "{ events(first: 500) { nodes { slug } } }",
            "{ datasetCounts { table count } }",
        ] {
            assert_eq!(compiled(&conn, q, Value::Null).await, None, "{q}");
        }
        // a selection branching at every level would be a statement of thousands of subqueries:
        // past the planner's bound it runs on the resolvers
        let mut branching = String::from("id");
        for _ in 0..7 {
            branching = format!(
                "id ... on Citation {{ record {{ {branching} }} }} ... on NameVariant {{ record {{ {branching} }} }}"
            );
        }
        let q = format!("{{ citations(first: 1) {{ nodes {{ record {{ {branching} }} }} }} }}");
        assert_eq!(compiled(&conn, &q, Value::Null).await, None, "{q}");
        let answered = crate::helpers::execute(&conn, &q, Value::Null).await;
        assert!(
            answered["data"]["citations"]["nodes"].is_array(),
            "{answered}"
        );

        // a compiled request that does not validate gets the validation error
        let limits = coopgraph::config::Limits::default();
        let schema = coopgraph::graphql::build_schema(conn.clone(), &limits);
        let validator = coopgraph::graphql::build_validator(conn.clone(), &limits);
        let request = async_graphql::Request::new("query($x: Int) { events { nodes { slug } } }");
        match coopgraph::graphql::answer(&schema, Some(&validator), &conn, &limits, request).await {
            coopgraph::graphql::Answer::Response(r, _) => {
                let code = r.errors[0]
                    .extensions
                    .as_ref()
                    .and_then(|e| e.get("code"))
                    .cloned();
                assert_eq!(
                    code,
                    Some(async_graphql::Value::String(
                        "GRAPHQL_VALIDATION_FAILED".into()
                    ))
                );
            }
            coopgraph::graphql::Answer::Body(b) => panic!("unused variable answered: {b}"),
        }
    }
);

/// Runs `query` on the compiled path; returns the statements it ran.
async fn statements_of(conn: &DatabaseConnection, query: &str) -> usize {
    let counter = std::sync::Arc::new(AtomicUsize::new(0));
    let mut counted = conn.clone();
    let seen = counter.clone();
    counted.set_metric_callback(move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
    });
    let body = compiled(&counted, query, Value::Null).await;
    assert!(body.is_some(), "{query} did not compile");
    counter.load(Ordering::SeqCst)
}

db_test!(
    every_compiled_root_field_is_one_statement_at_any_size,
    |db| {
        let conn = db.with_bundled_data().await;
        let nested = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/bench/cases/nested.graphql"
        ))
        .unwrap();
        let two_roots = "{ a: events(first: 5) { totalCount edges { cursor node { title places { nodes { place { name } } } } } } b: organization(slug: \"auscr\") { name children { totalCount nodes { name } } } }";
        let small = statements_of(&conn, &nested).await;
        assert_eq!(small, 1, "the nested query is one statement");
        assert_eq!(statements_of(&conn, two_roots).await, 2);
        coopgraph::generate::generate(&conn, 0.02, 3).await.unwrap();
        assert_eq!(statements_of(&conn, &nested).await, 1, "with more rows");
        assert_eq!(statements_of(&conn, two_roots).await, 2, "with more rows");
    }
);
