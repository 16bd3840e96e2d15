//! Row fingerprints: a 64-bit hash of a row's values, computed inside SQLite
//! by the scalar function `thema_row_hash(v1, v2, …)`.
//!
//! Undo must refuse when a row it would restore was changed since; comparing
//! each current row with the image the change stored meant building a JSON
//! object per row (`json_object`), which was most of the time of undoing a
//! big autocode (1.68 million rows). The change now also stores the
//! fingerprint of each image (`event_rows.before_hash`, `after_hash`, schema
//! version 7), and undo compares fingerprints: one pass over the row's bytes,
//! no string built. The hash is FNV-1a over each value with its type and
//! length, so it is stable across thema versions and platforms (it is stored)
//! and `'1'` never equals `1`. A collision (2⁻⁶⁴ per row) would only let an
//! undo overwrite a change it should have refused; it never corrupts a file.
//! The function is never used in the schema (an index or a CHECK), so other
//! SQLite tools can still read and write the file.

use crate::error::Result;
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;

/// The SQL name of the fingerprint function.
pub(crate) const FUNCTION: &str = "thema_row_hash";

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 = (self.0 ^ x as u64).wrapping_mul(PRIME);
        }
    }
}

/// The fingerprint of a sequence of SQLite values.
pub(crate) fn hash<'a>(values: impl IntoIterator<Item = ValueRef<'a>>) -> i64 {
    let mut h = Fnv(OFFSET);
    for v in values {
        match v {
            ValueRef::Null => h.bytes(&[0]),
            ValueRef::Integer(i) => {
                h.bytes(&[1]);
                h.bytes(&i.to_le_bytes());
            }
            ValueRef::Real(f) => {
                h.bytes(&[2]);
                h.bytes(&f.to_bits().to_le_bytes());
            }
            ValueRef::Text(t) => {
                h.bytes(&[3]);
                h.bytes(&(t.len() as u64).to_le_bytes());
                h.bytes(t);
            }
            ValueRef::Blob(b) => {
                h.bytes(&[4]);
                h.bytes(&(b.len() as u64).to_le_bytes());
                h.bytes(b);
            }
        }
    }
    h.0 as i64
}

/// Make `thema_row_hash` available on `conn`.
pub(crate) fn register(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        FUNCTION,
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(hash((0..ctx.len()).map(|i| ctx.get_raw(i)))),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_their_types_and_boundaries_count() {
        let c = Connection::open_in_memory().unwrap();
        register(&c).unwrap();
        let h = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
        let base = h("SELECT thema_row_hash(1, 'ab', NULL)");
        assert_eq!(base, h("SELECT thema_row_hash(1, 'ab', NULL)"));
        assert_ne!(base, h("SELECT thema_row_hash('1', 'ab', NULL)"));
        assert_ne!(base, h("SELECT thema_row_hash(1, 'ab', '')"));
        assert_ne!(base, h("SELECT thema_row_hash(1, 'a', 'b')"));
        assert_ne!(base, h("SELECT thema_row_hash(1.0, 'ab', NULL)"));
        // Stored in files: the value must never change between versions.
        // FNV-1a 64 of the empty input is its offset basis.
        assert_eq!(h("SELECT thema_row_hash()"), OFFSET as i64);
        assert_eq!(
            h("SELECT thema_row_hash('a')"),
            hash([ValueRef::Text(b"a")])
        );
        assert_eq!(
            hash([ValueRef::Text(b"a")]),
            0x15e2_1d2d_38e1_6316_u64 as i64
        );
    }
}
