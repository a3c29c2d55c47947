//! What the linking and listing code needs of a database, whichever it is:
//! statements with `?N` parameters run on one connection or transaction,
//! values of four kinds, rows read whole. [`Sql`] has one implementation
//! per backend (`sqlite.rs`, `postgres.rs`); the statements that differ
//! between the two are chosen by [`Dialect`].

use crate::{Result, StoreError};
use std::path::Path;
use std::sync::Arc;

/// A parameter or a column value. Booleans are stored as integers (0, 1)
/// in both backends, so that one statement fits both.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    /// A long text stored compressed (`pack::packed`); read back as text.
    Bytes(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Int(i64::from(v))
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Real(v)
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Which statements a backend takes where the two SQL dialects part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// One row of a result, with the name of the database it came from (for
/// the error when a column holds what sitrep never writes there).
pub(crate) struct Row {
    pub(crate) values: Vec<Value>,
    pub(crate) db: Arc<Path>,
}

impl Row {
    fn mismatch(&self, i: usize, wanted: &str) -> StoreError {
        StoreError::Corrupt {
            path: self.db.to_path_buf(),
            what: format!("column {i} of a row"),
            message: format!("expected {wanted}, found {:?}", self.values.get(i)),
        }
    }

    pub(crate) fn int(&self, i: usize) -> Result<i64> {
        match self.values.get(i) {
            Some(Value::Int(v)) => Ok(*v),
            _ => Err(self.mismatch(i, "an integer")),
        }
    }

    pub(crate) fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        match self.values.get(i) {
            Some(Value::Null) => Ok(None),
            _ => self.int(i).map(Some),
        }
    }

    pub(crate) fn text(&self, i: usize) -> Result<String> {
        match self.values.get(i) {
            Some(Value::Text(v)) => Ok(v.clone()),
            Some(Value::Bytes(b)) => crate::pack::unpacked(b).map_err(|m| self.unreadable(i, m)),
            _ => Err(self.mismatch(i, "text")),
        }
    }

    fn unreadable(&self, i: usize, message: String) -> StoreError {
        StoreError::Corrupt {
            path: self.db.to_path_buf(),
            what: format!("column {i} of a row"),
            message,
        }
    }

    pub(crate) fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.values.get(i) {
            Some(Value::Null) => Ok(None),
            _ => self.text(i).map(Some),
        }
    }

    /// Takes a text column out of the row, without copying it.
    pub(crate) fn take_text(&mut self, i: usize) -> Result<String> {
        match self.values.get_mut(i) {
            Some(Value::Text(v)) => Ok(std::mem::take(v)),
            // A packed value is unpacked into a new string, as `text` does.
            Some(Value::Bytes(_)) => self.text(i),
            _ => Err(self.mismatch(i, "text")),
        }
    }
}

/// A connection, or a transaction on one, that runs statements written
/// with SQLite's numbered parameters (`?1`, `?2`; a bare `?` takes the
/// next number).
pub(crate) trait Sql {
    fn dialect(&self) -> Dialect;
    /// The file or (password-free) URL of the database, for errors.
    fn db(&self) -> &Arc<Path>;
    /// Runs a statement; the number of rows it changed.
    fn exec(&mut self, sql: &str, args: &[Value]) -> Result<u64>;
    /// Runs a query and reads every row.
    fn rows(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>>;

    /// The first row of a query, if any.
    fn row(&mut self, sql: &str, args: &[Value]) -> Result<Option<Row>> {
        Ok(self.rows(sql, args)?.into_iter().next())
    }

    /// The integer in the first column of the first row (a count, an id,
    /// an EXISTS), if there is a row and it is not null.
    fn int(&mut self, sql: &str, args: &[Value]) -> Result<Option<i64>> {
        match self.row(sql, args)? {
            Some(r) => r.opt_int(0),
            None => Ok(None),
        }
    }
}

/// SQLite's `?N` and `?` parameters as PostgreSQL's `$N`.
pub(crate) fn numbered_parameters(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 1;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '?' {
            out.push(c);
            continue;
        }
        out.push('$');
        if chars.peek().is_some_and(char::is_ascii_digit) {
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                out.push(d);
            }
        } else {
            out.push_str(&next.to_string());
            next += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_for_postgres() {
        assert_eq!(
            numbered_parameters("SELECT ?1, ?12 WHERE a = ?1"),
            "SELECT $1, $12 WHERE a = $1"
        );
        assert_eq!(
            numbered_parameters("WHERE a = ? AND b = ? LIMIT ? OFFSET ?"),
            "WHERE a = $1 AND b = $2 LIMIT $3 OFFSET $4"
        );
        assert_eq!(numbered_parameters("SELECT 1"), "SELECT 1");
    }

    #[test]
    fn a_row_says_which_column_is_wrong() {
        let row = Row {
            values: vec![Value::Text("x".into()), Value::Null, Value::Int(3)],
            db: Arc::from(Path::new("t.db")),
        };
        assert_eq!(row.opt_int(1).ok(), Some(None));
        assert_eq!(row.int(2).ok(), Some(3));
        assert_eq!(row.opt_text(0).ok(), Some(Some("x".to_string())));
        let err = row.int(0).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("t.db") && err.contains("column 0"), "{err}");
        assert!(row.text(5).is_err());
    }
}
