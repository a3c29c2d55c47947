"""sitrep from Python: news reports about armed conflict, read into events.

sitrep reads reports in French and English and finds what happened (ACLED's
event types), where (a GeoNames place with coordinates), when, who was
involved, and who claims how many were killed or hurt. This package runs
the same pipeline as the ``sitrep`` command, in-process:

- :class:`Pipeline` loads the gazetteer and language data once;
  :meth:`Pipeline.extract` reads one document, :meth:`Pipeline.extract_many`
  many in parallel, :meth:`Pipeline.ingest` stores files in a database.
- :func:`incidents` and :func:`claims` read a database (a SQLite file or a
  PostgreSQL URL) into pandas DataFrames; :func:`to_geodataframe` makes the
  incidents a GeoDataFrame.
- :mod:`sitrep.dask` runs extraction on a Dask cluster, one pipeline per
  worker process.

Reports are dicts with the fields of sitrep's JSON output (see the
project's DESIGN and docs/guide). Errors raise :class:`SitrepError` with
the command line's message.
"""

from __future__ import annotations

import concurrent.futures as _futures
import datetime as _dt
import gc as _gc
import itertools as _it
import json as _json
import math as _math
import numbers as _numbers
import os as _os
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence, Union

from . import _sitrep
from ._sitrep import IngestResult, SitrepError

try:  # twice as fast as the standard library's reader on sitrep's reports
    from orjson import loads as _loads_json
except ImportError:  # pragma: no cover
    _loads_json = _json.loads

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "DocumentError",
    "IngestResult",
    "Pipeline",
    "SitrepError",
    "claims",
    "incidents",
    "to_geodataframe",
]

PathLike = Union[str, "_os.PathLike[str]"]
Document = Union[str, Mapping[str, Any]]

# The fields of a document that sitrep reads; others are passed on untouched.
_DOCUMENT_FIELDS = ("id", "text", "published", "title", "url", "source", "language")


class DocumentError:
    """A document that could not be read, in place of its report.

    :meth:`Pipeline.extract_many` yields one where a document fails, so one
    bad document never stops the others. It is falsy, so
    ``[r for r in reports if r]`` keeps the reports.

    Attributes:
        index: the document's position in the input, from 0.
        id: its ``id`` when it gave one, else None.
        message: what was wrong and what to do, as the command line says it.
    """

    __slots__ = ("index", "id", "message")

    def __init__(self, index: int, id: str | None, message: str) -> None:
        self.index = index
        self.id = id
        self.message = message

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocumentError) and (self.index, self.id, self.message) == (
            other.index,
            other.id,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.index, self.id, self.message))

    def __repr__(self) -> str:
        return f"DocumentError(index={self.index!r}, id={self.id!r}, message={self.message!r})"

    def __reduce__(self):  # picklable, for Dask
        return (DocumentError, (self.index, self.id, self.message))


def _date_text(value: Any) -> Any:
    """A date, datetime, pandas Timestamp or numpy datetime64 as YYYY-MM-DD;
    other values as they are."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if type(value).__name__ == "datetime64":
        return str(value)[:10]
    return value


def _missing(value: Any) -> bool:
    """None, or what pandas and numpy put in an empty cell (NaN, NaT, NA)."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(value, (str, bytes)):
        return False
    try:
        # NaN and NaT are the values unequal to themselves.
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def _id_text(value: Any) -> Any:
    """An id as text: integers as written, and so the integral floats that a
    pandas column of integers with a gap holds (1.0 is "1")."""
    if isinstance(value, _numbers.Integral) and not isinstance(value, bool):
        return str(int(value))
    if isinstance(value, _numbers.Real) and float(value).is_integer():
        return str(int(value))
    return value


def _document_fields(doc: Document, index: int, name: str = "document") -> tuple:
    """``(index, id, text, published, title, url, source, language)`` of one
    document, as the native side checks them (the fields of a JSONL line);
    raises TypeError with a message naming the document."""
    if isinstance(doc, str):
        return (index, None, doc, None, None, None, None, None)
    if not isinstance(doc, Mapping):
        raise TypeError(
            f"{name}:{index}: expected a str or a dict with a \"text\" field, got {type(doc).__name__}"
        )
    out: list = [index]
    for key in _DOCUMENT_FIELDS:
        value = doc.get(key)
        if _missing(value):
            value = None
        elif key == "id":
            value = _id_text(value)
        elif key == "published":
            value = _date_text(value)
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name}:{index}: \"{key}\" must be a string, got {type(value).__name__}")
        out.append(value)
    if out[2] is None:
        raise TypeError(f"{name}:{index}: no \"text\" field")
    return tuple(out)


