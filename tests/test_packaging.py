"""The packaging metadata names only files that exist."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_sdist_lists_only_files_that_exist() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert "README.md" in include
    missing = [name for name in include if not (ROOT / name).exists()]
    assert not missing, f"the sdist lists files that do not exist: {missing}"


# names that moved to their own module in the layout of issue 17, at their earlier paths
MOVED = {
    "dayasos.categories.social": ["EmpowermentTarget", "SocialPillar", "TargetMember", "PSKS"],
    "dayasos.money": ["Exact", "Rounding", "RoundingPolicy", "HALF_UP_RP1", "round_exact"],
    "dayasos.parameters.model": ["BaseUnit", "DENOMINATORS", "Unit", "Value"],
    "dayasos.budget.ikpa": ["IkpaCategory", "IkpaRuleSet", "RuleValue", "ikpa_rules"],
    "dayasos.budget.ikpa_rules": ["load_ikpa_rules", "ikpa_source_uses"],
    "dayasos.eligibility.allocation.apportion": ["AllocationInfeasibleError", "Method"],
    "dayasos.errors": ["REDACT_MIN_DIGITS", "redact", "AllocationInfeasibleError"],
    "dayasos.eligibility.lifecycle": [
        "TRANSITIONS",
        "GraduationSituation",
        "KpmHistory",
        "KpmTransition",
        "TransitionReason",
        "assess_graduation",
        "propose_graduations",
        "entitlement_at",
    ],
}


def test_moved_names_import_from_their_earlier_paths() -> None:
    import importlib

    for module_name, names in MOVED.items():
        module = importlib.import_module(module_name)
        for name in names:
            assert getattr(module, name) is not None, f"{module_name}.{name}"


def test_a_missing_name_is_still_an_attribute_error() -> None:
    import dayasos.categories.social as social

    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = social.Nope  # type: ignore[attr-defined]
