//! The command line: `serve` (default), `migrate`, `import`, `export`.

use std::net::TcpListener;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use migration::{Migrator, MigratorTrait};

use crate::app::{
    self,
    startup::{Error, Result},
};
use crate::config::Config;
use crate::domain::dataset::{self, ImportError, SourceFile, TextSource};

/// coopgraph: a GraphQL server for records of international cultural co-operation.
#[derive(Parser, Debug)]
#[command(version, about)]
pub struct Cli {
    /// Settings (each also an environment variable).
    #[command(flatten)]
    pub config: Config,
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve GraphQL on HOST:PORT (the default).
    Serve,
    /// Manage the database schema.
    Migrate {
        /// up, down (one step), status or fresh (drop everything, then up).
        #[arg(value_enum, default_value_t = MigrateAction::Up)]
        action: MigrateAction,
    },
    /// Validate dataset files, then write them in one transaction (matched by slug).
    Import {
        /// YAML files in the dataset format (see data/README.md).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Fill the database with deterministic synthetic records, for benchmarks: at scale 1
    /// about 20,000 organizations, 100,000 events and 500,000 participations.
    Generate {
        /// Size; every count is linear in it (fractions allowed, e.g. 0.01).
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// Seed: the same scale and seed give the same records on SQLite and PostgreSQL.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Build a trusted-document manifest (Apollo's persisted-query manifest format) from
    /// a client's `.graphql` files, one operation per file, for `COOPGRAPH_TRUSTED_DOCUMENTS`.
    Manifest {
        /// The operations' files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write the whole database in the dataset format.
    Export {
        /// Output file; standard output when omitted.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// API keys for writes: make one (shown once), list them, revoke one.
    Keys {
        /// What to do.
        #[command(subcommand)]
        action: KeysAction,
    },
}

/// API key actions.
#[derive(Clone, Debug, Subcommand)]
pub enum KeysAction {
    /// Make a key and print it (the only time it is shown).
    Create {
        /// Who or what the key is for.
        #[arg(long)]
        name: String,
        /// `editor` (writes) or `admin` (also keys, cascading deletes, new documents).
        #[arg(long, default_value = "editor", value_parser = ["editor", "admin"])]
        role: String,
    },
    /// List the keys: prefix, name, role, made, last used, revoked. Never a secret.
    List,
    /// Revoke the key with this prefix.
    Revoke {
        /// The key's prefix (the 12 hex digits after `cgk_`).
        prefix: String,
    },
}

/// Migration actions.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MigrateAction {
    /// Apply pending migrations.
    Up,
    /// Roll back the last migration.
    Down,
    /// List migrations and whether they are applied.
    Status,
    /// Drop every table and migrate from scratch.
    Fresh,
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<()> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let state = app::prepare(&config).await?;
            let listener = TcpListener::bind((config.host.as_str(), config.port))?;
            tracing::info!("coopgraph listening on http://{}", listener.local_addr()?);
            app::serve(listener, state)?.await?;
        }
        Command::Migrate { action } => {
            let db = crate::db::connect_unbounded(&config).await?;
            match action {
                MigrateAction::Up => Migrator::up(&db, None).await?,
                MigrateAction::Down => Migrator::down(&db, Some(1)).await?,
                MigrateAction::Status => {
                    for m in Migrator::get_migration_with_status(&db).await? {
                        println!(
                            "{:<8} {}",
                            format!("{:?}", m.status()).to_lowercase(),
                            m.name()
                        );
                    }
                }
                MigrateAction::Fresh => Migrator::fresh(&db).await?,
            }
        }
        Command::Import { files } => {
            let db = crate::db::connect_unbounded(&config).await?;
            crate::db::migrate(&db).await?;
            let mut inputs = Vec::new();
            for path in &files {
                let content = std::fs::read_to_string(path)
                    .map_err(|e| Error::Other(format!("{}: cannot read: {e}", path.display())))?;
                let dir = path.parent().map(PathBuf::from).unwrap_or_default();
                inputs.push(SourceFile {
                    name: path.display().to_string(),
                    content,
                    texts: TextSource::Dir(dir),
                });
            }
            match dataset::import(&db, &inputs).await {
                Ok(report) => write_stdout(&format!("{report}\n"))?,
                Err(ImportError::Invalid(issues)) => {
                    for issue in &issues {
                        eprintln!("error: {issue}");
                    }
                    return Err(Error::Other(format!(
                        "{} problem(s) found; nothing was written",
                        issues.len()
                    )));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Command::Generate { scale, seed } => {
            if !(scale > 0.0 && scale <= 100.0) {
                return Err(Error::Other(format!(
                    "--scale must be in (0, 100], not {scale}"
                )));
            }
            let db = crate::db::connect_unbounded(&config).await?;
            crate::db::migrate(&db).await?;
            if config.load_bundled_data {
                dataset::load_bundled_if_empty(&db).await?;
            }
            let report = crate::generate::generate(&db, scale, seed).await?;
            let mut out = String::new();
            for (table, rows) in &report.tables {
                out += &format!("{table:<24} {rows:>9}\n");
            }
            out += &format!(
                "{} rows in {:.1} s: {:.0} rows/s; search index rebuilt in {:.1} s\n",
                report.rows(),
                report.write_seconds,
                report.rate(),
                report.index_seconds
            );
            write_stdout(&out)?;
        }
        Command::Manifest { files } => {
            let mut documents = Vec::new();
            for file in &files {
                let name = file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                documents.push((name, std::fs::read_to_string(file)?));
            }
            let manifest = crate::http::manifest::build(&documents);
            let json =
                serde_json::to_string_pretty(&manifest).map_err(|e| Error::Other(e.to_string()))?;
            write_stdout(&format!("{json}\n"))?;
        }
        Command::Keys { action } => {
            let db = crate::db::connect_unbounded(&config).await?;
            crate::db::migrate(&db).await?;
            write_stdout(&keys(&db, action).await?)?;
        }
        Command::Export { out } => {
            let db = crate::db::connect_unbounded(&config).await?;
            let yaml = dataset::export(&db).await?;
            match out {
                Some(path) => std::fs::write(&path, yaml)?,
                None => write_stdout(&yaml)?,
            }
        }
    }
    Ok(())
}

/// Runs a `keys` action; returns what to print.
async fn keys(db: &sea_orm::DatabaseConnection, action: KeysAction) -> Result<String> {
    use crate::domain::auth::{self, Role};
    let fail = |e: auth::AuthError| Error::Other(e.to_string());
    Ok(match action {
        KeysAction::Create { name, role } => {
            let role = Role::parse(&role).unwrap_or(Role::Editor);
            let (info, token) = auth::create(db, &name, role).await.map_err(fail)?;
            format!(
                "{token}\n\nkey {} ({}, {}) made. This is the only time the key is shown: \
                 store it now. Send it as `Authorization: Bearer <key>`.\n",
                info.prefix, info.name, info.role
            )
        }
        KeysAction::List => {
            let mut out = format!(
                "{:<14} {:<8} {:<12} {:<12} {:<12} name\n",
                "prefix", "role", "created", "last used", "revoked"
            );
            let day = |t: Option<i64>| {
                t.map(crate::domain::auth::date)
                    .unwrap_or_else(|| "-".into())
            };
            for k in auth::list(db).await.map_err(fail)? {
                out.push_str(&format!(
                    "{:<14} {:<8} {:<12} {:<12} {:<12} {}\n",
                    k.prefix,
                    k.role,
                    day(Some(k.created_at)),
                    day(k.last_used_at),
                    day(k.revoked_at),
                    k.name
                ));
            }
            out
        }
        KeysAction::Revoke { prefix } => {
            let info = auth::revoke(db, &prefix).await.map_err(fail)?;
            format!("key {} ({}) revoked\n", info.prefix, info.name)
        }
    })
}

/// Writes to standard output; a closed pipe (`coopgraph export | head`) is not an error.
fn write_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[test]
    fn settings_go_before_or_after_the_subcommand() {
        let after = Cli::try_parse_from(["coopgraph", "serve", "--port", "9000"]);
        let after = after.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(after.config.port, 9000);
        assert!(matches!(after.command, Some(Command::Serve)));
        let before = Cli::try_parse_from(["coopgraph", "--port", "9001", "serve"]);
        assert_eq!(before.unwrap_or_else(|e| panic!("{e}")).config.port, 9001);
        let limits = Cli::try_parse_from(["coopgraph", "serve", "--max-depth", "7"]);
        assert_eq!(
            limits
                .unwrap_or_else(|e| panic!("{e}"))
                .config
                .limits
                .max_depth,
            7
        );
    }
}
