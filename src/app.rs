//! Wiring: database, migrations, bundled data, schema and HTTP server.

use std::net::TcpListener;

use actix_web::{App, HttpServer, dev::Server, middleware, web};

use crate::config::Config;
use crate::domain::dataset;
use crate::graphql::build_schema;
use crate::http::{AppState, routes};
use crate::metrics::Metrics;

/// Connects, migrates and loads the bundled data as configured.
pub async fn prepare(config: &Config) -> startup::Result<AppState> {
    let mut db = crate::db::connect(config).await?;
    if config.auto_migrate {
        crate::db::migrate(&db).await?;
    }
    if config.load_bundled_data {
        match dataset::load_bundled_if_empty(&db).await {
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
    }
    let metrics = Metrics::default();
    metrics.observe(&mut db);
    Ok(AppState {
        schema: build_schema(db.clone(), &config.limits),
        metrics,
        limits: config.limits.clone(),
        db,
    })
}

/// Starts serving on an already bound listener (tests bind port 0).
pub fn serve(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    let max_body = state.limits.max_body_bytes;
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(state.clone()))
            .app_data(web::PayloadConfig::new(max_body))
            .app_data(web::JsonConfig::default().limit(max_body))
            .wrap(middleware::Logger::new("%r %s %Dms"))
            .configure(routes)
    })
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
