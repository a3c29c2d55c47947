//! The GeoNames gazetteer. (Skeleton: the index, import and embedded
//! default land with the places issue.)

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("cannot read gazetteer file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// All known places, searchable by folded name.
#[derive(Debug, Default)]
pub struct Gazetteer {}

impl Gazetteer {
    /// The index imported into `data_dir` if there is one, else the built-in
    /// default; then every GeoNames dump in `extra`, read at start-up.
    pub fn load(_data_dir: Option<&Path>, extra: &[PathBuf]) -> Result<Gazetteer, GazetteerError> {
        for p in extra {
            std::fs::metadata(p).map_err(|source| GazetteerError::Read {
                path: p.clone(),
                source,
            })?;
        }
        Ok(Gazetteer {})
    }
}
