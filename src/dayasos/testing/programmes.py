"""Hypothesis strategies for the inputs of the other programmes."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from dayasos.categories import Programme, SembakoHadirTargetGroup
from dayasos.eligibility.programmes import (
    ApdRecipient,
    ApdRecipientKind,
    HadirRecipient,
    JabodetabekHousehold,
    KatCommunity,
    KubeGroup,
    PenaApplicant,
    ProgrammeKpm,
    ProkusApplicant,
    RutilahuHousehold,
    SustainmentApplicant,
    SustainmentTier,
)
from dayasos.testing.lifecycle import kpm_histories

__all__ = [
    "apd_recipients",
    "hadir_recipients",
    "jabodetabek_households",
    "kat_communities",
    "kube_groups",
    "pena_applicants",
    "programme_kpms",
    "prokus_applicants",
    "rutilahu_households",
    "sustainment_applicants",
]

_IDS = st.text("abcdef0123", min_size=1, max_size=8)


def programme_kpms() -> st.SearchStrategy[ProgrammeKpm]:
    """Families of the cash and voucher programmes, enrolled or not, in Sembako/PKH or not."""
    return st.builds(ProgrammeKpm, _IDS, st.booleans(), st.booleans(), st.booleans())


def sustainment_applicants() -> st.SearchStrategy[SustainmentApplicant]:
    """KPM PKH with any valid history, micro business or not, hit by COVID-19 or not, for
    either tier, selected for the pilot or not."""
    return st.builds(
        SustainmentApplicant,
        kpm_histories(start=date(2019, 1, 1)),
        st.booleans(),
        st.booleans(),
        st.sampled_from(list(SustainmentTier)),
        st.booleans(),
    )


def kube_groups() -> st.SearchStrategy[KubeGroup]:
    """KUBE groups of 0 to 30 families."""
    return st.builds(KubeGroup, _IDS, st.integers(0, 30), st.booleans())


def rutilahu_households() -> st.SearchStrategy[RutilahuHousehold]:
    """Households for RS-Rutilahu."""
    return st.builds(RutilahuHousehold, _IDS, st.booleans(), st.booleans())


def prokus_applicants() -> st.SearchStrategy[ProkusApplicant]:
    """ProKUS applicants."""
    return st.builds(ProkusApplicant, _IDS, st.booleans(), st.booleans())


def kat_communities() -> st.SearchStrategy[KatCommunity]:
    """KAT communities, in preparation or with an empowerment start in 2015-2025."""
    start = st.none() | st.integers(0, 3650).map(lambda d: date(2015, 1, 1) + timedelta(days=d))
    return st.builds(KatCommunity, _IDS, st.booleans(), st.booleans(), start)


def hadir_recipients() -> st.SearchStrategy[HadirRecipient]:
    """Proposed recipients of 'Sembako Kemensos Hadir', with no other enrolment half the time."""
    return st.builds(
        HadirRecipient,
        _IDS,
        st.sampled_from(list(SembakoHadirTargetGroup)),
        st.booleans(),
        st.one_of(st.just(()), st.lists(st.sampled_from(list(Programme)), max_size=3)),
    )


def pena_applicants() -> st.SearchStrategy[PenaApplicant]:
    """PENA applicants born 1960-2010, graduated KPM or entrepreneurs or neither."""
    return st.builds(
        PenaApplicant,
        _IDS,
        st.dates(date(1960, 1, 1), date(2010, 12, 31)),
        st.booleans(),
        st.booleans(),
    )


def jabodetabek_households() -> st.SearchStrategy[JabodetabekHousehold]:
    """Households inside or outside Jabodetabek, enrolled or not."""
    return st.builds(JabodetabekHousehold, _IDS, st.booleans(), st.booleans())


def apd_recipients() -> st.SearchStrategy[ApdRecipient]:
    """Proposed recipients of APD aid."""
    return st.builds(ApdRecipient, _IDS, st.sampled_from(list(ApdRecipientKind)))
