"""Pipeline.extract and Pipeline.extract_many: reports as dicts, errors per document."""

import datetime as dt
import math

import pytest

import sitrep

from conftest import REPORTS

ATTACK_FR = "Dimanche, des hommes armés ont tué quatre civils à Djibo, selon des habitants."
ATTACK_EN = "On Monday gunmen killed five villagers near Djibo, a local official said."


def test_extract_gives_the_report_fields(pipeline):
    r = pipeline.extract(ATTACK_FR, published="2024-08-26")
    assert set(r) == {"document", "events"}
    assert r["document"]["id"] == "document"
    assert r["document"]["language"] == "fr"
    assert r["document"]["published"] == "2024-08-26"
    [event] = [e for e in r["events"] if not e["background"]]
    for key in ("event_type", "sub_event_type", "date", "location", "actors", "fatalities", "claims", "evidence"):
        assert key in event
    # "Dimanche" before Monday 26 August 2024 is the 25th.
    assert event["date"]["start"] == "2024-08-25"
    assert event["location"]["name"] == "Djibo"
    assert event["location"]["country_code"] == "BF"
    [claim] = event["claims"]
    assert claim["killed"]["value"] == 4
    assert claim["claimant"]["kind"] == "local_source"
    # Evidence offsets point into the text.
    ev = claim["killed"]["evidence"]
    assert ATTACK_FR.encode()[ev["start"] : ev["end"]].decode() == ev["text"]


def test_extract_takes_a_date_object_a_language_and_an_id(pipeline):
    r = pipeline.extract(ATTACK_EN, published=dt.date(2024, 8, 28), language="en", id="x1")
    assert r["document"]["id"] == "x1"
    assert r["document"]["language"] == "en"
    [event] = [e for e in r["events"] if not e["background"]]
    assert event["date"]["start"] == "2024-08-26"
    assert event["claims"][0]["claimant"]["kind"] == "official"


def test_without_a_publication_date_relative_dates_stay_unresolved(pipeline):
    r = pipeline.extract(ATTACK_FR)
    [event] = [e for e in r["events"] if not e["background"]]
    assert event["date"] is None


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"text": "   "}, '"text" is empty'),
        ({"text": ATTACK_FR, "published": "26/08/2024"}, 'bad "published"'),
        ({"text": ATTACK_FR, "language": "de"}, 'unsupported "language"'),
        ({"text": "x" * (5 * 1024 * 1024 + 1)}, "over the"),
    ],
)
def test_a_bad_document_raises_with_the_command_line_message(pipeline, kwargs, words):
    with pytest.raises(sitrep.SitrepError) as e:
        pipeline.extract(**kwargs)
    assert words in str(e.value)
    assert str(e.value).startswith("document:0:")


def test_extract_refuses_what_is_not_text(pipeline):
    with pytest.raises(TypeError, match="text must be a str"):
        pipeline.extract(b"bytes")


def test_extract_many_keeps_order_and_reports_bad_documents_in_place(pipeline):
    docs = [
        ATTACK_FR,
        "",
        42,
        {"id": "d3", "text": ATTACK_EN, "published": "2024-08-28"},
        {"text": ATTACK_FR, "published": "not a date"},
        {"title": "no text"},
        {"id": "d6", "text": ATTACK_EN},
    ]
    out = list(pipeline.extract_many(docs, threads=2))
    assert len(out) == len(docs)
    assert [bool(o) for o in out] == [True, False, False, True, False, False, True]
    assert out[0]["document"]["language"] == "fr"
    assert out[3]["document"]["id"] == "d3" and out[6]["document"]["id"] == "d6"
    # A document without id is named by its position, as a JSONL line by its line.
    assert out[0]["document"]["id"] == "document:0"
    errors = [o for o in out if not o]
    assert all(isinstance(e, sitrep.DocumentError) for e in errors)
    assert [e.index for e in errors] == [1, 2, 4, 5]
    assert '"text" is empty' in errors[0].message
    assert "got int" in errors[1].message
    assert "document:4:" in errors[2].message and 'bad "published"' in errors[2].message
    assert "document:5:" in errors[3].message


def test_extract_many_is_the_same_on_one_thread_and_several(pipeline):
    docs = pipeline.sample_reports(300, seed=3)
    one = list(pipeline.extract_many(docs, threads=1))
    two = list(pipeline.extract_many(docs, threads=2, chunk=7))
    assert one == two
    assert all(one)
    # ... and the same as one document at a time.
    assert one[5] == pipeline.extract(docs[5]["text"], published=docs[5]["published"], id=docs[5]["id"])


