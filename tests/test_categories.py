"""Category enumerations: contents, parsing, links between them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.categories import (
    PPKS,
    PSKS,
    BeneficiaryUnit,
    Category,
    EmpowermentTarget,
    Programme,
    SembakoHadirTargetGroup,
    SocialPillar,
    TargetMember,
)
from dayasos.errors import CategoryNotFoundError
from dayasos.law import Confidence
from dayasos.testing.categories import categories, category_texts

ENUMS: list[type[Category]] = [
    PPKS,
    PSKS,
    SocialPillar,
    EmpowermentTarget,
    TargetMember,
    Programme,
    SembakoHadirTargetGroup,
]


def test_counts_match_the_regulation() -> None:
    assert len(PPKS) == 26
    assert len(PSKS) == 12
    assert len(SocialPillar) == 8
    assert len(EmpowermentTarget) == 3


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_codes_names_and_keys_unique(enum: type[Category]) -> None:
    members = list(enum)
    assert len({m.code for m in members}) == len(members)
    assert len({m.name_id.casefold() for m in members}) == len(members)
    for m in members:
        assert m.value == m.code
        assert m.label_en and m.basis.instrument
        assert isinstance(m.confidence, Confidence)


@given(st.data())
def test_parse_accepts_every_spelling(data: st.DataObject) -> None:
    member = data.draw(categories())
    text = data.draw(category_texts(member))
    assert type(member).parse(text) is member


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_parse_round_trips(enum: type[Category]) -> None:
    for m in enum:
        assert enum.parse(str(m)) is m
        assert enum.parse(m.code.upper()) is m
        assert enum.parse(m.name) is m
        assert enum.parse(m) is m


@pytest.mark.parametrize(
    ("enum", "text", "member"),
    [
        (Programme, "BPNT", Programme.SEMBAKO),
        (Programme, "kartu sembako", Programme.SEMBAKO),
        (Programme, "PKAT Best", Programme.PKAT),
        (Programme, "rs-rutilahu", Programme.RS_RUTILAHU),
        (Programme, "Program Keluarga Harapan", Programme.PKH),
        (PPKS, "ODHA", PPKS.ORANG_DENGAN_HIV_AIDS),
        (PPKS, "KAT", PPKS.KOMUNITAS_ADAT_TERPENCIL),
        (PSKS, "tagana", PSKS.TARUNA_SIAGA_BENCANA),
        (SocialPillar, "Karang-Taruna", SocialPillar.KARANG_TARUNA),
        (SembakoHadirTargetGroup, "buruh harian/lepas", SembakoHadirTargetGroup.BURUH_HARIAN_LEPAS),
    ],
)
def test_parse_examples(enum: type[Category], text: str, member: Category) -> None:
    assert enum.parse(text) is member


@pytest.mark.parametrize("text", ["pkx", "", "Program", 42])
def test_unknown_text(text: object) -> None:
    with pytest.raises(CategoryNotFoundError, match="Programme") as info:
        Programme.parse(text)  # type: ignore[arg-type]
    assert isinstance(info.value, LookupError)


def test_empowerment_targets_and_members() -> None:
    assert EmpowermentTarget.INDIVIDU.members == (TargetMember.PPKS,)
    assert set(EmpowermentTarget.LEMBAGA.members) == {
        TargetMember.KELUARGA,
        TargetMember.PUSKESOS,
        TargetMember.SLRT,
        TargetMember.KARANG_TARUNA,
        TargetMember.IPSPI,
        TargetMember.IPSM,
        TargetMember.LKS,
    }
    assert EmpowermentTarget.MASYARAKAT.members == (
        TargetMember.KOMUNITAS_ADAT_TERPENCIL,
        TargetMember.GENERASI_MUDA,
    )
    every = [m for t in EmpowermentTarget for m in t.members]
    assert sorted(every, key=lambda m: m.code) == sorted(TargetMember, key=lambda m: m.code)


def test_pillars_link_to_psks_and_targets() -> None:
    assert SocialPillar.TKSK.psks is PSKS.TENAGA_KESEJAHTERAAN_SOSIAL_KECAMATAN
    assert SocialPillar.PSM.psks is PSKS.PEKERJA_SOSIAL_MASYARAKAT
    assert SocialPillar.SLRT.psks is None
    assert TargetMember.LKS.pillar is SocialPillar.LKS
    assert TargetMember.KELUARGA.pillar is None
    for pillar in SocialPillar:
        if pillar.psks is not None:
            assert pillar.psks.name_id == pillar.name_id


def test_programmes() -> None:
    assert Programme.KUBE.beneficiary_unit is BeneficiaryUnit.GROUP
    assert Programme.PKH.beneficiary_unit is BeneficiaryUnit.FAMILY
    assert Programme.PROKUS.responsible_unit == "Direktorat Jenderal Pemberdayaan Sosial"
    assert Programme.PKH.responsible_unit_confidence is Confidence.MEDIUM
    assert Programme.BST.responsible_unit is None
    assert all(isinstance(p.beneficiary_unit, BeneficiaryUnit) for p in Programme)
    assert repr(Programme.PKH) == "Programme.PKH"
