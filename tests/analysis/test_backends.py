"""Where the analysis runs: local processes, this process, or a Dask cluster; the same bytes
come out of each."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONFIG_DIR
from generated_content import write_histories

from generator.analysis import backends
from generator.analysis.backends import DASK_SCHEDULER_VARIABLE, BackendError, backend_from
from generator.analysis.cache import Cache
from generator.build import load_and_analyse
from generator.cli import main
from generator.site.diff_html import diff_html


def test_the_setting_names_the_backend():
    assert backend_from(None, {}).kind == "processes"
    assert backend_from("processes", {}).kind == "processes"
    assert backend_from("inline", {}).kind == "inline"
    dask = backend_from("tcp://scheduler:8786", {}, origin="mkdocs.yml")
    assert (dask.kind, dask.address, dask.ships_texts) == ("dask", "tcp://scheduler:8786", True)
    assert dask.describe() == "dask at tcp://scheduler:8786 (mkdocs.yml)"


def test_the_environment_variable_wins():
    env = {DASK_SCHEDULER_VARIABLE: "tls://cluster.example:8786"}

    backend = backend_from("inline", env)

    assert backend.address == "tls://cluster.example:8786"
    assert backend.origin == f"${DASK_SCHEDULER_VARIABLE}"


@pytest.mark.parametrize("value", ["threads", "scheduler:8786", "tcp://", "http://x:1"])
def test_a_setting_that_names_no_backend_is_refused(value: str):
    with pytest.raises(ValueError, match="is not `processes`, `inline` or a Dask scheduler"):
        backend_from(value, {})


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(backends, "CONNECT_SECONDS", 1)
    content = tmp_path / "content"
    write_histories(content, platforms=2, versions=30)
    monkeypatch.setenv(DASK_SCHEDULER_VARIABLE, "tcp://127.0.0.1:9")  # discard: nobody there

    result = CliRunner().invoke(
        main,
        [
            "export",
            str(tmp_path / "api"),
            "--content-dir",
            str(content),
            "--config-dir",
            str(CONFIG_DIR),
        ],
    )

    assert result.exit_code == 1
    assert "export: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert f"unset {DASK_SCHEDULER_VARIABLE}" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("backends") / "content"
    assert write_histories(content, platforms=3, versions=18, paragraphs=8) == 108  # >= 100
    return content


def export(content: Path, out: Path, *options: str) -> dict[str, bytes]:
    args = ["export", str(out), "--content-dir", str(content), "--config-dir", str(CONFIG_DIR)]
    result = CliRunner().invoke(main, [*args, *options])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_a_dask_cluster_gives_the_bytes_of_the_local_pool(archive_dir: Path, tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        on_dask = export(archive_dir, tmp_path / "dask", "--executor", address)
        prefix = cluster.scheduler.task_prefixes.get("analyse_in_worker")
        tasks = prefix.state_counts["memory"] if prefix is not None else 0
    local = export(archive_dir, tmp_path / "local", "--executor", "processes")
    inline = export(archive_dir, tmp_path / "inline", "--executor", "inline")

    assert tasks == 6  # every document went through the scheduler
    assert sorted(on_dask) == ["changes.json", "documents.json"]
    assert on_dask == local == inline
    changes = on_dask["changes.json"].decode()
    assert changes.count('"kind": "substantive"') > 0  # real work: labels came and went


def test_results_analysed_on_dask_serve_a_later_local_build_from_the_cache(
    archive_dir: Path, tmp_path: Path
):
    distributed = pytest.importorskip("distributed")
    cache = Cache(tmp_path / "cache")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        remote = load_and_analyse(
            archive_dir,
            CONFIG_DIR,
            cache=cache,
            backend=backend_from(cluster.scheduler_address, {}),
            present=diff_html,
        )
    local = load_and_analyse(archive_dir, CONFIG_DIR, cache=cache, present=diff_html)

    assert remote.analysis is not None and local.analysis is not None
    assert (remote.analysis.ran_on, local.analysis.ran_on) == ("dask", "inline")
    assert local.analysis.computed_pairs == 0  # every document from the cache
    assert local.archive is not None
    diffs = [
        (document, change.key)
        for document in local.archive.documents()
        for change in local.analysis.for_document(document)[1:]
    ]
    assert diffs
    for document, key in diffs:  # read from the cache, by the local build as by the remote one
        shown = local.analysis.shown_diff(document, key)
        there = remote.analysis.shown_diff(document, key)
        assert shown is not None and there is not None and shown.shown == there.shown
    assert any(local.analysis.shown_diff(*diff).shown != "" for diff in diffs)  # type: ignore[union-attr]


def test_a_failing_cluster_is_an_backend_error(archive_dir: Path):
    pytest.importorskip("distributed")
    with pytest.raises(BackendError, match="has no worker"):
        import distributed

        with distributed.LocalCluster(
            n_workers=0, processes=False, dashboard_address=None
        ) as cluster:
            load_and_analyse(
                archive_dir, CONFIG_DIR, backend=backend_from(cluster.scheduler_address, {})
            )
