"""sitrep on a Dask cluster: one pipeline per worker process.

:func:`extract` maps a Dask Bag of documents (strings or dicts, as
:meth:`sitrep.Pipeline.extract_many` takes them), or a Dask DataFrame with a
``text`` column (and optionally ``id``, ``published``, ``title``, ``url``,
``source``, ``language``), to a Bag of reports (dicts, or
:class:`sitrep.DocumentError` where a document cannot be read). Each worker
process loads the pipeline once, the first time one of its tasks needs it,
and keeps it for every later partition::

    from dask.distributed import Client
    import dask
    import dask.bag as db
    import sitrep.dask

    client = Client("tcp://scheduler:8786")      # or LocalCluster()
    docs = db.read_text("s3://archive/*.jsonl").map(json.loads)
    reports = sitrep.dask.extract(docs, data_dir="/opt/sitrep")
    reports.map(json.dumps).to_textfiles("s3://out/reports-*.jsonl")

``data_dir`` and ``gazetteer`` must name paths that exist on every worker.
A document without an ``id`` gets ``partition-K:N`` (the N-th document of
partition K), and a :class:`sitrep.DocumentError`'s ``index`` is N.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Tuple

import sitrep

__all__ = ["extract", "pipelines_built"]

_LOCK = threading.Lock()
_PIPELINES: dict = {}
_BUILT = 0


@dataclass(frozen=True)
class _Config:
    data_dir: Optional[str]
    gazetteer: Tuple[str, ...]
    threads: int


def _pipeline(config: _Config) -> sitrep.Pipeline:
    """This process's pipeline for ``config``, loaded on first use."""
    global _BUILT
    key = (config.data_dir, config.gazetteer)
    with _LOCK:
        p = _PIPELINES.get(key)
        if p is None:
            p = sitrep.Pipeline(config.data_dir, config.gazetteer)
            _PIPELINES[key] = p
            _BUILT += 1
        return p


def pipelines_built() -> int:
    """How many pipelines this process has loaded: at most one per
    configuration, however many partitions it read. Ask every worker with
    ``client.run(sitrep.dask.pipelines_built)``."""
    return _BUILT


def _extract_partition(docs: Iterable[Any], config: _Config, partition: int) -> list:
    return list(
        _pipeline(config).extract_many(docs, threads=config.threads, name=f"partition-{partition}")
    )


def extract(collection, data_dir=None, gazetteer=(), threads: int = 1):
    """Reports of a Dask Bag of documents, or of a Dask DataFrame's rows.

    Args:
        collection: a ``dask.bag.Bag`` of strings or dicts, or a
            ``dask.dataframe.DataFrame`` with a ``text`` column.
        data_dir: the data directory on the workers (see
            :class:`sitrep.Pipeline`).
        gazetteer: more GeoNames dumps or indexes, as paths on the workers.
        threads: threads per task; 1 lets Dask's own worker threads and
            processes share the cores.

    Returns:
        a ``dask.bag.Bag`` of reports in the input's order, partitioned as
        the input.
    """
    import dask
    import dask.bag as db

    if isinstance(collection, db.Bag):
        bag = collection
    elif hasattr(collection, "to_bag") and hasattr(collection, "columns"):
        if "text" not in collection.columns:
            raise ValueError("the DataFrame needs a 'text' column")
        bag = collection.to_bag(index=False, format="dict")
    else:
        raise TypeError(
            f"expected a dask.bag.Bag or a dask.dataframe.DataFrame, got {type(collection).__name__}"
        )
    if threads < 1:
        raise ValueError("threads must be at least 1")
    if isinstance(gazetteer, (str, os.PathLike)):
        gazetteer = [gazetteer]
    config = _Config(
        None if data_dir is None else str(data_dir),
        tuple(str(g) for g in gazetteer),
        threads,
    )
    # Each partition is named by its number, so that a document without an
    # id is "partition-3:17" (its position in the partition), unique in the
    # whole collection, and a DocumentError's message says where it was.
    extract = dask.delayed(_extract_partition, pure=True)
    parts = [extract(part, config, k) for k, part in enumerate(bag.to_delayed())]
    return db.from_delayed(parts)
