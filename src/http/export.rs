//! `GET /export/{field}.csv` and `GET /export/{field}.ndjson`: a root connection's rows,
//! streamed page by page (constant memory whatever the size).
//!
//! Parameters: `query` (a GraphQL query selecting the root field `{field}`, paged with
//! `$after`; see `graphql::export`) and optional `variables` (a JSON object). Errors before the
//! first row are the GraphQL errors, with status 400; an error after rows were sent ends the
//! stream abruptly (and is logged), so a partial file is never mistaken for a whole one.

use actix_web::{HttpResponse, web};
use futures_util::stream;
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
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
    HttpResponse::BadRequest().json(
        json!({ "errors": [{ "message": message, "extensions": { "code": "BAD_USER_INPUT" } }] }),
    )
}

fn refused(err: ExportError) -> HttpResponse {
    match err {
        ExportError::Query(message) => bad(message),
        ExportError::Graphql(errors) => {
            HttpResponse::BadRequest().json(json!({ "errors": errors }))
        }
    }
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
    let plan = match Plan::new(&params.query, &field) {
        Ok(plan) => plan,
        Err(message) => return bad(message),
    };
    let first = match plan
        .page(&state.schema, &state.db, &state.limits, &variables, None)
        .await
    {
        Ok(page) => page,
        Err(err) => return refused(err),
    };
    let columns: Vec<String> = plan.columns.iter().map(|c| c.name.clone()).collect();
    let head = encode(format, &columns, true, &first.rows);
    let state = state.into_inner();
    // each step runs one page: memory holds one page, whatever the export's size
    let rest = stream::unfold(first.next, move |after| {
        let (state, plan, variables, columns) = (
            state.clone(),
            plan.clone(),
            variables.clone(),
            columns.clone(),
        );
        async move {
            let after = after?;
            match plan
                .page(
                    &state.schema,
                    &state.db,
                    &state.limits,
                    &variables,
                    Some(after),
                )
                .await
            {
                Ok(Page { rows, next }) => {
                    let bytes = web::Bytes::from(encode(format, &columns, false, &rows));
                    Some((Ok::<_, actix_web::Error>(bytes), next))
                }
                Err(err) => {
                    tracing::error!(?err, "export failed after its first page; stream cut");
                    let e = actix_web::error::ErrorInternalServerError("export failed");
                    Some((Err(e), None))
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
