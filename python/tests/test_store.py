"""Pipeline.ingest, incidents(), claims(), to_geodataframe(): the store in pandas."""

import os
import shutil
import subprocess
import sys
import uuid

import pytest

import sitrep

pd = pytest.importorskip("pandas")

ACLED = [
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year",
    "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "region", "country",
    "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "timestamp", "iso3",
]


def test_incidents_have_acled_columns_and_the_claimed_range(store):
    df = sitrep.incidents(store)
    assert list(df.columns) == ACLED + ["low", "best", "high", "incident_id"]
    # The two outlets' reports of the Djibo attack are one incident.
    assert len(df) == 2
    djibo = df[df["location"] == "Djibo"].iloc[0]
    assert djibo["country"] == "Burkina Faso" and djibo["iso3"] == "BFA"
    assert djibo["event_date"] == pd.Timestamp("2024-03-10")
    assert set(djibo["source"].split("; ")) == {"Radio Test Sahel", "Test Wire"}
    assert djibo["high"] >= 12
    assert djibo["low"] <= djibo["best"] <= djibo["high"]
    assert df["latitude"].dtype == "float64" and df["fatalities"].dtype == "int64"
    assert str(df["best"].dtype) == "Int64"
    garissa = df[df["location"] == "Garissa"].iloc[0]
    assert garissa["country"] == "Kenya"
    assert pd.isna(garissa["best"])


def test_incidents_filter_as_the_command_line_does(store):
    assert list(sitrep.incidents(store, country="KE")["location"]) == ["Garissa"]
    assert len(sitrep.incidents(store, since="2024-04-01")) == 1
    assert len(sitrep.incidents(store, until=pd.Timestamp("2024-04-01"))) == 1
    assert len(sitrep.incidents(store, limit=1)) == 1
    empty = sitrep.incidents(store, type="Protests")
    assert len(empty) == 0 and list(empty.columns)[:31] == ACLED


def test_claims_keep_every_claimant_side_by_side(store):
    c = sitrep.claims(store)
    djibo = sitrep.incidents(store, country="BF")["incident_id"].iloc[0]
    mine = c[c["incident_id"] == djibo]
    # Each outlet's report carries both claims: the residents' and the army's.
    assert set(mine["document_id"]) == {"radio-a", "wire-b"}
    kinds = set(zip(mine["document_id"], mine["claimant_kind"]))
    assert ("radio-a", "local_source") in kinds and ("radio-a", "party") in kinds
    residents = mine[(mine["claimant_kind"] == "local_source") & (mine["document_id"] == "wire-b")].iloc[0]
    assert residents["killed"] == 12 and residents["killed_qualifier"] == "at_least"
    assert "12 civilians" in residents["killed_evidence"]
    army = mine[(mine["claimant_kind"] == "party") & (mine["document_id"] == "radio-a")].iloc[0]
    assert army["killed"] == 8
    assert army["claimant"].startswith("Military Forces")
    assert list(c.columns)[:4] == ["incident_id", "document_id", "claimant", "claimant_kind"]


def test_ingest_reports_failures_and_duplicates(pipeline, reports_file, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": ""}\nnot json\n' + reports_file.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "x.db"
    r = pipeline.ingest([bad], db)
    assert (r.new, len(r.failed)) == (3, 2)
    assert r.failed[0][0].endswith("bad.jsonl:1") and "empty" in r.failed[0][1]
    again = pipeline.ingest(str(reports_file), str(db))
    assert (again.new, again.duplicate) == (0, 3)
    assert "new=0" in repr(again)


def test_a_missing_database_is_an_error_that_says_what_to_do(tmp_path):
    with pytest.raises(sitrep.SitrepError, match="no such database.*sitrep ingest"):
        sitrep.incidents(tmp_path / "absent.db")
    with pytest.raises(sitrep.SitrepError, match="not a date"):
        sitrep.incidents(tmp_path / "absent.db", since="March")


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(sitrep.SitrepError):
        sitrep.incidents(junk)


def test_to_geodataframe(store, monkeypatch):
    df = sitrep.incidents(store)
    try:
        import geopandas  # noqa: F401
    except ImportError:
        monkeypatch.setitem(sys.modules, "geopandas", None)
        with pytest.raises(ImportError, match="pip install geopandas"):
            sitrep.to_geodataframe(df)
        return
    g = sitrep.to_geodataframe(df)
    assert g.crs.to_epsg() == 4326
    assert abs(g.geometry.iloc[0].y - df["latitude"].iloc[0]) < 1e-9
    # An incident without coordinates has no geometry, not a point of NaNs.
    df.loc[1, ["latitude", "longitude"]] = float("nan")
    g = sitrep.to_geodataframe(df)
    assert g.geometry.iloc[1] is None or g.geometry.isna().iloc[1]
    assert '"geometry": null' in g.geometry.to_json()


def _postgres_url():
    """A fresh database on the local PostgreSQL server, or None (CI=true
    makes a missing server a failure, as for the Rust store tests)."""
    psql = shutil.which("psql")
    name = f"sitrep_py_{uuid.uuid4().hex[:10]}"
    base = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-d", "test", "-v", "ON_ERROR_STOP=1", "-qc"]
    if psql:
        made = subprocess.run([psql, *base, f"CREATE DATABASE {name}"], capture_output=True, text=True)
        if made.returncode == 0:
            return name, base, psql
    if os.environ.get("CI") == "true":
        pytest.fail("no PostgreSQL server answers on 127.0.0.1:5432 (psql needed), and CI=true")
    pytest.skip("no PostgreSQL server on 127.0.0.1:5432 (trust authentication); skipping the PostgreSQL test")


def test_incidents_and_claims_from_postgresql(pipeline, reports_file):
    name, base, psql = _postgres_url()
    try:
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
        r = pipeline.ingest(reports_file, url)
        assert r.new == 3
        df = sitrep.incidents(url)
        assert len(df) == 2 and set(df["location"]) == {"Djibo", "Garissa"}
        assert len(sitrep.claims(url)) >= 4
    finally:
        subprocess.run([psql, *base, f"DROP DATABASE IF EXISTS {name}"], capture_output=True)
