//! Stage 1 of the pipeline: sources to documents. (Skeleton.)
