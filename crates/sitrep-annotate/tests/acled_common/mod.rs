//! The ACLED development files, read at test time from ../shared.

pub const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/corpus/acled-dev"
);

/// Every record of a CSV text, the header row first; a malformed record
/// ends the list (the files are ACLED's own exports).
pub fn records(data: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data.as_bytes())
        .records()
        .map_while(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect()
}
