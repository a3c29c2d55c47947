//! Place names to GeoNames entries. (Skeleton: lands with the places issue.)

use sitrep_annotate::Annotation;
use sitrep_core::PlaceValue;
use sitrep_gazetteer::Gazetteer;

pub fn resolve_all(
    _text: &str,
    ann: &Annotation,
    _gazetteer: &Gazetteer,
) -> Vec<Option<PlaceValue>> {
    ann.places.iter().map(|_| None).collect()
}
