//! Test harness: every test gets its own database, SQLite (a temporary file) or, when
//! `TEST_DATABASE_URL` is set, a fresh PostgreSQL database that is dropped afterwards.

use std::sync::atomic::{AtomicUsize, Ordering};

use coopgraph::config::Config;
use coopgraph::domain::dataset::{self, SourceFile, TextSource};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// Which database a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that exists for one test.
pub struct TestDb {
    pub config: Config,
    _dir: Option<tempfile::TempDir>,
    drop_pg: Option<(String, String)>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TestDb {
    /// Creates the database, or returns `None` for PostgreSQL when it is not configured
    /// (outside CI only: in CI a missing `TEST_DATABASE_URL` fails the test).
    pub async fn new(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                Some(TestDb {
                    config: Config::for_database(url),
                    _dir: Some(dir),
                    drop_pg: None,
                })
            }
            Backend::Postgres => {
                let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
                    assert!(
                        std::env::var("CI").is_err(),
                        "CI must set TEST_DATABASE_URL"
                    );
                    eprintln!("TEST_DATABASE_URL is not set: not running the PostgreSQL variant");
                    return None;
                };
                let name = format!(
                    "coopgraph_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .expect("clock")
                        .subsec_nanos()
                );
                let conn = Database::connect(admin.as_str())
                    .await
                    .expect("PostgreSQL at TEST_DATABASE_URL is unreachable");
                conn.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create test database");
                conn.close().await.expect("close admin connection");
                let url = match admin.rsplit_once('/') {
                    Some((base, _)) => format!("{base}/{name}"),
                    None => panic!("TEST_DATABASE_URL must end with /DATABASE"),
                };
                Some(TestDb {
                    config: Config::for_database(url),
                    _dir: None,
                    drop_pg: Some((admin, name)),
                })
            }
        }
    }

    /// A new connection, migrated.
    pub async fn connect(&self) -> DatabaseConnection {
        let db = coopgraph::db::connect(&self.config).await.expect("connect");
        coopgraph::db::migrate(&db).await.expect("migrate");
        db
    }

    /// A migrated connection holding the bundled dataset.
    pub async fn with_bundled_data(&self) -> DatabaseConnection {
        let db = self.connect().await;
        dataset::load_bundled_if_empty(&db)
            .await
            .expect("bundled dataset loads");
        db
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin, name)) = self.drop_pg.take() else {
            return;
        };
        // Drop runs outside async: use a short-lived runtime on its own thread.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let dropped = match Database::connect(admin.as_str()).await {
                    Ok(conn) => conn
                        .execute_unprepared(&format!(
                            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                        ))
                        .await
                        .map(|_| ()),
                    Err(e) => Err(e),
                };
                if let Err(e) = dropped {
                    eprintln!("could not drop test database {name}: {e} (.ci/run drops leftovers)");
                }
            });
        })
        .join();
    }
}

/// Defines one test per backend: `<name>::sqlite` and `<name>::postgres`.
macro_rules! db_test {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($db: crate::helpers::TestDb) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(db) = crate::helpers::TestDb::new(crate::helpers::Backend::Sqlite).await {
                    run(db).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = crate::helpers::TestDb::new(crate::helpers::Backend::Postgres).await {
                    run(db).await;
                }
            }
        }
    };
}
pub(crate) use db_test;

/// An in-memory input file whose documents' `text_file` paths resolve against `data/`.
pub fn file(name: &str, content: &str) -> SourceFile {
    SourceFile {
        name: name.into(),
        content: content.into(),
        texts: TextSource::Dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data")),
    }
}

/// Runs a GraphQL request in-process against the real schema and loaders; returns the whole
/// response (`data`, `errors`) as JSON. When the request compiles, it also runs on the
/// compiled path and the two answers must be the same text (see [`oracle`]): every query of
/// the test suite is a case of the compiled path's oracle.
pub async fn execute(
    db: &DatabaseConnection,
    query: &str,
    variables: serde_json::Value,
) -> serde_json::Value {
    oracle(db, query, variables).await.0
}

/// Runs a GraphQL request on the resolvers only.
pub async fn execute_resolvers(
    db: &DatabaseConnection,
    query: &str,
    variables: serde_json::Value,
) -> serde_json::Value {
    let limits = coopgraph::config::Limits::default();
    let schema = coopgraph::graphql::build_schema(db.clone(), &limits);
    let request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(variables));
    let response = coopgraph::graphql::execute(&schema, db, &limits, request).await;
    serde_json::to_value(response).unwrap()
}

/// Runs a request on the compiled path when it compiles: the body it wrote, or `None` when
/// it ran on the resolvers (or failed).
pub async fn compiled(
    db: &DatabaseConnection,
    query: &str,
    variables: serde_json::Value,
) -> Option<String> {
    let limits = coopgraph::config::Limits::default();
    let vars = async_graphql::Variables::from_json(variables);
    let doc = async_graphql::parser::parse_query(query).ok()?;
    let backend = db.get_database_backend();
    // only what compiles: the resolvers already ran it once
    coopgraph::graphql::compile::compile(&doc, None, &vars, backend, limits.max_recursion)?;
    let schema = coopgraph::graphql::build_schema(db.clone(), &limits);
    let validator = coopgraph::graphql::build_validator(db.clone(), &limits);
    let request = async_graphql::Request::new(query).variables(vars);
    match coopgraph::graphql::answer(&schema, Some(&validator), db, &limits, request).await {
        coopgraph::graphql::Answer::Body(body) => Some(body),
        coopgraph::graphql::Answer::Response(response, path) => {
            assert!(
                path == coopgraph::graphql::Path::Resolvers || !response.errors.is_empty(),
                "a compiled request answers with a body or an error"
            );
            None
        }
    }
}

