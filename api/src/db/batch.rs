//! Multi-row inserts. diesel's `MultiConnection` inserts one row per statement, which costs
//! a round trip per row on PostgreSQL; this dispatches to PostgreSQL's own connection,
//! where the same insert takes many rows at once. SQLite keeps one statement per row:
//! it has no round trips, and diesel's SQLite batch insert opens a transaction of its own,
//! which cannot nest inside the writer's `BEGIN IMMEDIATE`.

/// Rows per statement: well within both backends' bind-parameter limits.
pub const CHUNK: usize = 500;

/// Inserts `rows` (a `Vec` of an `Insertable` struct) into `table` in statements of
/// [`CHUNK`] rows on `conn` (an `&mut AnyConnection`); evaluates to the `QueryResult` of
/// the rows inserted.
#[macro_export]
macro_rules! insert_batch {
    ($conn:expr, $table:expr, $rows:expr) => {{
        let rows = $rows;
        let conn: &mut $crate::db::AnyConnection = $conn;
        let mut inserted: diesel::QueryResult<usize> = Ok(0);
        for chunk in rows.chunks($crate::db::batch::CHUNK) {
            let n = match conn {
                $crate::db::AnyConnection::Postgresql(c) => {
                    diesel::RunQueryDsl::execute(diesel::insert_into($table).values(chunk), c)
                }
                $crate::db::AnyConnection::Sqlite(c) => chunk.iter().try_fold(0, |sum, row| {
                    diesel::RunQueryDsl::execute(diesel::insert_into($table).values(row), c)
                        .map(|n| sum + n)
                }),
            };
            match n {
                Ok(n) => inserted = inserted.map(|sum| sum + n),
                Err(e) => {
                    inserted = Err(e);
                    break;
                }
            }
        }
        inserted
    }};
}