class _Batch:
    """Documents handed to the native side at once: the JSON of those that
    could be written, and in input order, a slot per document (an index into
    the payloads, or the DocumentError of one refused here)."""

    __slots__ = ("payloads", "ids", "slots", "first")

    def __init__(self, docs: list, first: int, name: str) -> None:
        self.first = first
        self.payloads: list[tuple] = []
        self.ids: list[str | None] = []
        self.slots: list[int | DocumentError] = []
        for offset, doc in enumerate(docs):
            i = first + offset
            try:
                fields = _document_fields(doc, i, name)
            except TypeError as e:
                self.slots.append(DocumentError(i, None, str(e)))
                continue
            self.slots.append(len(self.payloads))
            self.ids.append(fields[1])
            self.payloads.append(fields)

    def reports(self, outcomes: list) -> Iterator[dict | DocumentError]:
        yield from _reports(self, _loads(outcomes))


def _loads(outcomes: list) -> list:
    """Each ``(ok, text)`` as the report dict or the message. The collector
    is paused meanwhile: a report makes some hundred objects, none in a
    cycle, and the collections their making sets off cost 15% of
    ``extract_many``'s time on one thread. They are scanned once, at the
    next collection after this."""
    paused = _gc.isenabled()
    if paused:
        _gc.disable()
    try:
        return [_loads_json(text) if ok else text for ok, text in outcomes]
    finally:
        if paused:
            _gc.enable()


def _reports(batch: "_Batch", outcomes: list) -> Iterator[dict | DocumentError]:
    for offset, slot in enumerate(batch.slots):
        if isinstance(slot, DocumentError):
            yield slot
            continue
        out = outcomes[slot]
        yield DocumentError(batch.first + offset, batch.ids[slot], out) if isinstance(out, str) else out


def _batches(docs: Iterator[Document], size: int, name: str) -> Iterator[_Batch]:
    first = 0
    while True:
        docs_now = list(_it.islice(docs, size))
        if not docs_now:
            return
        yield _Batch(docs_now, first, name)
        first += len(docs_now)


