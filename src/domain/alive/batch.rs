//! Writing derived columns of many rows at once, portable to SQLite and PostgreSQL.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

/// Rows written per statement: a row binds two values per column and its id, so a
/// statement stays under a thousand bound values, within every SQLite build's limit.
const BATCH: usize = 60;

/// Binds `value` as the next parameter of a statement; returns its placeholder.
pub(crate) fn param(backend: DbBackend, values: &mut Vec<Value>, value: Value) -> String {
    values.push(value);
    match backend {
        DbBackend::Postgres => format!("${}", values.len()),
        _ => "?".to_owned(),
    }
}

/// Writes `columns` of the rows `(id, values)` of `table`, many rows per statement.
pub(super) async fn update(
    db: &impl ConnectionTrait,
    table: &str,
    columns: &[&str],
    rows: &[(i32, Vec<Value>)],
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    for batch in rows.chunks(BATCH) {
        let mut values: Vec<Value> = Vec::new();
        let mut sets = Vec::new();
        for (c, column) in columns.iter().enumerate() {
            let mut case = format!("{column} = CASE id");
            for (id, row) in batch {
                let id = param(backend, &mut values, (*id).into());
                let value = param(backend, &mut values, row[c].clone());
                case.push_str(&format!(" WHEN {id} THEN {value}"));
            }
            case.push_str(" END");
            sets.push(case);
        }
        let ids: Vec<String> = batch
            .iter()
            .map(|(id, _)| param(backend, &mut values, (*id).into()))
            .collect();
        let sql = format!(
            "UPDATE \"{table}\" SET {} WHERE id IN ({})",
            sets.join(", "),
            ids.join(", ")
        );
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    Ok(())
}
