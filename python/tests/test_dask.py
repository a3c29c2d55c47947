"""sitrep.dask on a local cluster of two worker processes."""

import pytest

import sitrep

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402

import sitrep.dask  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as c:
        yield c


# The test hands the documents over in the graph; real use reads them on
# the workers (dask.bag.read_text), as the module's docs show.
@pytest.mark.filterwarnings("ignore:Sending large graph")
def test_ten_thousand_reports_equal_the_single_process_ones(client, pipeline, data_dir):
    docs = pipeline.sample_reports(10_000, seed=11)
    docs[123] = {"id": "broken", "text": ""}
    alone = list(pipeline.extract_many(docs))
    bag = db.from_sequence(docs, npartitions=16)
    spread = sitrep.dask.extract(bag, data_dir=str(data_dir)).compute()
    assert len(spread) == len(alone) == 10_000
    assert [r for r in spread if r] == [r for r in alone if r]
    assert [i for i, r in enumerate(spread) if not r] == [123]
    # The same failure, named by its partition instead of the whole input.
    assert spread[123].id == alone[123].id == "broken"
    assert spread[123].message.split(":", 2)[2] == alone[123].message.split(":", 2)[2]
    # One pipeline per worker process, not one per partition.
    built = client.run(sitrep.dask.pipelines_built)
    assert len(built) == 2
    assert all(n <= 1 for n in built.values()), built
    assert sum(built.values()) >= 1


def test_a_dataframe_with_a_text_column(client, pipeline, data_dir):
    docs = pipeline.sample_reports(200, seed=12)
    frame = pd.DataFrame(docs)[["id", "text", "published"]]
    ddf = dd.from_pandas(frame, npartitions=4)
    spread = sitrep.dask.extract(ddf, data_dir=data_dir).compute()
    assert spread == list(pipeline.extract_many(docs))


def test_documents_without_id_are_named_by_partition(client, pipeline, data_dir):
    docs = ["Gunmen killed two farmers near Djibo on Monday."] * 6
    docs[4] = ""
    bag = db.from_sequence(docs, npartitions=3)
    out = sitrep.dask.extract(bag, data_dir=data_dir).compute()
    ids = [r["document"]["id"] for r in out if r]
    assert len(set(ids)) == 5, ids
    assert ids[0] == "partition-0:0"
    [bad] = [r for r in out if not r]
    assert bad.message.startswith("partition-2:0:") and '"text" is empty' in bad.message


def test_wrong_inputs_are_refused():
    with pytest.raises(TypeError, match="dask.bag.Bag"):
        sitrep.dask.extract([1, 2, 3])
    ddf = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(ValueError, match="'text' column"):
        sitrep.dask.extract(ddf)
