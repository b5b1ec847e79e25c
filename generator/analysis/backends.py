"""Where the analysis runs: this process, local worker processes, or a Dask cluster.

Each backend hands the analysis a `concurrent.futures.Executor` (the interface of the local
process pool; Dask's `Client.get_executor()` is one too), so the analysis submits documents the
same way whatever runs them. It is chosen by one setting, read from (first found):

1. `POLICYWATCH_DASK_SCHEDULER=tcp://host:8786` in the environment: that Dask cluster;
2. the `executor` option (`policywatch export --executor`, the plugin's `executor` in
   mkdocs.yml): `processes` (the default: one worker process per core), `inline` (this
   process only), or a Dask scheduler address (`tcp://…`, `tls://…`).

Dask workers need PolicyWatch installed (the same version: checked before anything is sent)
but not the content folder: each task carries its document's texts, and results come back
with their diffs, so no shared disk is needed. Dask is an optional dependency
(`pip install 'policywatch[dask]'`).
"""

from __future__ import annotations

import contextlib
import os
import re
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from generator.analysis.cache import code_fingerprint
from generator.analysis.pools import process_pool

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

T = TypeVar("T")

DASK_SCHEDULER_VARIABLE = "POLICYWATCH_DASK_SCHEDULER"
LOCAL = ("processes", "inline")
_ADDRESS = re.compile(r"(?:tcp|tls|ucx|inproc|ws|wss)://\S+")
CONNECT_SECONDS = 30


class BackendError(Exception):
    """The backend cannot run the analysis; the message says why and what to do."""


@dataclass(frozen=True)
class Backend:
    """One way of running the analysis (see the module's docstring)."""

    kind: str  # "processes", "inline" or "dask"
    address: str | None = None  # the Dask scheduler
    workers: int | None = None  # local processes (None: one per core)
    origin: str = "default"  # where the choice came from, for the log

    @property
    def parallel(self) -> bool:
        """Whether it runs tasks side by side (one local core runs them best in process)."""
        if self.kind == "processes":
            return (self.workers or os.cpu_count() or 1) > 1
        return self.kind == "dask"

    @property
    def ships_texts(self) -> bool:
        """Whether tasks carry their texts (remote workers may not see the content folder)."""
        return self.kind == "dask"

    def describe(self) -> str:
        where = f" at {self.address}" if self.address else ""
        return f"{self.kind}{where} ({self.origin})"

    @contextlib.contextmanager
    def executor(self, tasks: int) -> Iterator[Executor]:
        """An executor for `tasks` tasks, shut down (its workers stopped) on leaving."""
        if self.kind == "dask":
            assert self.address is not None
            with _dask(self.address) as executor:
                yield executor
            return
        if self.kind == "inline":
            yield InlineExecutor()
            return
        workers = min(self.workers or os.cpu_count() or 1, max(tasks, 1))
        with process_pool(workers) as pool:
            yield pool


PROCESSES = Backend("processes")
INLINE = Backend("inline")


def backend_from(
    value: str | None = None, environ: Mapping[str, str] | None = None, *, origin: str = ""
) -> Backend:
    """The backend a setting names (see the module's docstring); ValueError if it names none."""
    environ = os.environ if environ is None else environ
    address = environ.get(DASK_SCHEDULER_VARIABLE, "").strip()
    if address:
        return _dask_backend(address, f"${DASK_SCHEDULER_VARIABLE}")
    value = (value or "").strip()
    if not value or value == "processes":
        return Backend("processes", origin=origin or "default")
    if value == "inline":
        return Backend("inline", origin=origin)
    return _dask_backend(value, origin)


def default_backend() -> Backend:
    """The backend when none is given: local processes, unless the environment names a Dask
    scheduler. Raises BackendError if it names one wrongly."""
    try:
        return backend_from(None)
    except ValueError as exc:
        raise BackendError(f"${DASK_SCHEDULER_VARIABLE}: {exc}") from None


def _dask_backend(address: str, origin: str) -> Backend:
    if not _ADDRESS.fullmatch(address):
        raise ValueError(
            f"executor {address!r} is not `processes`, `inline` or a Dask scheduler address "
            "such as tcp://scheduler:8786"
        )
    return Backend("dask", address=address, origin=origin)


class InlineExecutor(Executor):
    """Runs each task when it is submitted, in this process."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # handed to whoever waits for the result, as a pool does
            future.set_exception(exc)
        return future


@contextlib.contextmanager
def _dask(address: str) -> Iterator[Executor]:
    try:
        import distributed
    except ImportError:
        raise BackendError(
            f"executor {address} needs Dask: pip install 'policywatch[dask]' "
            "(here and on the workers)"
        ) from None
    connect: Any = distributed.Client  # partly typed: its calls are checked here by hand
    try:
        client = connect(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:  # ValueError: an address it cannot use
        raise BackendError(
            f"cannot reach the Dask scheduler at {address} ({exc}): start it, or unset "
            f"{DASK_SCHEDULER_VARIABLE} / the `executor` option to analyse locally"
        ) from None
    try:
        _same_code(client, address)
        yield client.get_executor(pure=False)
    finally:
        client.close()


def _same_code(client: Any, address: str) -> None:
    """Every worker runs this very PolicyWatch (results are cached under the code's hash)."""
    here = code_fingerprint()
    try:
        theirs: dict[str, str] = client.run(code_fingerprint)
    except Exception as exc:  # a worker without PolicyWatch cannot unpickle the function
        raise BackendError(
            f"the Dask workers at {address} cannot run PolicyWatch ({type(exc).__name__}: "
            f"{exc}): install the same version there"
        ) from None
    if not theirs:
        raise BackendError(f"the Dask cluster at {address} has no worker: start some")
    other = sorted(worker for worker, fingerprint in theirs.items() if fingerprint != here)
    if other:
        raise BackendError(
            f"Dask worker {other[0]} runs other PolicyWatch code than this build: install "
            "the same version on every worker"
        )
