"""The repository automation in .github/: workflows, pull request template and issue form."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main

GITHUB = Path(__file__).resolve().parents[2] / ".github"
WORKFLOWS = GITHUB / "workflows"
# An expression whose value an outsider controls must never be spliced into a shell script.
_UNTRUSTED = re.compile(r"\$\{\{\s*github\.(event|head_ref|base_ref)")
_PINNED = re.compile(r"[\w.-]+/[\w.-]+@(v\d+|[0-9a-f]{40})")
FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` mapping (YAML 1.1 reads a bare `on` key as True)."""
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict)
    return on


def steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    found = workflow["jobs"][job]["steps"]
    assert isinstance(found, list)
    return found


def step(workflow: dict[Any, Any], job: str, uses: str) -> dict[str, Any]:
    return next(s for s in steps(workflow, job) if str(s.get("uses", "")).startswith(uses))


def runs(workflow: dict[Any, Any], job: str) -> str:
    return "\n".join(str(s["run"]) for s in steps(workflow, job) if "run" in s)


@pytest.fixture(scope="module")
def pull_request() -> dict[Any, Any]:
    return load(WORKFLOWS / "pull-request.yml")


@pytest.fixture(scope="module")
def publish() -> dict[Any, Any]:
    return load(WORKFLOWS / "publish.yml")


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml"])
def test_workflows_are_well_formed(name: str):
    workflow = load(WORKFLOWS / name)

    assert workflow["name"]
    assert triggers(workflow)
    for job_id, job in workflow["jobs"].items():
        assert job["runs-on"] == "ubuntu-latest", job_id
        assert isinstance(job.get("timeout-minutes"), int), job_id
        for item in job["steps"]:
            assert ("uses" in item) != ("run" in item), item
            if "uses" in item:
                assert _PINNED.fullmatch(item["uses"]), item["uses"]
            else:
                assert not _UNTRUSTED.search(item["run"]), item["run"]


def test_pull_request_workflow_checks_summarises_builds_and_keeps_the_site(
    pull_request: dict[Any, Any],
):
    assert "pull_request" in triggers(pull_request)
    assert "pull_request_target" not in triggers(pull_request)  # would run forks' code with secrets
    assert pull_request["permissions"] == {"contents": "read"}
    assert step(pull_request, "content", "actions/checkout@")["with"]["fetch-depth"] == 0
    assert step(pull_request, "content", "actions/setup-python@")["with"]["python-version"] == (
        "3.11"
    )
    script = runs(pull_request, "content")
    assert "make .venv/.installed" in script
    assert "policywatch check --format github content" in script
    assert "mkdocs build --strict" in script
    assert 'policywatch pr-summary "origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"' in script
    artefact = step(pull_request, "content", "actions/upload-artifact@")["with"]
    assert artefact["path"] == "site/"
    assert "make test" in runs(pull_request, "tests")


def test_steps_run_in_a_sensible_order(pull_request: dict[Any, Any]):
    names = [str(s.get("run") or s.get("uses")) for s in steps(pull_request, "content")]
    order = ["checkout", "setup-python", "make", "policywatch check", "mkdocs", "upload-artifact"]
    positions = [next(i for i, n in enumerate(names) if word in n) for word in order]
    assert positions == sorted(positions)


def test_publish_workflow_builds_main_and_deploys_to_pages(publish: dict[Any, Any]):
    assert triggers(publish)["push"]["branches"] == ["main"]
    assert publish["permissions"] == {"contents": "read"}  # write access only where it is needed
    assert step(publish, "build", "actions/checkout@")["with"]["fetch-depth"] == 0
    assert "mkdocs build --strict" in runs(publish, "build")
    assert step(publish, "build", "actions/upload-pages-artifact@")["with"]["path"] == "site/"
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"]["pages"] == "write"
    assert deploy["permissions"]["id-token"] == "write"
    assert deploy["environment"]["name"] == "github-pages"
    assert step(publish, "deploy", "actions/deploy-pages@")["id"] == "deployment"
    assert publish["concurrency"]["cancel-in-progress"] is False


def test_the_commands_the_workflows_run_exist(
    pull_request: dict[Any, Any], publish: dict[Any, Any]
):
    commands = {
        shlex.split(line)[1]
        for workflow, job in ((pull_request, "content"), (publish, "build"))
        for line in runs(workflow, job).splitlines()
        if line.startswith(".venv/bin/policywatch ")
    }
    assert commands == {"check", "pr-summary"}
    assert commands <= set(main.commands)


def test_issue_form_for_a_new_snapshot():
    form = load(GITHUB / "ISSUE_TEMPLATE" / "new-snapshot.yml")

    assert {"name", "description", "body"} <= set(form)
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    for item in form["body"]:
        assert item["type"] in FORM_TYPES
        assert "attributes" in item
        if item["type"] != "markdown":
            assert item["attributes"]["label"]
        if item["type"] == "dropdown":
            assert item["attributes"]["options"]
    required = {
        item["id"] for item in form["body"] if item.get("validations", {}).get("required") is True
    }
    assert {"platform", "document", "url", "seen"} <= required


def test_pull_request_template_asks_what_review_checks():
    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")

    for needed in ("policywatch add", "140 characters", "withdrawn", "policywatch check", "UTC"):
        assert needed in template


def _actionlint() -> str | None:
    here = Path(sys.executable).parent / "actionlint"
    return str(here) if here.exists() else shutil.which("actionlint")


def test_actionlint_finds_nothing():
    actionlint = _actionlint()
    if actionlint is None:
        pytest.skip("actionlint is not installed (the PyPI wrappers download it at build time)")
    result = subprocess.run(
        [actionlint, *sorted(str(p) for p in WORKFLOWS.glob("*.yml"))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
