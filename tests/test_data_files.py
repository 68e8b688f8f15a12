"""The one reader of the shipped data files (dayasos._data)."""

from __future__ import annotations

import string
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos._data import (
    data_file_names,
    parse_sources,
    parse_toml,
    read_toml,
    source_problems,
    table,
)
from dayasos.errors import ParameterFileError
from dayasos.law import SOURCE_FIELDS

PACKAGES = ("dayasos.parameters", "dayasos.budget", "dayasos.statistics", "dayasos.registry")


@pytest.mark.parametrize("package", PACKAGES)
def test_every_shipped_data_file_reads_and_its_sources_parse(package: str) -> None:
    names = data_file_names(package)
    assert names
    for name in names:
        doc = read_toml(package, name)
        if "sources" in doc:
            assert parse_sources(doc["sources"], name)


def test_a_malformed_document_names_the_file_and_the_line() -> None:
    with pytest.raises(ParameterFileError, match=r"^x\.toml: TOML: is not valid TOML: .*line 2"):
        parse_toml("a = 1\nb = \n", "x.toml")
    with pytest.raises(ParameterFileError, match="nested too deeply"):
        parse_toml("a = " + "[" * 5000 + "]" * 5000, "x.toml")
    with pytest.raises(ParameterFileError, match=r"x\.toml: units: must be a table"):
        table([1], "x.toml", "units")


def test_source_problems_lists_every_problem_with_its_key_path() -> None:
    raw = {
        "ok": {"instrument": "PMK 62 Tahun 2023", "published": date(2023, 6, 1)},
        "extra": {"instrument": "X 1", "page": 3},
        "notext": {"instrument": 5},
        "empty": {"instrument": ""},
        "flat": "Permensos 1/2018",
    }
    sources, problems = source_problems(raw, "f.toml")
    assert set(sources) == {"ok", "extra"}  # an unknown field is reported, the source kept
    fields = sorted(p.field for p in problems)
    assert fields == [
        "f.toml: sources.empty.instrument",
        "f.toml: sources.extra",
        "f.toml: sources.flat",
        "f.toml: sources.notext",
    ]
    with pytest.raises(ParameterFileError, match=r"sources\.extra: unknown fields"):
        parse_sources(raw, "f.toml")
    assert source_problems([], "f.toml")[1][0].field == "f.toml: sources"


_KEYS = st.text(string.ascii_lowercase, min_size=1, max_size=8)


@given(
    st.dictionaries(
        _KEYS,
        st.dictionaries(
            st.sampled_from([*SOURCE_FIELDS, "bogus"]),
            st.text(string.ascii_letters + " ", min_size=1, max_size=12),
            max_size=4,
        ),
        max_size=5,
    )
)
def test_every_source_is_either_parsed_or_reported(raw: dict[str, dict[str, str]]) -> None:
    raw = {k: {f: v for f, v in entry.items() if f != "published"} for k, entry in raw.items()}
    sources, problems = source_problems(raw, "f.toml")
    reported = {p.field.removeprefix("f.toml: sources.").split(".")[0] for p in problems}
    assert set(sources) | reported == set(raw)
    for key, entry in raw.items():
        if "bogus" in entry:
            assert key in reported
        if key in sources:
            assert sources[key].instrument.strip() == entry["instrument"].strip()
