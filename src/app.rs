//! Wiring: database, migrations, bundled data, schema and HTTP server.

use std::any::Any;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::{App, HttpServer, dev::Server, middleware, web};

use crate::config::Config;
use crate::domain::dataset;
use crate::graphql::{build_prevalidated_schema, build_served_schema, build_validator};
use crate::http::guard::{self, RateLimiter};
use crate::http::{AppState, routes};
use crate::metrics::Metrics;

/// Connects, migrates and loads the bundled data as configured. Migrating and loading use a
/// pool without statement timeouts (they may take long on a large database), closed before
/// the request pool, which has them, opens.
pub async fn prepare(config: &Config) -> startup::Result<AppState> {
    if config.auto_migrate || config.load_bundled_data {
        let admin = crate::db::connect_unbounded(config).await?;
        if config.auto_migrate {
            crate::db::migrate(&admin).await?;
        }
        if config.load_bundled_data {
            load_bundled(&admin).await?;
        }
        admin.close().await?;
    }
    let mut db = crate::db::connect(config).await?;
    let metrics = Metrics::default();
    metrics.observe(&mut db);
    let rate_limit = RateLimiter::new(&config.rate_limit).map(Arc::new);
    Ok(AppState {
        schema: build_served_schema(db.clone(), &config.limits, config.http.introspection),
        prevalidated: build_prevalidated_schema(db.clone(), &config.limits),
        validator: config
            .compiled_reads
            .then(|| build_validator(db.clone(), &config.limits)),
        explain_path: config.explain_path,
        metrics,
        limits: config.limits.clone(),
        timeouts: config.timeouts.clone(),
        max_connections: config.max_connections,
        rate_limit,
        http: config.http.clone(),
        persisted: Arc::new(persisted(&config.http)?),
        writes: Arc::new(
            crate::http::writes::Writes::new(&config.writes).map_err(startup::Error::Other)?,
        ),
        db,
    })
}

/// Automatic persisted queries, or only the operations of a trusted-document manifest.
fn persisted(http: &crate::config::Http) -> startup::Result<crate::http::Persisted> {
    let Some(path) = &http.trusted_documents else {
        return Ok(crate::http::Persisted::new(http.persisted_queries));
    };
    let text = std::fs::read_to_string(path)?;
    let documents = crate::http::manifest::load(&text)
        .map_err(|e| startup::Error::Other(format!("{}: {e}", path.display())))?;
    tracing::info!(
        operations = documents.len(),
        "running trusted documents only"
    );
    Ok(crate::http::Persisted::trusted(documents))
}

async fn load_bundled(db: &sea_orm::DatabaseConnection) -> startup::Result<()> {
    match dataset::load_bundled_if_empty(db).await {
        Ok(Some(report)) => tracing::info!(
            created = report.total().created,
            "loaded the bundled dataset"
        ),
        Ok(None) => {}
        Err(dataset::ImportError::Invalid(issues)) => {
            let lines: Vec<String> = issues.iter().map(ToString::to_string).collect();
            return Err(startup::Error::Other(format!(
                "the bundled dataset is invalid:\n{}",
                lines.join("\n")
            )));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Sets `TCP_USER_TIMEOUT` on an accepted connection: when sent data stays unacknowledged
/// (a client that stopped reading, whose window stays shut) for that long, the kernel
/// drops the connection and the response's memory is freed.
fn write_timeout(write_ms: u64) -> impl Fn(&dyn Any, &mut actix_web::dev::Extensions) {
    move |conn, _| {
        if write_ms == 0 {
            return;
        }
        if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
            let socket = socket2::SockRef::from(tcp);
            if let Err(e) = socket.set_tcp_user_timeout(Some(Duration::from_millis(write_ms))) {
                tracing::warn!(error = %e, "cannot set the write timeout of a connection");
            }
        }
    }
}

/// Starts serving on an already bound listener (tests bind port 0).
pub fn serve(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    let max_body = state.limits.max_body_bytes;
    let write_ms = state.timeouts.write_ms;
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(state.clone()))
            .app_data(web::PayloadConfig::new(max_body))
            .app_data(web::JsonConfig::default().limit(max_body))
            .wrap(middleware::from_fn(guard::rate_limit))
            .wrap(middleware::from_fn(crate::http::compress::keep_small))
            .wrap(middleware::Compress::default())
            .wrap(middleware::from_fn(crate::http::compress::unmark))
            .wrap(crate::http::cors(&state.http.cors_origins))
            .wrap(middleware::from_fn(guard::catch_panics))
            .wrap(middleware::from_fn(crate::http::request_id::request_id))
            .wrap(middleware::Logger::new("%r %s %Dms"))
            .configure(routes)
    })
    .on_connect(write_timeout(write_ms))
    .listen(listener)?
    .run();
    Ok(server)
}

/// Why a command could not run.
pub mod startup {
    /// A start-up or command error.
    #[derive(Debug, thiserror::Error)]
    pub enum Error {
        /// Database.
        #[error(transparent)]
        Db(#[from] sea_orm::DbErr),
        /// Import of the bundled data.
        #[error(transparent)]
        Import(#[from] crate::domain::dataset::ImportError),
        /// I/O.
        #[error(transparent)]
        Io(#[from] std::io::Error),
        /// Anything else.
        #[error("{0}")]
        Other(String),
    }
    /// Start-up result.
    pub type Result<T> = std::result::Result<T, Error>;
}
