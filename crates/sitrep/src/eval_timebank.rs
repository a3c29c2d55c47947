//! `sitrep eval timebank DIR`. (Skeleton: lands with the dates issue.)
