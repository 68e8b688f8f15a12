"""Progress reporting for long calls: one callback type, a Dask adapter and a terminal bar.

Long library calls take ``progress``, a :data:`Progress` callback ``progress(done, total,
step)``: :func:`~dayasos.population.synthetic_population`, :func:`~dayasos.population.compare`,
:func:`~dayasos.population.population_from_registry` (per 50,000 families read through the
store protocol) and Dask evaluation through :func:`dask_progress`. The library never draws
anything itself; the ``dayasos`` command shows a bar (tqdm) only when stderr is a terminal.

Examples:
    >>> seen = []
    >>> from dayasos.population import synthetic_population
    >>> _ = synthetic_population(10, seed=1, progress=lambda d, t, s: seen.append((d, t)))
    >>> seen[-1][0] == seen[-1][1]
    True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

__all__ = ["Progress", "dask_progress", "terminal_progress"]

Progress = Callable[[int, int, str], None]
"""A progress callback: ``progress(done, total, step)``, called as a long call advances
(``done`` of ``total`` units finished, ``step`` says what runs now); ``done == total`` at
the end."""


@contextmanager
def dask_progress(progress: Progress) -> Iterator[None]:
    """Within the block, Dask computations on the local schedulers (threads, processes,
    synchronous) report finished tasks to ``progress`` (``step`` is ``"dask tasks"``). For a
    ``distributed`` cluster use its dashboard or ``distributed.progress`` instead.

    Examples:
        >>> import dask
        >>> seen = []
        >>> with dask_progress(lambda d, t, s: seen.append((d, t))):
        ...     dask.delayed(sum)([1, 2]).compute(scheduler="sync")
        3
        >>> seen[-1]
        (1, 1)
    """
    callbacks = importlib.import_module("dask.callbacks")

    class _Report(callbacks.Callback):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.total = 0
            self.done = 0

        def _start_state(self, dsk: Any, state: Any) -> None:
            self.total = sum(len(state[k]) for k in ("ready", "waiting", "running"))
            self.total += len(state.get("finished", ()))
            self.done = 0
            progress(0, self.total, "dask tasks")

        def _posttask(self, key: Any, result: Any, dsk: Any, state: Any, worker_id: Any) -> None:
            self.done += 1
            progress(min(self.done, self.total), self.total, "dask tasks")

    with _Report():
        yield


def terminal_progress(stream: IO[str], label: str) -> tuple[Progress | None, Callable[[], None]]:
    """A tqdm bar on ``stream`` when it is a terminal and tqdm is installed, else ``None``:
    returns the callback and a function that closes the bar."""
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return None, lambda: None
    try:
        tqdm = importlib.import_module("tqdm").tqdm
    except ImportError:
        return None, lambda: None
    bars: dict[str, Any] = {}

    def update(done: int, total: int, step: str) -> None:
        bar = bars.get("bar")
        if bar is None or bar.total != total:
            if bar is not None:
                bar.close()
            bar = bars["bar"] = tqdm(total=total, desc=label, file=stream, leave=False)
        bar.set_postfix_str(step, refresh=False)
        bar.update(done - bar.n)

    def close() -> None:
        bar = bars.pop("bar", None)
        if bar is not None:
            bar.close()

    return update, close
