//! The `coopgraph` binary.

use clap::Parser;
use coopgraph::cli::{Cli, run};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    dotenvy::dotenv().ok();
    let cli = Cli::parse();
    let _telemetry = coopgraph::telemetry::init(&cli.config);
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
