//! Builds the gazetteer_index seed from the GeoNames-format lines in
//! fuzz/geonames with the project's own import:
//!
//! ```sh
//! cd fuzz && cargo run --example gazetteer_seed
//! ```
//!
//! It writes seeds/gazetteer_index/tiny.idx (every file) and
//! seeds/gazetteer_index/places-only.idx (the place dump alone).

use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("geonames");
    let out = root.join("gazetteer_index");
    std::fs::create_dir_all(&out).expect("seed folder");
    let all: Vec<PathBuf> = [
        "places.txt",
        "admin1CodesASCII.txt",
        "admin2Codes.txt",
        "countryInfo.txt",
    ]
    .iter()
    .map(|f| src.join(f))
    .collect();
    for (name, files) in [("tiny.idx", &all[..]), ("places-only.idx", &all[..1])] {
        let dir = tempfile::tempdir().expect("temp dir");
        let summary = sitrep_gazetteer::import(dir.path(), files).expect("import");
        eprintln!("{name}: {summary}");
        std::fs::copy(&summary.index, out.join(name)).expect("copy the index");
    }
}