/// Runs a request on both paths. When it compiled, the compiled body must be the resolvers'
/// `{"data":…}`, byte for byte (same keys in the same order, same values and nulls, same
/// cursors). Returns the resolvers' response and whether it compiled.
pub async fn oracle(
    db: &DatabaseConnection,
    query: &str,
    variables: serde_json::Value,
) -> (serde_json::Value, bool) {
    let limits = coopgraph::config::Limits::default();
    let schema = coopgraph::graphql::build_schema(db.clone(), &limits);
    let request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(variables.clone()));
    let response = coopgraph::graphql::execute(&schema, db, &limits, request).await;
    if !response.errors.is_empty() {
        // refused or failed: what the compiled path does then is tested on its own
        return (serde_json::to_value(response).unwrap(), false);
    }
    let Some(body) = compiled(db, query, variables.clone()).await else {
        return (serde_json::to_value(response).unwrap(), false);
    };
    let expected = format!(
        "{{\"data\":{}}}",
        serde_json::to_string(&response.data).unwrap()
    );
    if body != expected {
        let at = body
            .bytes()
            .zip(expected.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(body.len().min(expected.len()));
        let from = at.saturating_sub(200);
        panic!(
            "the compiled answer differs at byte {at}: {query}\nvariables: {variables}\n\
             compiled:  …{}\nresolvers: …{}",
            String::from_utf8_lossy(&body.as_bytes()[from..(at + 200).min(body.len())]),
            String::from_utf8_lossy(&expected.as_bytes()[from..(at + 200).min(expected.len())]),
        );
    }
    (serde_json::to_value(response).unwrap(), true)
}

/// Runs a query that must succeed and returns its `data`.
pub async fn data(db: &DatabaseConnection, query: &str) -> serde_json::Value {
    let response = execute(db, query, serde_json::Value::Null).await;
    assert!(
        response.get("errors").is_none(),
        "query failed: {query}\n{response:#}"
    );
    response["data"].clone()
}

/// Runs a query that must fail and returns the first error's code and message.
pub async fn error(db: &DatabaseConnection, query: &str) -> (String, String) {
    let response = execute(db, query, serde_json::Value::Null).await;
    let err = &response["errors"][0];
    assert!(!err.is_null(), "query should fail: {query}\n{response:#}");
    (
        err["extensions"]["code"].as_str().unwrap_or("").to_owned(),
        err["message"].as_str().unwrap_or("").to_owned(),
    )
}

/// Starts the real HTTP server of `db` on a free port: its base URL and handle.
pub async fn serve(db: &TestDb) -> (String, actix_web::dev::ServerHandle) {
    let state = coopgraph::app::prepare(&db.config)
        .await
        .expect("app starts");
    serve_state(state)
}

/// A connection of `db` (migrated, holding the bundled data) that counts its statements.
pub async fn counting(
    db: &TestDb,
) -> (
    DatabaseConnection,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    db.with_bundled_data().await;
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut conn = coopgraph::db::connect(&db.config).await.expect("connect");
    let seen = counter.clone();
    conn.set_metric_callback(move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
    });
    (conn, counter)
}

/// Runs a request in-process with the given limits; the whole response as JSON.
pub async fn execute_limited(
    db: &DatabaseConnection,
    limits: &coopgraph::config::Limits,
    query: &str,
    variables: serde_json::Value,
) -> serde_json::Value {
    let schema = coopgraph::graphql::build_schema(db.clone(), limits);
    let request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(variables));
    let response = coopgraph::graphql::execute(&schema, db, limits, request).await;
    serde_json::to_value(response).unwrap()
}

/// Serves an already prepared state on a free port: its base URL and handle.
pub fn serve_state(state: coopgraph::http::AppState) -> (String, actix_web::dev::ServerHandle) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = coopgraph::app::serve(listener, state).unwrap();
    let handle = server.handle();
    tokio::spawn(server);
    (base, handle)
}

/// The slugs a root connection returns for a filter.
pub async fn slugs(conn: &DatabaseConnection, list: &str, filter: &str) -> Vec<String> {
    let q = format!("{{ {list}(first: 100, filter: {filter}) {{ nodes {{ slug }} }} }}");
    let out = data(conn, &q).await;
    out[list]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["slug"].as_str().unwrap().to_owned())
        .collect()
}

/// The server's `/metrics` text.
pub async fn metrics(client: &reqwest::Client, base: &str) -> String {
    client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The number of SQL statements the server has run, from `/metrics`.
pub async fn statements(client: &reqwest::Client, base: &str) -> u64 {
    let text = metrics(client, base).await;
    text.lines()
        .find_map(|l| l.strip_prefix("coopgraph_sql_statements_total "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no statement counter in\n{text}"))
}
