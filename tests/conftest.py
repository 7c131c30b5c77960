from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import microneedle_care
from microneedle_care import _locale, loading
from microneedle_care.catalog import Catalog

from .strategies import FUZZ_COUNTS, packaged_data

# Hypothesis: 100 examples a test unless the test says otherwise, and no deadline (the
# machine may be loaded, and coverage slows every example). Tests whose every example draws
# a whole random pack take PACK_EXAMPLES (tests/strategies.py); the fuzz tests take 1,000.
# CI (the CI variable set) runs the same examples every time (derandomize), so that a red
# run is not luck and a rerun shows the same failure; local runs keep exploring at random.
settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    "ci",
    settings.get_profile("default"),
    derandomize=True,
    print_blob=True,
    # Generating is slow on a shared, loaded CI machine; that is not a bug in the strategy.
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if os.environ.get("CI") else "default")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print how the fuzz tests' corruptions ended, when they ran."""
    if not FUZZ_COUNTS:
        return
    terminalreporter.section("fuzzing: outcomes of corrupted packs")
    for kind, counts in sorted(FUZZ_COUNTS.items()):
        total = counts["corruptions"]
        outcomes = sorted(
            (key, n) for key, n in counts.items() if not key.startswith(("mutation", "corr"))
        )
        documented = sum(n for key, n in outcomes if key.startswith(("refused", "accepted")))
        share = f"{100 * documented / total:.1f}%" if total else "-"
        terminalreporter.write_line(
            f"{kind}: {total} corruptions, {share} refused with a documented error or accepted"
        )
        for key, n in outcomes:
            terminalreporter.write_line(f"  {key}: {n}")
        mutations = ", ".join(
            f"{key.removeprefix('mutation: ')} {n}"
            for key, n in sorted(counts.items())
            if key.startswith("mutation")
        )
        terminalreporter.write_line(f"  mutations: {mutations}")


# The slow tests (measured with --durations on the whole suite): whole modules, or tests by
# node id prefix. Marked here, in one place, so that `-m "not slow"` skips them for the inner
# loop without editing the modules.
SLOW = (
    "tests/test_browser.py",  # Chromium, poppler
    "tests/test_pdf.py",  # WeasyPrint: the first render loads the fonts
    "tests/test_fuzz.py",  # thousands of corrupted packs
    "tests/test_package.py::test_wheel_in_fresh_venv",  # builds and installs a wheel
    "tests/test_concurrency.py::test_build_checklist_from_many_threads_on_different_catalogs",
    "tests/test_schedule.py::TestEmbeddedTimeZone::test_vobject_places_every_event_right",
    "tests/test_messaging.py::test_ten_thousand_patients",
    # Hypothesis-heavy: each example loads, builds or validates a whole pack.
    "tests/test_loading.py::TestRoundTrip::",
    "tests/test_catalog.py::TestCatalog::test_refuses_invalid_pack",
    "tests/test_catalog.py::TestCatalog::test_built_from_any_valid_pack",
    "tests/test_model.py::TestImmutability::test_items_refuse_assignment",
    "tests/test_model.py::TestImmutability::test_collections_are_tuples",
    "tests/test_schema.py::test_schema_and_loader_agree_on_dropped_fields",
    "tests/test_rendering.py::TestJson::test_round_trip_through_schema",
    "tests/test_rendering_safety.py::test_no_clinic_string_becomes_a_link",
    "tests/test_rendering_safety.py::test_a_one_megabyte_word_renders_whole",
)


# Tests that assert a wall-clock time: they run without the coverage tracer, which would
# slow them several times over and fail them (see pytest_runtest_call below).
TIMED = (
    "tests/test_check.py::TestHardening::test_line_numbers_are_linear_in_the_findings",
    "tests/test_check.py::TestHardening::test_html_is_read_in_linear_time",
    "tests/test_check.py::TestSpeed::test_one_megabyte_of_html_is_checked_in_linear_time",
)


