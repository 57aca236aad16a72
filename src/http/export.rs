//! `GET /export/{field}.csv` and `GET /export/{field}.ndjson`: a root connection's rows,
//! streamed page by page (constant memory whatever the size).
//!
//! Parameters: `query` (a GraphQL query selecting the root field `{field}`, paged with
//! `$after`; see `graphql::export`) and optional `variables` (a JSON object). Errors before the
//! first row are the GraphQL errors, with status 400; an error after rows were sent ends the
//! stream abruptly (and is logged), so a partial file is never mistaken for a whole one.

use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use futures_util::stream;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{AppState, error_response};
use crate::error::{AppError, Code};
use crate::graphql::export::{Cell, ExportError, Page, Plan};

/// The query string of an export.
#[derive(Deserialize)]
pub struct Params {
    /// The GraphQL query.
    query: String,
    /// Its variables, as a JSON object.
    variables: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Ndjson,
}

fn bad(message: String) -> HttpResponse {
    error_response(AppError::BadUserInput(message))
}

fn refused(err: ExportError) -> HttpResponse {
    match err {
        ExportError::Query(message) => bad(message),
        ExportError::Refused(err) => error_response(err),
        ExportError::Graphql(errors) => {
            let code = errors[0]["extensions"]["code"].as_str().unwrap_or("");
            let status = match code {
                "SERVICE_UNAVAILABLE" => StatusCode::SERVICE_UNAVAILABLE,
                "TIMEOUT" => StatusCode::GATEWAY_TIMEOUT,
                "INTERNAL" => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::BAD_REQUEST,
            };
            HttpResponse::build(status).json(json!({ "errors": errors }))
        }
    }
}

/// Where a streaming export stands between pages.
struct Progress {
    after: Option<String>,
    rows: u64,
    started: Instant,
}

/// Why a stream is cut after its first page: logged, and the connection is closed before
/// the end of the body, so a client never mistakes a partial file for a whole one.
fn cut(why: &str) -> actix_web::Error {
    tracing::error!(why, "export cut");
    actix_web::error::ErrorInternalServerError("export cut")
}

/// Encodes rows (and, first, the header) in the format.
fn encode(format: Format, columns: &[String], header: bool, rows: &[Vec<Cell>]) -> Vec<u8> {
    match format {
        Format::Csv => {
            let mut out = Vec::new();
            if header {
                // a byte order mark, so spreadsheets read the file as UTF-8
                out.extend_from_slice("\u{feff}".as_bytes());
            }
            let mut w = csv::WriterBuilder::new().from_writer(out);
            let mut result = Ok(());
            if header {
                result = w.write_record(columns);
            }
            for row in rows {
                if result.is_ok() {
                    result = w.write_record(row.iter().map(Cell::text));
                }
            }
            if let Err(e) = result {
                tracing::error!(error = %e, "csv encoding failed");
            }
            w.into_inner().unwrap_or_default()
        }
        Format::Ndjson => {
            let mut out = String::new();
            for row in rows {
                out.push('{');
                for (i, (name, cell)) in columns.iter().zip(row).enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(name.clone()).to_string());
                    out.push(':');
                    out.push_str(&cell.json().to_string());
                }
                out.push_str("}\n");
            }
            out.into_bytes()
        }
    }
}

/// A finished stream's state.
fn dead() -> Progress {
    Progress {
        after: None,
        rows: 0,
        started: Instant::now(),
    }
}

fn too_many_rows(rows: u64, limit: u64) -> AppError {
    AppError::limit(
        Code::ExportTooLarge,
        format!(
            "the export would return more than {limit} rows (setting COOPGRAPH_EXPORT_MAX_ROWS); \
             narrow it with a filter"
        ),
        rows,
        limit,
    )
}

/// The export handler.
pub async fn export(
    state: web::Data<AppState>,
    file: web::Path<String>,
    params: web::Query<Params>,
) -> HttpResponse {
    let file = file.into_inner();
    let (field, format) = if let Some(f) = file.strip_suffix(".csv") {
        (f.to_owned(), Format::Csv)
    } else if let Some(f) = file.strip_suffix(".ndjson") {
        (f.to_owned(), Format::Ndjson)
    } else {
        return bad(format!(
            "`{file}`: ask for `<field>.csv` or `<field>.ndjson`"
        ));
    };
    let variables = match params
        .variables
        .as_deref()
        .map(serde_json::from_str::<Value>)
    {
        None => serde_json::Map::new(),
        Some(Ok(Value::Object(map))) => map,
        Some(Ok(_)) => return bad("`variables` must be a JSON object".into()),
        Some(Err(e)) => return bad(format!("`variables` is not JSON: {e}")),
    };
    let plan = match Plan::new(&params.query, &field, &state.limits) {
        Ok(plan) => plan,
        Err(err) => return refused(err),
    };
    let started = Instant::now();
    let first = match plan
        .page(&state.schema, &state.db, &state.limits, &variables, None)
        .await
    {
        Ok(page) => page,
        Err(err) => return refused(err),
    };
    let max_rows = state.limits.export_max_rows;
    if first.rows.len() as u64 > max_rows {
        return error_response(too_many_rows(first.rows.len() as u64, max_rows));
    }
    let columns: Vec<String> = plan.columns.iter().map(|c| c.name.clone()).collect();
    let head = encode(format, &columns, true, &first.rows);
    let progress = Progress {
        after: first.next,
        rows: first.rows.len() as u64,
        started,
    };
    let state = state.into_inner();
    // each step runs one page: memory holds one page, whatever the export's size
    let rest = stream::unfold(progress, move |progress| {
        let (state, plan, variables, columns) = (
            state.clone(),
            plan.clone(),
            variables.clone(),
            columns.clone(),
        );
        async move {
            let after = progress.after.clone()?;
            let deadline = Duration::from_millis(state.limits.export_timeout_ms);
            if progress.started.elapsed() > deadline {
                return Some((Err(cut("the export ran past its time limit")), dead()));
            }
            let page = plan
                .page(
                    &state.prevalidated,
                    &state.db,
                    &state.limits,
                    &variables,
                    Some(after.clone()),
                )
                .await;
            match page {
                Ok(Page { rows, next }) => {
                    if next.as_ref() == Some(&after) {
                        return Some((Err(cut("the cursor did not advance")), dead()));
                    }
                    let total = progress.rows + rows.len() as u64;
                    if total > state.limits.export_max_rows {
                        return Some((Err(cut("the export passed its row limit")), dead()));
                    }
                    let bytes = web::Bytes::from(encode(format, &columns, false, &rows));
                    let next = Progress {
                        after: next,
                        rows: total,
                        started: progress.started,
                    };
                    Some((Ok::<_, actix_web::Error>(bytes), next))
                }
                Err(err) => {
                    tracing::error!(?err, "export failed after its first page");
                    Some((Err(cut("a page failed")), dead()))
                }
            }
        }
    });
    let body = stream::once(async move { Ok::<_, actix_web::Error>(web::Bytes::from(head)) });
    let (content_type, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Ndjson => ("application/x-ndjson; charset=utf-8", "ndjson"),
    };
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{field}.{ext}\""),
        ))
        .streaming(futures_util::StreamExt::chain(body, rest))
}
