//! `sitrep eval timebank DIR`: scores the time recogniser and resolver against French TimeBank files. (Skeleton: lands with the dates issue.)
