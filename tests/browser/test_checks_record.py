"""The record is written only after a run in which every required module ran and passed:
a failure, a skip, a module left out (``-k``) or a failed session writes nothing."""

from __future__ import annotations

from collections import defaultdict

import checks_record
import pytest


@pytest.fixture
def outcomes(monkeypatch) -> defaultdict[str, list[str]]:
    fresh: defaultdict[str, list[str]] = defaultdict(list)
    monkeypatch.setattr(checks_record, "_outcomes", fresh)
    return fresh


def all_passed(outcomes) -> None:
    for module in checks_record.REQUIRED:
        outcomes[module].extend(["passed", "passed"])


def test_a_whole_passing_run_may_write_the_record(outcomes) -> None:
    all_passed(outcomes)
    assert checks_record._why_not(0) is None


def test_a_failed_session_writes_nothing(outcomes) -> None:
    all_passed(outcomes)
    assert "did not pass" in checks_record._why_not(1)


@pytest.mark.parametrize("module", sorted(checks_record.REQUIRED))
@pytest.mark.parametrize("outcome", ["skipped", "failed", "missing"])
def test_one_module_skipped_failed_or_left_out_writes_nothing(outcomes, module, outcome) -> None:
    all_passed(outcomes)
    if outcome == "missing":
        del outcomes[module]
    else:
        outcomes[module].append(outcome)
    why = checks_record._why_not(0)
    assert why is not None and module in why


def test_the_record_names_each_browser_check_the_statement_knows() -> None:
    from sitebuilder.statement import BROWSER_CHECKS

    assert set(checks_record.BROWSER_CHECKS) == set(BROWSER_CHECKS)
    assert set(checks_record.BROWSER_CHECKS) <= set(checks_record.REQUIRED.values())