# Tests that run code other tests already cover, many times over: they too run without the
# tracer, which tripled their time and measured nothing new. Checked with coverage's data:
# every line and branch the 10,000-patient run reaches, the other tests of test_messaging.py
# and test_schedule.py reach too; and no line or branch of the package is reached by the
# threads test, the checker's leave-one-fold-out, the training script's folds, the
# every-wording diff, the vobject calendar parse, the schema's dropped-field test, or the
# Hypothesis tests of JSON and Markdown rendering, immutability and any valid pack listed
# below alone (their traced coverage against the rest of the suite's, 2026-12-03; three that
# did reach lines of their own, on hostile clinic strings and any catalog's FHIR bundle, stay
# traced).
REPEATED = (
    "tests/test_messaging.py::test_ten_thousand_patients",
    "tests/test_concurrency.py::test_build_checklist_from_many_threads_on_different_catalogs",
    "tests/test_check.py::TestLeaveOneFoldOut::",
    "tests/test_train_checker.py::test_cross_validated_precision_from_the_printed_folds",
    "tests/test_diff.py::TestPatientVisible::test_any_patient_wording_change_is_visible",
    "tests/test_schedule.py::TestEmbeddedTimeZone::test_vobject_places_every_event_right",
    "tests/test_schema.py::test_schema_and_loader_agree_on_dropped_fields",
    "tests/test_rendering.py::TestJson::test_round_trip_through_schema",
    "tests/test_rendering.py::TestMarkdown::test_clinic_name_cannot_change_structure",
    "tests/test_model.py::TestImmutability::test_items_refuse_assignment",
    "tests/test_model.py::TestImmutability::test_collections_are_tuples",
    "tests/test_catalog.py::TestCatalog::test_built_from_any_valid_pack",
    # 2026-12-03, checked the same way against test_readability, test_errors and
    # test_loading: the syntax-tree scan runs no package code, and the CMU dictionary's
    # every word reaches only lines the labelled-sentence measures reach.
    "tests/test_errors.py::TestOneFamily::test_no_bare_builtin_raised_in_the_package",
    "tests/test_readability.py::test_every_word_of_the_dictionary_has_textstat_syllables",
    # 2026-12-03, against test_fuzz, test_io, the rest of test_loading, test_packs,
    # test_schema and test_catalog: the Hypothesis corruptions and round trips of the
    # loader reach no line or branch those do not (1,432 lines, all among their 4,518).
    "tests/test_loading.py::TestCorruptions::",
    "tests/test_loading.py::TestRoundTrip::",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests listed in :data:`SLOW` with the ``slow`` marker."""
    for item in items:
        if item.nodeid.startswith(SLOW):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Run :data:`TIMED` and :data:`REPEATED` with coverage measurement stopped (xdist too)."""
    stopped: list[Any] = []
    if item.nodeid.startswith((*TIMED, *REPEATED)):
        try:
            import coverage
        except ImportError:  # pragma: no cover - coverage comes with the test extra
            coverage = None
        # Coverage keeps a stack of measurements, and stopping the top one resumes the one
        # beneath: an xdist worker has two (pytest-cov's and the one its subprocess hook
        # starts), so stopping only the current one left the tracer running there.
        while coverage is not None and (measuring := coverage.Coverage.current()) is not None:
            measuring.stop()
            stopped.append(measuring)
        if stopped:
            import sys

            assert sys.gettrace() is None, "coverage is still tracing this untraced test"
    try:
        return (yield)
    finally:
        for measuring in reversed(stopped):
            measuring.start()


def pytest_report_header() -> str:
    return f"microneedle_care {microneedle_care.__version__} from {microneedle_care.__file__}"


@pytest.fixture
def fresh_loader() -> Iterator[None]:
    """Empty the loader's cache before and after the test."""
    loading.clear_cache()
    yield
    loading.clear_cache()


@pytest.fixture(name="packaged_data")
def packaged_data_fixture() -> dict[str, Any]:
    """A deep copy of the packaged content as decoded JSON, free to modify."""
    return packaged_data()


FIXTURE_CONTENT = Path(__file__).parent / "data" / "fixture-content.json"
"""A small content pack (2-3 items of each kind, test wording) the golden files render."""
FIXTURE_TRANSLATION = FIXTURE_CONTENT.with_name("fixture-content.fr.json")
"""Its French translation, in the packaged translation files' format."""


@pytest.fixture(scope="session")
def catalogs() -> Callable[[str], Catalog]:
    """Return the packaged content in a locale, loaded when a test first asks for it.

    A fixture, not a module-level ``mc.load()``: collecting the tests runs no loader, so
    a broken pack fails the tests that use it instead of every module's collection.
    """
    return lambda locale="en": microneedle_care.load(locale=locale)


@pytest.fixture(scope="session")
def catalog_en(catalogs: Callable[[str], Catalog]) -> Catalog:
    """The packaged content in English."""
    return catalogs("en")


@pytest.fixture(scope="session")
def catalog_fr(catalogs: Callable[[str], Catalog]) -> Catalog:
    """The packaged content in French (fr-CA)."""
    return catalogs("fr")


@pytest.fixture(scope="session")
def fixture_catalogs() -> dict[str, Catalog]:
    """The fixture pack, in English and (through its translation file) in French."""
    english = loading.load_file(FIXTURE_CONTENT)
    data = json.loads(FIXTURE_TRANSLATION.read_text(encoding="utf-8"))
    source = str(FIXTURE_TRANSLATION)
    french = Catalog(
        _locale.translate(english.pack, data, source=source), source=source, locale="fr-CA"
    )
    return {"en": english, "fr": french}
