"""Family criteria of a programme spec: each with its code, messages in ``id`` and ``en``,
observed value, threshold and parameter."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from attrs import define, field

from dayasos._validators import non_empty_text
from dayasos.categories import Category
from dayasos.eligibility.decision import Criterion, CriterionStatus, ParameterUse

if TYPE_CHECKING:
    from dayasos.parameters import ParameterSet

__all__ = [
    "CriterionCode",
    "DecileAtMost",
    "FamilyCriterion",
    "FamilyFacts",
    "HasComponent",
    "Registered",
    "StatusIs",
]

_PASS = CriterionStatus.PASSED
_FAIL = CriterionStatus.FAILED
_NA = CriterionStatus.NOT_APPLICABLE


class CriterionCode(enum.StrEnum):
    """The stable code of an eligibility criterion (a ``str``, so
    ``decision.criterion("component")`` and ``decision.criterion(CriterionCode.COMPONENT)``
    name the same entry)."""

    REGISTERED = "registered"
    WELFARE_DECILE = "welfare_decile"
    NOT_EXCLUDED = "not_excluded"
    COMPONENT = "component"


# ---------------------------------------------------------------- family criteria


class FamilyFacts(NamedTuple):
    """What the family criteria read (the interpreter caches decisions on these)."""

    registered: bool
    decile: int | None
    status: Category
    ncomp: int
    flat_year: int | None
    """The year when it has a flat amount and no components, else None."""


def _crit(
    code: CriterionCode, ok: bool, id_: str, en: str, **kw: object
) -> Criterion:  # a criterion entry
    return Criterion(code.value, _PASS if ok else _FAIL, id_, en, **kw)  # type: ignore[arg-type]


@define(frozen=True, slots=True)
class Registered:
    """Registered in DTKS/DTSEN."""

    code: ClassVar[CriterionCode] = CriterionCode.REGISTERED

    def decide(self, facts: FamilyFacts, at: date, params: ParameterSet) -> Criterion:
        """The criterion entry for ``facts``."""
        ok = facts.registered
        return _crit(
            self.code,
            ok,
            "Terdaftar di DTKS/DTSEN." if ok else "Tidak terdaftar di DTKS/DTSEN.",
            "Registered in DTKS/DTSEN." if ok else "Not registered in DTKS/DTSEN.",
            observed="true" if ok else "false",
            threshold="true",
        )

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


@define(frozen=True, slots=True)
class DecileAtMost:
    """Welfare decile at most the integer ``parameter``. While the parameter's value is unknown
    on the date the criterion is *not applicable* and says which threshold is known next."""

    parameter: str = field(validator=non_empty_text("parameter"))
    label: str = "PKH"
    code: ClassVar[CriterionCode] = CriterionCode.WELFARE_DECILE

    def threshold(self, at: date, params: ParameterSet) -> int | None:
        """The threshold on ``at``, or None while unknown."""
        v = params.value(self.parameter, at).value
        return v if isinstance(v, int) else None

    def decide(self, facts: FamilyFacts, at: date, params: ParameterSet) -> Criterion:
        """The criterion entry for ``facts``."""
        use = ParameterUse.of(self.parameter, params.value(self.parameter, at))
        most = self.threshold(at, params)
        decile = facts.decile
        shown = None if decile is None else str(decile)
        if most is None:
            nxt_id = nxt_en = ""
            for v in params.history(self.parameter):
                if v.start > at and isinstance(v.value, int):
                    s, cite = v.start.isoformat(), v.source.cite()
                    nxt_id = (
                        f" Batas berikutnya yang diketahui: desil <= {v.value} mulai {s} "
                        f"({cite}); tanggal mulai berlakunya yang sebenarnya tidak ditemukan."
                    )
                    nxt_en = (
                        f" The next known threshold: decile <= {v.value} from {s} "
                        f"({cite}); the date it actually took effect was not found."
                    )
                    break
            return Criterion(
                self.code.value,
                _NA,
                f"Batas desil kesejahteraan {self.label} tidak diketahui pada tanggal ini; "
                "kriteria tidak diterapkan (tetapkan dengan reformasi parameter)." + nxt_id,
                f"The {self.label} welfare-decile threshold is unknown on this date; the "
                "criterion is not applied (set one with a reform)." + nxt_en,
                observed=shown,
                parameter=use,
            )
        ok = decile is not None and decile <= most
        return _crit(
            self.code,
            ok,
            "Desil kesejahteraan memenuhi batas."
            if ok
            else (
                "Tidak memiliki peringkat desil kesejahteraan."
                if decile is None
                else "Desil kesejahteraan di atas batas."
            ),
            "Welfare decile within the threshold."
            if ok
            else (
                "No welfare-decile rank."
                if decile is None
                else "Welfare decile above the threshold."
            ),
            observed=shown,
            threshold=f"<= {most}",
            parameter=use,
        )

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.parameter,)


@define(frozen=True, slots=True)
class StatusIs:
    """Participation status ``status`` (any other status excludes the family)."""

    status: Category
    code: ClassVar[CriterionCode] = CriterionCode.NOT_EXCLUDED

    def decide(self, facts: FamilyFacts, at: date, params: ParameterSet) -> Criterion:
        """The criterion entry for ``facts``."""
        st = facts.status
        ok = st is self.status
        return _crit(
            self.code,
            ok,
            "Status kepesertaan aktif." if ok else f"Dikecualikan: status {st.name_id}.",
            "Participation status active." if ok else f"Excluded: status {st.label_en}.",
            observed=st.code,
            threshold=self.status.code,
        )

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


@define(frozen=True, slots=True)
class HasComponent:
    """At least one member counts for a component (not applicable in a flat-amount year).
    ``label`` names the programme in the messages."""

    label: str = "PKH"
    code: ClassVar[CriterionCode] = CriterionCode.COMPONENT

    def decide(self, facts: FamilyFacts, at: date, params: ParameterSet) -> Criterion:
        """The criterion entry for ``facts``."""
        if facts.flat_year is not None:
            y = facts.flat_year
            return Criterion(
                self.code.value,
                _NA,
                f"Tahun {y}: bantuan flat per keluarga, tanpa komponen.",
                f"{y}: flat amount per family, no components.",
            )
        n = facts.ncomp
        ok = n > 0
        return _crit(
            self.code,
            ok,
            f"{n} anggota memenuhi komponen."
            if ok
            else f"Tidak ada anggota yang memenuhi komponen {self.label} (kondisi graduasi "
            "alamiah).",
            f"{n} member(s) with a component."
            if ok
            else f"No member has an eligible {self.label} component (condition of natural "
            "graduation, graduasi alamiah).",
            observed=str(n),
            threshold=">= 1",
        )

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


FamilyCriterion = Registered | DecileAtMost | StatusIs | HasComponent
"""Any family criterion."""
