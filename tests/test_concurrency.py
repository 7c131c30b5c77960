"""Threads and fork: the caches behind load() and build_checklist() are safe to share."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import microneedle_care as mc
from microneedle_care import loading

from .strategies import packaged_data


@pytest.fixture
def tiny_switch_interval() -> Iterator[None]:
    """Switch threads as often as the interpreter allows, to expose races."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


@pytest.mark.usefixtures("tiny_switch_interval")
def test_build_checklist_from_many_threads_on_different_catalogs() -> None:
    """32 threads building checklists from 12 catalogs (more than the plan cache holds)."""
    catalogs = [loading.parse(packaged_data(), source=f"copy {n}") for n in range(12)]
    expected = mc.render_json(mc.build_checklist(catalog=catalogs[0]))
    errors: list[BaseException] = []
    results: list[str] = []
    start = threading.Barrier(32)

    def work(offset: int) -> None:
        try:
            start.wait()
            for n in range(40):
                checklist = mc.build_checklist(catalog=catalogs[(offset + n) % len(catalogs)])
                results.append(mc.render_json(checklist))
        except BaseException as exc:  # any failure in a thread fails the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 32 * 40
    assert set(results) == {expected}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.usefixtures("fresh_loader")
def test_fork_during_first_load_does_not_deadlock_the_child(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A child forked while another thread is inside the first load() can load too."""
    parent = os.getpid()
    inside = threading.Event()
    release = threading.Event()
    real_parse = loading.parse
    real_read = loading._cache.read

    def pause() -> None:
        if os.getpid() == parent:
            inside.set()
            release.wait(60)

    def slow_parse(data: Any, *, source: str = "<data>") -> mc.Catalog:
        pause()
        return real_parse(data, source=source)

    def slow_read(locale: str) -> Any:
        pause()  # installed from a wheel, the first load reads the content cache instead
        return real_read(locale)

    monkeypatch.setattr(loading, "parse", slow_parse)
    monkeypatch.setattr(loading._cache, "read", slow_read)
    loader = threading.Thread(target=mc.load)
    loader.start()
    try:
        assert inside.wait(60)
        pid = os.fork()
        if pid == 0:  # the child: load, build, and report by the exit code
            code = 1
            try:
                import signal

                signal.alarm(30)  # a deadlock ends the child with SIGALRM, not a hang
                mc.build_checklist(catalog=mc.load())
                code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
    finally:
        release.set()
        loader.join()
    assert os.WIFEXITED(status), f"the child was killed by signal {os.WTERMSIG(status)}"
    assert os.WEXITSTATUS(status) == 0
