"""Hypothesis strategies for the category enumerations."""

from __future__ import annotations

from hypothesis import strategies as st

from dayasos.categories import (
    PPKS,
    PSKS,
    Category,
    DisabilitySeverity,
    EmpowermentTarget,
    Programme,
    Relationship,
    SchoolLevel,
    SembakoHadirTargetGroup,
    Sex,
    SocialPillar,
)

__all__ = [
    "categories",
    "category_texts",
    "disability_severities",
    "empowerment_targets",
    "ppks",
    "programmes",
    "psks",
    "relationships",
    "school_levels",
    "sembako_hadir_target_groups",
    "sexes",
    "social_pillars",
]


def ppks() -> st.SearchStrategy[PPKS]:
    """PPKS types."""
    return st.sampled_from(list(PPKS))


def psks() -> st.SearchStrategy[PSKS]:
    """PSKS types."""
    return st.sampled_from(list(PSKS))


def social_pillars() -> st.SearchStrategy[SocialPillar]:
    """Social pillars."""
    return st.sampled_from(list(SocialPillar))


def empowerment_targets() -> st.SearchStrategy[EmpowermentTarget]:
    """The three empowerment targets."""
    return st.sampled_from(list(EmpowermentTarget))


def programmes() -> st.SearchStrategy[Programme]:
    """Programmes of the catalogue."""
    return st.sampled_from(list(Programme))


def sembako_hadir_target_groups() -> st.SearchStrategy[SembakoHadirTargetGroup]:
    """Target groups of Sembako Kemensos Hadir."""
    return st.sampled_from(list(SembakoHadirTargetGroup))


def sexes() -> st.SearchStrategy[Sex]:
    """Sex as recorded in the registry."""
    return st.sampled_from(list(Sex))


def school_levels() -> st.SearchStrategy[SchoolLevel]:
    """School levels (including not enrolled)."""
    return st.sampled_from(list(SchoolLevel))


def disability_severities() -> st.SearchStrategy[DisabilitySeverity]:
    """Disability severities (including none)."""
    return st.sampled_from(list(DisabilitySeverity))


def relationships() -> st.SearchStrategy[Relationship]:
    """Relationships to the head of the family."""
    return st.sampled_from(list(Relationship))


def categories() -> st.SearchStrategy[Category]:
    """A member of any category enumeration."""
    return st.one_of(
        ppks(),
        psks(),
        social_pillars(),
        empowerment_targets(),
        programmes(),
        sembako_hadir_target_groups(),
        sexes(),
        school_levels(),
        disability_severities(),
        relationships(),
    )


def category_texts(member: Category) -> st.SearchStrategy[str]:
    """Texts that a user might type for ``member``: its code, Indonesian name or an
    abbreviation, in random case, with spaces, hyphens and underscores swapped."""
    keys = [member.code, member.name_id, *member.abbreviations]

    def mangle(text: str, flips: list[bool], sep: str) -> str:
        chars = [c.upper() if f else c.lower() for c, f in zip(text, flips, strict=False)]
        out = "".join(chars) + text[len(chars) :]
        for s in (" ", "_", "-"):
            out = out.replace(s, sep)
        return f"  {out} "

    return st.builds(
        mangle,
        st.sampled_from(keys),
        st.lists(st.booleans(), max_size=80),
        st.sampled_from([" ", "_", "-", "  "]),
    )
