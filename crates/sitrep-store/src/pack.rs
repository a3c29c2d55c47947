//! Long values (a document's text and mentions, an event, an incident) as
//! the SQLite file keeps them: zstd-compressed, since SQLite stores every
//! byte as written. PostgreSQL compresses long values itself (TOAST) and
//! gets them as text. [`packed`] writes, [`unpacked`] reads; a value
//! written before packing existed is plain text and reads as it did.
//!
//! JSON is compressed with a dictionary (`data/pack-v1.zdict`, made by
//! `scripts/train-pack-dict.sh`) that knows sitrep's keys and enum names,
//! so that a value of 1-2 KB shrinks as well as a long one would: mentions
//! about eightfold, events sixfold. Prose gains nothing from it and is
//! compressed without.

use crate::sql::{Dialect, Value};
use std::cell::RefCell;
use zstd::bulk::{Compressor, Decompressor};

/// What a value is, which decides how it is compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Packing {
    /// sitrep's own JSON: with the dictionary.
    Json,
    /// A document's text: without.
    Prose,
}

/// The dictionary of JSON values. Stored frames name it by id, so it is
/// never changed: a better one is a new file with a new id, read beside it.
const DICTIONARY: &[u8] = include_bytes!("../data/pack-v1.zdict");
const DICTIONARY_ID: u32 = 0x7369_7401;

/// The first four bytes of every zstd frame.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

/// More than any value sitrep writes (texts are read in sections of at most
/// a few megabytes, see docs/limits.md).
const MAX_UNPACKED: u64 = 1 << 28;

/// zstd's level 1: level 3 gains about 1% for twice the time.
const LEVEL: i32 = 1;

// Setting up a compressor's tables (and loading the dictionary) takes
// longer than a document takes to compress: one of each per thread, reused.
// `None` if zstd could not make one, which then stores the value unpacked.
thread_local! {
    static PROSE: RefCell<Option<Compressor<'static>>> = RefCell::new(Compressor::new(LEVEL).ok());
    static JSON: RefCell<Option<Compressor<'static>>> =
        RefCell::new(Compressor::with_dictionary(LEVEL, DICTIONARY).ok());
    static PLAIN_READER: RefCell<Option<Decompressor<'static>>> =
        RefCell::new(Decompressor::new().ok());
    static JSON_READER: RefCell<Option<Decompressor<'static>>> =
        RefCell::new(Decompressor::with_dictionary(DICTIONARY).ok());
}

/// `text` as `dialect`'s database keeps it.
pub(crate) fn packed(dialect: Dialect, packing: Packing, text: String) -> Value {
    if dialect == Dialect::Postgres {
        return Value::Text(text);
    }
    let with =
        |c: &mut Option<Compressor<'static>>| c.as_mut().map(|c| c.compress(text.as_bytes()));
    let bytes = match packing {
        Packing::Json => JSON.with_borrow_mut(with),
        Packing::Prose => PROSE.with_borrow_mut(with),
    };
    match bytes {
        Some(Ok(bytes)) if bytes.len() < text.len() => Value::Bytes(bytes),
        // Too short to gain, or the compressor failed: kept as is.
        _ => Value::Text(text),
    }
}

/// The text a stored blob holds: a zstd frame unpacked (with the dictionary
/// it names), anything else read as UTF-8.
pub(crate) fn unpacked(bytes: &[u8]) -> Result<String, String> {
    if !bytes.starts_with(&ZSTD_MAGIC) {
        return Ok(String::from_utf8_lossy(bytes).into_owned());
    }
    // `packed` writes the size in the frame; a frame without it is none of
    // sitrep's. A damaged header must not make sitrep reserve terabytes.
    let size = match zstd::zstd_safe::get_frame_content_size(bytes) {
        Ok(Some(n)) if n <= MAX_UNPACKED => n as usize,
        Ok(Some(n)) => return Err(format!("a compressed value claims {n} bytes")),
        _ => return Err("a compressed value without its size".into()),
    };
    let dictionary = zstd::zstd_safe::get_dict_id_from_frame(bytes);
    let with =
        |d: &mut Option<Decompressor<'static>>| d.as_mut().map(|d| d.decompress(bytes, size));
    let raw = match dictionary.map(u32::from) {
        None => PLAIN_READER.with_borrow_mut(with),
        Some(DICTIONARY_ID) => JSON_READER.with_borrow_mut(with),
        Some(other) => {
            return Err(format!(
                "compressed with dictionary {other}, which this sitrep does not have; a newer sitrep wrote it"
            ))
        }
    };
    let raw = raw
        .ok_or_else(|| "zstd could not be set up".to_string())?
        .map_err(|e| format!("cannot unpack: {e}"))?;
    String::from_utf8(raw).map_err(|e| format!("unpacked text is not UTF-8: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(packing: Packing, text: &str) -> Value {
        let v = packed(Dialect::Sqlite, packing, text.to_string());
        let back = match &v {
            Value::Bytes(b) => unpacked(b).expect("unpacks"),
            Value::Text(t) => t.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(back, text);
        v
    }

    #[test]
    fn json_and_prose_come_back_as_written() {
        let json = r#"[{"kind":"place","value":{"geonameid":123,"name":"Kaya","country_code":"BF","latitude":13.09,"longitude":-1.08,"feature":"P.PPLA","geo_precision":1},"start":10,"end":14,"text":"Kaya"},{"kind":"actor","value":{"name":"Military Forces of {country}","inter":1},"start":20,"end":28,"text":"l'armée"}]"#;
        let v = round_trip(Packing::Json, json);
        // The dictionary knows these keys: well under half the size.
        assert!(
            matches!(&v, Value::Bytes(b) if b.len() * 2 < json.len()),
            "{v:?}"
        );
        let prose = "Des hommes armés ont attaqué le village dimanche. ".repeat(20);
        assert!(matches!(
            round_trip(Packing::Prose, &prose),
            Value::Bytes(_)
        ));
        // Too short to gain: kept as text.
        assert_eq!(round_trip(Packing::Prose, "ok"), Value::Text("ok".into()));
        assert_eq!(round_trip(Packing::Json, "{}"), Value::Text("{}".into()));
    }

    #[test]
    fn postgres_gets_text() {
        let v = packed(Dialect::Postgres, Packing::Json, "[1,2,3]".repeat(100));
        assert!(matches!(v, Value::Text(_)));
    }

    #[test]
    fn damaged_frames_are_errors_not_panics() {
        let Value::Bytes(good) = packed(Dialect::Sqlite, Packing::Prose, "abc ".repeat(200)) else {
            panic!("packed");
        };
        let mut cut = good.clone();
        cut.truncate(good.len() / 2);
        assert!(unpacked(&cut).is_err());
        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0xFF;
        let _ = unpacked(&flipped); // may or may not be caught by zstd; never a panic
                                    // A header claiming a huge size.
        let mut huge = ZSTD_MAGIC.to_vec();
        huge.extend_from_slice(&[0xC0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]);
        assert!(unpacked(&huge).is_err());
        // Not a frame: read as text.
        assert_eq!(unpacked(b"plain").as_deref(), Ok("plain"));
    }
}
