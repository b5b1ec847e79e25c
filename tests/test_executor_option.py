"""The plugin's `executor` option and POLICYWATCH_DASK_SCHEDULER point a real `mkdocs build` at
an backend: a bad value is a clear error, and a Dask cluster gives the bytes of a local build."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import mkdocs, write_site
from generated_content import write_histories

from generator.cli import main


def set_executor(site: Path, value: str) -> None:
    config_path = site / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    plugins = [
        {"policywatch": {**(p.get("policywatch") or {}), "executor": value}}
        if isinstance(p, dict) and "policywatch" in p
        else ({"policywatch": {"executor": value}} if p == "policywatch" else p)
        for p in config["plugins"]
    ]
    config["plugins"] = plugins
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def test_an_executor_that_names_no_backend_stops_the_build(tmp_path: Path):
    write_histories(write_site(tmp_path), platforms=1, versions=2)
    set_executor(tmp_path, "threads")

    result = mkdocs(tmp_path)

    assert result.returncode == 1
    assert "policywatch: executor 'threads' is not `processes`, `inline` or a Dask" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_build_pointed_at_a_dask_cluster_gives_the_bytes_of_a_local_analysis(tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    content = write_site(tmp_path)
    write_histories(content, platforms=2, versions=26, paragraphs=8)  # 104 versions: parallel
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=None
    ) as cluster:
        on_dask = mkdocs(tmp_path, POLICYWATCH_DASK_SCHEDULER=cluster.scheduler_address)
        prefix = cluster.scheduler.task_prefixes.get("analyse_in_worker")
    local = CliRunner().invoke(
        main,
        [
            "export",
            str(tmp_path / "local"),
            "--content-dir",
            str(content),
            "--config-dir",
            str(tmp_path / "site_config"),
            "--executor",
            "processes",
        ],
    )

    assert on_dask.returncode == 0, on_dask.stderr
    assert "the analysis runs on dask at tcp://" in on_dask.stderr
    assert prefix is not None and prefix.state_counts["memory"] == 4  # four documents, there
    assert local.exit_code == 0, local.output
    for name in ("changes.json", "documents.json"):
        assert (tmp_path / "site/api" / name).read_bytes() == (
            tmp_path / "local" / name
        ).read_bytes()
