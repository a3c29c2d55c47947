"""Shared fixtures: a pipeline on the built-in gazetteer only (an empty data
directory, so results do not depend on what this machine imported), and a
few short reports written for these tests."""

import json

import pytest

import sitrep

# Two outlets telling one incident, and one other incident. Written for the
# tests; not taken from any news source.
REPORTS = [
    {
        "id": "radio-a",
        "source": "Radio Test Sahel",
        "published": "2024-03-11",
        "text": "Des hommes armés ont attaqué dimanche le marché de Djibo, dans le nord du "
        "Burkina Faso. Selon des habitants joints par téléphone, au moins douze civils "
        "ont été tués. L'armée a indiqué de son côté que huit assaillants avaient été "
        "neutralisés.",
    },
    {
        "id": "wire-b",
        "source": "Test Wire",
        "published": "2024-03-11",
        "text": "Gunmen attacked the market in Djibo, in northern Burkina Faso, on Sunday, "
        "killing at least 12 civilians, residents said. The army said eight of the "
        "attackers were killed.",
    },
    {
        "id": "wire-c",
        "source": "Test Wire",
        "published": "2024-05-02",
        "text": "Police in Garissa said on Tuesday that two officers were wounded when "
        "suspected militants opened fire on a patrol near the town.",
    },
]


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("sitrep-data")


@pytest.fixture(scope="session")
def pipeline(data_dir):
    return sitrep.Pipeline(data_dir=data_dir)


@pytest.fixture(scope="session")
def reports_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("reports") / "reports.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in REPORTS), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def store(pipeline, reports_file, tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "reports.db"
    result = pipeline.ingest(reports_file, db)
    assert result.new == 3 and not result.failed, result
    return db