def test_extract_many_reads_its_input_lazily(pipeline):
    pulled = []

    def docs():
        for i in range(10_000):
            pulled.append(i)
            yield ATTACK_EN

    it = pipeline.extract_many(docs(), threads=1, chunk=4)
    first = next(it)
    assert first["document"]["language"] == "en"
    assert len(pulled) == 4


def test_extract_many_takes_pandas_rows_with_empty_cells(pipeline):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "text": [ATTACK_FR, ATTACK_EN],
            "published": [pd.Timestamp("2024-08-26"), None],
            "id": ["p0", "p1"],
        }
    )
    rows = frame.to_dict("records")
    rows.append({"text": ATTACK_EN, "published": float("nan"), "id": "p2", "title": pd.NA})
    out = list(pipeline.extract_many(rows))
    assert all(out), out
    assert out[0]["document"]["published"] == "2024-08-26"
    assert out[1]["document"]["published"] is None
    assert out[2]["document"]["published"] is None and out[2]["document"]["title"] is None


def test_ids_of_a_numeric_column_are_written_as_integers(pipeline):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"text": [ATTACK_EN] * 3, "id": [1, None, 3]})
    out = list(pipeline.extract_many(frame.to_dict("records"), name="frame"))
    assert [r["document"]["id"] for r in out] == ["1", "frame:1", "3"]
    np = pytest.importorskip("numpy")
    [r] = pipeline.extract_many(
        [{"text": ATTACK_EN, "id": np.float32("nan"), "published": np.datetime64("2024-08-28")}]
    )
    assert r["document"]["id"] == "document:0"
    assert r["document"]["published"] == "2024-08-28"
    [bad] = pipeline.extract_many([{"text": ATTACK_EN, "title": 7}])
    assert bad.message == 'document:0: "title" must be a string, got int'


_FORKED = {}


def test_a_forked_child_can_use_the_pipeline_of_its_parent(pipeline):
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    docs = [ATTACK_EN, ATTACK_FR] * 20
    before = list(pipeline.extract_many(docs, threads=2))
    _FORKED["pipeline"], _FORKED["docs"] = pipeline, docs
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        # The parent's worker threads do not exist in the child: without new
        # ones, this would wait forever.
        result = pool.apply_async(_child_extract)
        assert result.get(timeout=60) == before


def _child_extract():
    return list(_FORKED["pipeline"].extract_many(_FORKED["docs"], threads=2))


def test_threads_and_chunk_must_be_positive(pipeline):
    with pytest.raises(ValueError):
        list(pipeline.extract_many([ATTACK_FR], threads=0))
    with pytest.raises(ValueError):
        list(pipeline.extract_many([ATTACK_FR], chunk=0))


def test_sample_reports_are_the_same_for_the_same_seed(pipeline):
    a = pipeline.sample_reports(20, seed=9)
    assert a == pipeline.sample_reports(20, seed=9)
    assert a != pipeline.sample_reports(20, seed=10)
    assert {d["id"] for d in a} == {f"bench-{i}" for i in range(20)}
    assert {set(d) >= {"id", "text", "published"} for d in a} == {True}


def test_a_missing_gazetteer_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(sitrep.SitrepError, match="nowhere.txt"):
        sitrep.Pipeline(data_dir=tmp_path, gazetteer=[tmp_path / "nowhere.txt"])
    # One path alone is one file, not a list of characters.
    with pytest.raises(sitrep.SitrepError, match="nowhere.txt"):
        sitrep.Pipeline(data_dir=tmp_path, gazetteer=str(tmp_path / "nowhere.txt"))


def test_document_error_pickles_and_compares():
    import pickle

    e = sitrep.DocumentError(3, "x", "document:3: bad")
    assert pickle.loads(pickle.dumps(e)) == e
    assert not e
    assert "index=3" in repr(e)


def test_reports_round_trip_their_floats(pipeline):
    r = pipeline.extract(REPORTS[1]["text"], published=REPORTS[1]["published"])
    loc = [e for e in r["events"] if not e["background"]][0]["location"]
    assert isinstance(loc["latitude"], float) and math.isfinite(loc["latitude"])
