//! `sitrep eval acled FILE.csv`. (Skeleton: lands with the events issue.)
