"""Type stubs of sitrep's native module; use the package ``sitrep``."""

from os import PathLike
from pathlib import Path
from typing import Optional, Sequence, Tuple, Union

class SitrepError(Exception):
    """What failed in sitrep, on which input, and what to do."""

class IngestResult:
    """What ``Pipeline.ingest`` stored and what failed."""

    new: int
    duplicate: int
    events: int
    incidents_created: int
    skipped: int
    undated: int
    failed: list[Tuple[str, str]]
    seconds: float

class Batch:
    """Reports read and not yet converted to Python objects."""

    def take(self) -> list[Tuple[bool, str]]: ...

class Pipeline:
    """The loaded pipeline: gazetteer, language data, worker pools."""

    def __init__(
        self,
        data_dir: Optional[Union[str, PathLike[str]]] = None,
        gazetteer: Sequence[Union[str, PathLike[str]]] = ...,
    ) -> None: ...
    @property
    def data_dir(self) -> Optional[Path]: ...
    def extract_json(
        self, docs: Sequence[Tuple[int, Optional[str], str, Optional[str], Optional[str], Optional[str], Optional[str], Optional[str]]], threads: Optional[int] = None, name: str = "document"
    ) -> list[Tuple[bool, str]]: ...
    def extract_batch(
        self, docs: Sequence[Tuple[int, Optional[str], str, Optional[str], Optional[str], Optional[str], Optional[str], Optional[str]]], threads: Optional[int] = None, name: str = "document"
    ) -> Batch: ...
    def sample_json(self, n: int, seed: int = 42, language: Optional[str] = None) -> list[str]: ...
    def ingest(
        self,
        paths: Sequence[str],
        db: str,
        published: Optional[str] = None,
        language: Optional[str] = None,
        batch: int = 500,
    ) -> IngestResult: ...

def incident_rows(
    db: str,
    country: Optional[str] = None,
    since: Optional[str] = None,
    until: Optional[str] = None,
    event_type: Optional[str] = None,
    limit: Optional[int] = None,
) -> Tuple[list[str], list[Tuple[list[str], str]]]: ...