class Pipeline:
    """sitrep's pipeline, loaded once: gazetteer, language data, worker threads.

    Args:
        data_dir: where ``sitrep gazetteer import`` put the gazetteer and
            where lexicon overrides live. Default: ``$SITREP_DATA_DIR``, else
            sitrep's data directory (``~/.local/share/sitrep``), as on the
            command line. A directory without a gazetteer gives the built-in
            one (the larger towns).
        gazetteer: more GeoNames dumps (``.txt``, ``.zip``) or indexes to load.

    Raises:
        SitrepError: when the gazetteer or language data cannot be loaded.
    """

    def __init__(
        self, data_dir: PathLike | None = None, gazetteer: PathLike | Iterable[PathLike] = ()
    ) -> None:
        if isinstance(gazetteer, (str, _os.PathLike)):
            gazetteer = [gazetteer]
        self._native = _sitrep.Pipeline(
            None if data_dir is None else _os.fspath(data_dir),
            [_os.fspath(g) for g in gazetteer],
        )

    @property
    def data_dir(self) -> str | None:
        """The data directory the gazetteer and overrides were read from."""
        d = self._native.data_dir
        return None if d is None else _os.fspath(d)

    def extract(
        self,
        text: str,
        published: str | _dt.date | None = None,
        language: str | None = None,
        id: str | None = None,
    ) -> dict:
        """The report of one document, as a dict.

        Args:
            text: the document's text.
            published: its publication date (``"2024-08-26"`` or a date): the
                anchor for "dimanche", "yesterday". Without it, relative
                dates stay unresolved.
            language: ``"fr"`` or ``"en"``; detected when None.
            id: the report's ``document.id`` (default ``"document"``).

        Raises:
            SitrepError: when the document cannot be read (empty text, a bad
                date or language, over the 5 MiB limit).
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        doc = {"text": text, "id": "document" if id is None else id}
        if published is not None:
            doc["published"] = published
        if language is not None:
            doc["language"] = language
        [(ok, out)] = self._native.extract_json([_document_fields(doc, 0)], 1)
        if not ok:
            raise SitrepError(out)
        return _loads_json(out)

    def extract_many(
        self,
        docs: Iterable[Document],
        threads: int | None = None,
        chunk: int = 256,
        name: str = "document",
    ) -> Iterator[dict | DocumentError]:
        """Reports of many documents, in input order, read in parallel.

        Args:
            docs: strings (the text) or dicts with a ``"text"`` field and
                optionally ``"id"``, ``"published"``, ``"title"``, ``"url"``,
                ``"source"``, ``"language"`` (the fields of a line of
                ``sitrep extract --input``). Read lazily, ``chunk`` per
                thread at a time, so a long iterable is never held whole.
            threads: worker threads (default: all cores). The interpreter
                is released while they work.
            chunk: documents per thread handed over at once.
            name: what messages call the input: a document without an
                ``id`` gets ``name:position`` (``document:4``).

        Yields:
            the report dict of each document, or a :class:`DocumentError`
            in its place when it cannot be read; the others go on.
        """
        if threads is not None and threads < 1:
            raise ValueError("threads must be at least 1")
        if chunk < 1:
            raise ValueError("chunk must be at least 1")
        width = threads or _os.cpu_count() or 1
        return self._reports(iter(docs), threads, chunk * width, name)

    def _reports(
        self, docs: Iterator[Document], threads: int | None, size: int, name: str
    ) -> Iterator[dict | DocumentError]:
        batches = _batches(docs, size, name)
        if threads == 1:
            for batch in batches:
                yield from batch.reports(self._native.extract_json(batch.payloads, 1, name))
            return
        # With several threads, the next batch is read while this one's
        # reports are converted and handed out, so the workers do not wait
        # for the interpreter.
        with _futures.ThreadPoolExecutor(1, thread_name_prefix="sitrep") as ahead:
            pending = None
            for batch in batches:
                future = ahead.submit(self._native.extract_batch, batch.payloads, threads, name)
                if pending is not None:
                    yield from pending[0].reports(pending[1].result().take())
                pending = (batch, future)
            if pending is not None:
                yield from pending[0].reports(pending[1].result().take())

    def sample_reports(self, n: int, seed: int = 42, language: str | None = None) -> list[dict]:
        """``n`` generated reports (the corpus of ``sitrep bench``), as
        document dicts ready for :meth:`extract_many`; the same for the same
        seed and gazetteer. ``language`` ``"fr"``, ``"en"``, or None for both
        in turn. For trying things and measuring, not real news."""
        return [_json.loads(d) for d in self._native.sample_json(n, seed, language)]

    def ingest(
        self,
        paths: PathLike | Sequence[PathLike],
        db: PathLike,
        published: str | _dt.date | None = None,
        language: str | None = None,
        batch: int = 500,
    ) -> IngestResult:
        """Extracts and stores files and folders in a database, linking the
        events of many reports into incidents: ``sitrep ingest --no-learn``.

        Args:
            paths: files or folders (text, HTML, RSS/Atom, JSONL).
            db: a SQLite file (made when absent) or a ``postgres://`` URL.
            published: the publication date of documents that give none.
            language: force ``"fr"`` or ``"en"``.
            batch: documents per transaction.

        Returns:
            the counts, and ``failed``: ``(input, message)`` per document
            that could not be read (the others are stored).

        Raises:
            SitrepError: when the database cannot be opened or written.
        """
        if isinstance(paths, (str, _os.PathLike)):
            paths = [paths]
        return self._native.ingest(
            [_os.fspath(p) for p in paths],
            _os.fspath(db),
            _date_text(published),
            language,
            batch,
        )


def _filters(since: Any, until: Any) -> tuple[str | None, str | None]:
    return _date_text(since), _date_text(until)


def _incident_rows(db, country, since, until, type, limit):
    since, until = _filters(since, until)
    return _sitrep.incident_rows(
        db if isinstance(db, str) else _os.fspath(db), country, since, until, type, limit
    )


def incidents(
    db: PathLike,
    country: str | None = None,
    since: str | _dt.date | None = None,
    until: str | _dt.date | None = None,
    type: str | None = None,
    limit: int | None = None,
) -> "pandas.DataFrame":
    """The incidents of a database as a pandas DataFrame, one row each.

    Columns: ACLED's 31, in its order (``event_date`` as a datetime,
    ``latitude``/``longitude`` as floats, ``fatalities`` as an integer), then
    ``low``, ``best``, ``high`` (the killed figures the claims give, nullable
    integers) and ``incident_id``.

    Args:
        db: a SQLite file written by ``sitrep ingest`` or a ``postgres://`` URL.
        country: ISO 3166 alpha-2 code (``"BF"``).
        since, until: first and last event date, inclusive.
        type: ACLED event type (``"Battles"``).
        limit: at most this many incidents.

    Raises:
        SitrepError: when the database is absent or unreadable.
    """
    import pandas as pd

    columns, rows = _incident_rows(db, country, since, until, type, limit)
    frame = pd.DataFrame([r for r, _ in rows], columns=columns)
    figures = [_json.loads(j)["fatalities"] for _, j in rows]
    for key in ("low", "best", "high"):
        frame[key] = pd.array([f.get(key) for f in figures], dtype="Int64")
    frame["incident_id"] = pd.array([int(r[0]) for r, _ in rows], dtype="int64")
    frame["event_date"] = pd.to_datetime(frame["event_date"].replace("", None), format="%Y-%m-%d")
    for col in ("latitude", "longitude"):
        frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce").astype("float64")
    for col in ("fatalities", "timestamp"):
        frame[col] = pd.to_numeric(frame[col]).astype("int64")
    for col in ("year", "time_precision", "inter1", "inter2", "interaction", "geo_precision", "iso"):
        frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce").astype("Int64")
    return frame


_CLAIM_COLUMNS = [
    "incident_id",
    "document_id",
    "claimant",
    "claimant_kind",
    "category",
    "killed",
    "killed_high",
    "killed_qualifier",
    "killed_evidence",
    "injured",
    "injured_high",
    "injured_qualifier",
    "injured_evidence",
    "cue",
    "additional",
    "reprinted_in",
]


def claims(
    db: PathLike,
    country: str | None = None,
    since: str | _dt.date | None = None,
    until: str | _dt.date | None = None,
    type: str | None = None,
    limit: int | None = None,
) -> "pandas.DataFrame":
    """Who claims what: one row per claim of the database's incidents.

    Columns: ``incident_id``, ``document_id`` (the report that makes it),
    ``claimant`` and ``claimant_kind`` (party, official, local_source, ngo,
    media, unattributed), ``category`` (who the dead were: civilians,
    soldiers...), ``killed``/``killed_high``/``killed_qualifier``/
    ``killed_evidence`` (the figure, its upper bound for a range, "about",
    "at least"..., and the words of the text), the same for ``injured``,
    ``cue`` (the reporting words: "said", "selon"), ``additional`` (dead
    others than those the other claims count) and ``reprinted_in`` (other
    documents carrying the same text). Filters as in :func:`incidents`.
    """
    import pandas as pd

    out = []
    for _, j in _incident_rows(db, country, since, until, type, limit)[1]:
        incident = _json.loads(j)
        for c in incident.get("claims", []):
            killed, injured = c.get("killed") or {}, c.get("injured") or {}
            cue = c.get("cue") or {}
            out.append(
                (
                    incident["id"],
                    c.get("document_id"),
                    c["claimant"]["name"],
                    c["claimant"]["kind"],
                    killed.get("category") or injured.get("category"),
                    killed.get("value"),
                    killed.get("high"),
                    killed.get("qualifier"),
                    (killed.get("evidence") or {}).get("text"),
                    injured.get("value"),
                    injured.get("high"),
                    injured.get("qualifier"),
                    (injured.get("evidence") or {}).get("text"),
                    cue.get("text"),
                    bool(c.get("additional", False)),
                    list(c.get("reprinted_in", [])),
                )
            )
    frame = pd.DataFrame(out, columns=_CLAIM_COLUMNS)
    for col in ("killed", "killed_high", "injured", "injured_high"):
        frame[col] = frame[col].astype("Int64")
    frame["incident_id"] = frame["incident_id"].astype("int64")
    frame["additional"] = frame["additional"].astype("bool")
    return frame


def to_geodataframe(frame: "pandas.DataFrame"):
    """The incidents of :func:`incidents` as a GeoDataFrame of points
    (WGS 84, EPSG:4326) from ``longitude`` and ``latitude``; incidents with
    no coordinates get no geometry (None), as in sitrep's GeoJSON.

    Raises:
        ImportError: when geopandas is not installed (``pip install geopandas``).
    """
    try:
        import geopandas as gpd
    except ImportError as e:
        raise ImportError(
            "to_geodataframe needs geopandas: pip install geopandas (or pip install 'sitrep[geo]')"
        ) from e
    located = frame["latitude"].notna() & frame["longitude"].notna()
    points = gpd.points_from_xy(frame["longitude"], frame["latitude"])
    geometry = gpd.GeoSeries([p if ok else None for p, ok in zip(points, located)], index=frame.index, crs="EPSG:4326")
    return gpd.GeoDataFrame(frame.copy(), geometry=geometry, crs="EPSG:4326")
