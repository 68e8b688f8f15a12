"""PKH rules: member components, family eligibility and the yearly entitlement.

Rules (each parameter named here lives in ``parameters/data/pkh.toml`` with its source):

* **Components on a date.** A member may count as: ibu hamil/nifas (pregnant or postpartum;
  if a ``pregnancy_order`` is given, at most ``pkh.ibu_hamil.max_pregnancies``); anak usia
  dini (age at most ``pkh.age.anak_usia_dini.max`` and not enrolled in school); anak SD, SMP
  or SMA (enrolled at that level, age at most ``pkh.age.sekolah.max``); penyandang
  disabilitas berat; lanjut usia (age at least ``pkh.age.lanjut_usia.min``: 60 in 2019, 70
  from 1 January 2020). Ages are in completed years on the reference date
  (:func:`dayasos.periods.age`, 29 February birthdays kept on 28 February).
* **One component per member** (``pkh.component.priority``, U): the component with the
  highest annual amount of the year; ties in declaration order of
  :class:`~dayasos.eligibility.pkh.PkhComponent`.
* **Early-childhood limit** (``pkh.anak_usia_dini.max_children``, M): at most that many
  members count for the anak usia dini component, the first by ``member_id``; the others are
  not counted (``LineReason.EXCLUDED_BY_LIMIT``) and take no place under the cap.
* **Cap** (``pkh.cap.persons``, M; ``pkh.cap.selection``, U): at most that many members count;
  the highest annual amounts first, ties by component declaration order, then by
  ``member_id``, so the result does not depend on the order of members.
* **Year and stages.** The year is cut into payments from ``pkh.stages.months`` (a stage runs
  until the next stage month) and ``pkh.disbursement.monthly`` (a month paid alone). Each
  payment pays the annual indices in force on its first day times its months / 12. For 2020
  this gives stage I (January-March, a quarter of the 2020 index) and nine monthly payments
  of the same index / 12, so the 2020 total is the 2020 annual index (there was no COVID-19
  index). A member line's amount is the sum over the payments, rounded half-up to the rupiah
  (exact with the shipped indices); the family total is split over the payments in
  proportion to their exact amounts by the largest-remainder method
  (:meth:`dayasos.money.Rupiah.allocate`, ``pkh.disbursement.rounding``, U): whole rupiah,
  equal remainders to the earlier payment, and the payments always sum to the total.
* **Fixed amount**: bantuan tetap reguler or PKH akses (``remote_area``) in the years it is
  non-zero; in 2017-2018 the flat amount ``pkh.flat_amount`` per family, no components.
* **Eligibility** on the reference date: registered in DTKS/DTSEN; welfare decile at most
  ``pkh.eligibility.max_desil`` (desil 1-4 under Kepmensos 79/HUK/2025; unknown before it
  applies, and the day in 2025 it applies from was not found: while unknown the criterion is
  *not applicable* and says so; supply a value with a reform); status active (not graduated,
  suspended or cancelled); at least one member with a component (from 2019). An ineligible
  family is entitled to Rp0.

Derived tables are cached per (parameter set, year) and (parameter set, date); parameter sets
hash by identity, so a reform gets its own tables.
"""

from __future__ import annotations

import calendar
import functools
import operator
from datetime import date, timedelta
from fractions import Fraction

from dayasos.categories import DisabilitySeverity, SchoolLevel
from dayasos.eligibility.decision import (
    Criterion,
    CriterionStatus,
    Decision,
    ParameterUse,
)
from dayasos.eligibility.pkh.model import PkhComponent, PkhFamily, PkhMember, PkhStatus
from dayasos.eligibility.pkh.result import (
    FixedKind,
    LineReason,
    MemberLine,
    PkhEntitlement,
    StageLine,
)
from dayasos.errors import ParameterDateError, ValidationError
from dayasos.money import HALF_UP_RP1, Rupiah
from dayasos.parameters import ParameterSet, load_parameters

__all__ = [
    "candidate_components",
    "component_of",
    "eligibility",
    "entitlement",
]

_COMPONENTS: tuple[PkhComponent, ...] = tuple(PkhComponent)
_NONE_LEVEL = SchoolLevel.NONE
_SD, _SMP, _SMA = SchoolLevel.SD, SchoolLevel.SMP, SchoolLevel.SMA
_BERAT = DisabilitySeverity.BERAT
_NO_COMPONENT = 99
_UNBORN = 100
_RULE = "highest_amount_first"
_ROUNDING = "largest_remainder"
_NO_LIMIT = 1 << 30
_ZERO = Rupiah(0)
_PASS = CriterionStatus.PASSED
_FAIL = CriterionStatus.FAILED
_NA = CriterionStatus.NOT_APPLICABLE
_COUNTED = LineReason.COUNTED
_LINE_KEY = operator.attrgetter("member_id")


def _use(params: ParameterSet, name: str, at: date) -> ParameterUse:
    return ParameterUse.of(name, params.value(name, at))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


class _Period:
    __slots__ = ("end", "monthly", "months", "number", "start")

    def __init__(self, number: int, start: date, months: int, monthly: bool) -> None:
        self.number = number
        self.start = start
        self.months = months
        self.monthly = monthly
        last = start.month + months - 1
        self.end = _month_end(start.year, last)


def _periods(params: ParameterSet, year: int) -> list[_Period]:
    spans: list[tuple[int, int, bool]] = []  # (first month, months, monthly)
    for m in range(1, 13):
        d = date(year, m, 1)
        if params.boolean("pkh.disbursement.monthly", d):
            spans.append((m, 1, True))
        elif m in params.months("pkh.stages.months", d) or not spans or spans[-1][2]:
            spans.append((m, 1, False))
        else:
            first, n, _ = spans[-1]
            spans[-1] = (first, n + 1, False)
    return [_Period(i + 1, date(year, f, 1), n, mo) for i, (f, n, mo) in enumerate(spans)]


def _dedupe(uses: list[ParameterUse]) -> tuple[ParameterUse, ...]:
    seen: dict[tuple[str, date], ParameterUse] = {}
    for u in uses:
        seen.setdefault((u.name, u.start), u)
    return tuple(seen.values())


class _YearTable:
    """Everything about a year that does not depend on the family."""

    __slots__ = (
        "amount",
        "amount_by_rank",
        "by_rank",
        "cap",
        "choices",
        "fixed",
        "flat",
        "limit",
        "limit_rank",
        "limits",
        "params",
        "periods",
        "rank",
        "rank_of",
        "stage_cache",
        "stage_uses",
        "uses",
        "uses_by_rank",
        "weights",
        "year",
    )

    def __init__(self, params: ParameterSet, year: int) -> None:
        self.params = params
        self.year = year
        periods = _periods(params, year)
        self.periods = periods
        jan1 = date(year, 1, 1)
        try:
            params.value("pkh.flat_amount", jan1)
            self.flat = True
        except ParameterDateError:
            self.flat = False
        sched = ["pkh.disbursement.monthly", "pkh.stages.months"]
        stage_uses: list[list[ParameterUse]] = [
            [_use(params, n, p.start) for n in sched] for p in periods
        ]
        self.amount: dict[PkhComponent, Rupiah] = {}
        self.weights: dict[PkhComponent, tuple[Fraction, ...]] = {}
        self.rank: dict[PkhComponent, int] = {}
        self.by_rank: tuple[PkhComponent, ...] = ()
        self.rank_of: tuple[int, ...] = ()
        self.amount_by_rank: tuple[Rupiah, ...] = ()
        self.uses_by_rank: tuple[tuple[ParameterUse, ...], ...] = ()
        comp_uses: dict[PkhComponent, tuple[ParameterUse, ...]] = {}
        self.fixed: dict[FixedKind, tuple[Rupiah, tuple[Fraction, ...]]] = {}
        year_uses: list[ParameterUse] = []
        kinds = (
            [(FixedKind.FLAT, "pkh.flat_amount")]
            if self.flat
            else [(FixedKind.REGULER, "pkh.fixed.reguler"), (FixedKind.AKSES, "pkh.fixed.akses")]
        )
        for kind, name in kinds:
            w = tuple(Fraction(params.rupiah(name, p.start).amount * p.months, 12) for p in periods)
            for p, su in zip(periods, stage_uses, strict=True):
                su.append(_use(params, name, p.start))
            total = HALF_UP_RP1.apply(sum(w, Fraction(0)))
            if total:
                self.fixed[kind] = (Rupiah(total), w)
            year_uses.extend(_use(params, name, p.start) for p in periods)
        rounding = params.code("pkh.disbursement.rounding", jan1)
        if rounding != _ROUNDING:
            raise ValidationError(
                "pkh.disbursement.rounding",
                f"unknown rule {rounding!r}; dayasos implements {_ROUNDING!r}",
            )
        year_uses.append(_use(params, "pkh.disbursement.rounding", jan1))
        self.cap = 0
        # per rank: most members counted for that component (the early-childhood limit)
        self.limits: tuple[int, ...] = (_NO_LIMIT,) * len(_COMPONENTS)
        self.limit_rank = -1
        self.limit = _NO_LIMIT
        if not self.flat:
            for c in _COMPONENTS:
                name = c.index_parameter
                w = tuple(
                    Fraction(params.rupiah(name, p.start).amount * p.months, 12) for p in periods
                )
                self.weights[c] = w
                self.amount[c] = Rupiah(HALF_UP_RP1.apply(sum(w, Fraction(0))))
                for p, su in zip(periods, stage_uses, strict=True):
                    su.append(_use(params, name, p.start))
                comp_uses[c] = _dedupe([_use(params, name, p.start) for p in periods])
                year_uses.extend(comp_uses[c])
            order = sorted(
                _COMPONENTS, key=lambda c: (-self.amount[c].amount, _COMPONENTS.index(c))
            )
            self.rank = {c: i for i, c in enumerate(order)}
            self.by_rank = tuple(order)
            self.rank_of = tuple(self.rank[c] for c in _COMPONENTS)
            self.amount_by_rank = tuple(self.amount[c] for c in order)
            self.uses_by_rank = tuple(comp_uses[c] for c in order)
            self.cap = params.integer("pkh.cap.persons", jan1)
            self.limit = params.integer("pkh.anak_usia_dini.max_children", jan1)
            if self.limit < 0:
                raise ValidationError(
                    "pkh.anak_usia_dini.max_children", "must not be negative", shown=str(self.limit)
                )
            self.limit_rank = self.rank[PkhComponent.ANAK_USIA_DINI]
            self.limits = tuple(
                self.limit if r == self.limit_rank else _NO_LIMIT for r in range(len(order))
            )
            for name in ("pkh.cap.selection", "pkh.component.priority"):
                rule = params.code(name, jan1)
                if rule != _RULE:
                    raise ValidationError(
                        name, f"unknown rule {rule!r}; dayasos implements {_RULE!r}"
                    )
            year_uses.extend(
                _use(params, n, jan1)
                for n in (
                    "pkh.cap.persons",
                    "pkh.anak_usia_dini.max_children",
                    "pkh.cap.selection",
                    "pkh.component.priority",
                )
            )
        for p in periods:
            year_uses.extend(_use(params, n, p.start) for n in sched)
        self.uses = _dedupe(year_uses)
        self.stage_uses = tuple(tuple(su) for su in stage_uses)
        self.stage_cache: dict[tuple[int, ...], tuple[Rupiah, tuple[StageLine, ...]]] = {}
        # the fixed amount of an eligible family: 0 none (not eligible), 1 regular, 2 remote
        self.choices: tuple[tuple[FixedKind | None, Rupiah], ...] = (
            (None, _ZERO),
            self._choice(FixedKind.FLAT if self.flat else FixedKind.REGULER),
            self._choice(FixedKind.FLAT if self.flat else FixedKind.AKSES),
        )

    def _choice(self, kind: FixedKind) -> tuple[FixedKind | None, Rupiah]:
        entry = self.fixed.get(kind)
        return (None, _ZERO) if entry is None else (kind, entry[0])

    def stages(self, counted: tuple[int, ...], choice: int) -> tuple[Rupiah, tuple[StageLine, ...]]:
        """The total and the stage lines for the counted components (by rank) and the fixed
        amount ``self.choices[choice]``; cached per combination."""
        key = (*counted, choice)
        hit = self.stage_cache.get(key)
        if hit is not None:
            return hit
        kind = self.choices[choice][0]
        n = len(self.periods)
        weights = [Fraction(0)] * n
        total = 0
        for r in counted:
            c = self.by_rank[r]
            total += self.amount[c].amount
            for i, w in enumerate(self.weights[c]):
                weights[i] += w
        if kind is not None:
            total += self.fixed[kind][0].amount
            for i, w in enumerate(self.fixed[kind][1]):
                weights[i] += w
        amounts = Rupiah(total).allocate(weights) if total else (_ZERO,) * n
        lines = tuple(
            StageLine(p.number, p.start, p.end, p.months, p.monthly, a, u)
            for p, a, u in zip(self.periods, amounts, self.stage_uses, strict=True)
        )
        out = (Rupiah(total), lines)
        if len(self.stage_cache) < 4096:
            self.stage_cache[key] = out
        return out


@functools.lru_cache(maxsize=256)
def _year_table(params: ParameterSet, year: int) -> _YearTable:
    return _YearTable(params, year)


def _msg(status: CriterionStatus, code: str, id_: str, en: str, **kw: object) -> Criterion:
    return Criterion(code, status, id_, en, **kw)  # type: ignore[arg-type]


class _DateTable:
    """Everything about a reference date that does not depend on the family."""

    __slots__ = (
        "at",
        "decile_max",
        "decile_next",
        "decile_use",
        "decisions",
        "early_born",
        "early_max",
        "elderly_born",
        "elderly_min",
        "max_preg",
        "school_born",
        "school_max",
        "uses",
        "year",
    )

    def __init__(self, params: ParameterSet, at: date) -> None:
        self.at = at
        self.year = _year_table(params, at.year)
        date_uses: list[ParameterUse] = []
        self.early_max = self.school_max = self.elderly_min = self.max_preg = 0
        if not self.year.flat:
            self.early_max = params.integer("pkh.age.anak_usia_dini.max", at)
            self.school_max = params.integer("pkh.age.sekolah.max", at)
            self.elderly_min = params.integer("pkh.age.lanjut_usia.min", at)
            self.max_preg = params.integer("pkh.ibu_hamil.max_pregnancies", at)
            date_uses.extend(
                _use(params, n, at)
                for n in (
                    "pkh.age.anak_usia_dini.max",
                    "pkh.age.sekolah.max",
                    "pkh.age.lanjut_usia.min",
                    "pkh.ibu_hamil.max_pregnancies",
                )
            )
        # age bounds as birth-date bounds: age <= n  <=>  birth >= _earliest_birth(at, n)
        self.early_born = self.school_born = self.elderly_born = at
        if not self.year.flat:
            self.early_born = _earliest_birth(at, self.early_max)
            self.school_born = _earliest_birth(at, self.school_max)
            self.elderly_born = _earliest_birth(at, self.elderly_min - 1) - timedelta(days=1)
        pv = params.value("pkh.eligibility.max_desil", at)
        self.decile_use = ParameterUse.of("pkh.eligibility.max_desil", pv)
        self.decile_max = pv.value if isinstance(pv.value, int) else None
        # while unknown: the next known threshold, to say when one starts to apply
        self.decile_next: tuple[int, date, str] | None = None
        if self.decile_max is None:
            for v in params.history("pkh.eligibility.max_desil"):
                if v.start > at and isinstance(v.value, int):
                    self.decile_next = (v.value, v.start, v.source.cite())
                    break
        date_uses.append(self.decile_use)
        self.uses = self.year.uses + _dedupe(date_uses)
        self.decisions: dict[tuple[object, ...], Decision] = {}

    def decision(self, family: PkhFamily, ncomp: int) -> Decision:
        key = (family.registered, family.welfare_decile, family.status.code, ncomp)
        hit = self.decisions.get(key)
        if hit is None:
            hit = self._decide(family.registered, family.welfare_decile, family.status, ncomp)
            if len(self.decisions) < 4096:
                self.decisions[key] = hit
        return hit

    def _decide(
        self, registered: bool, decile: int | None, status: PkhStatus, ncomp: int
    ) -> Decision:
        crit = [
            _msg(
                _PASS if registered else _FAIL,
                "registered",
                "Terdaftar di DTKS/DTSEN." if registered else "Tidak terdaftar di DTKS/DTSEN.",
                "Registered in DTKS/DTSEN." if registered else "Not registered in DTKS/DTSEN.",
                observed="true" if registered else "false",
                threshold="true",
            )
        ]
        shown = None if decile is None else str(decile)
        if self.decile_max is None:
            nxt_id = nxt_en = ""
            if self.decile_next is not None:
                v, start, cite = self.decile_next
                nxt_id = (
                    f" Batas berikutnya yang diketahui: desil <= {v} mulai {start.isoformat()} "
                    f"({cite}); tanggal mulai berlakunya yang sebenarnya tidak ditemukan."
                )
                nxt_en = (
                    f" The next known threshold: decile <= {v} from {start.isoformat()} "
                    f"({cite}); the date it actually took effect was not found."
                )
            crit.append(
                _msg(
                    _NA,
                    "welfare_decile",
                    "Batas desil kesejahteraan PKH tidak diketahui pada tanggal ini; kriteria "
                    "tidak diterapkan (tetapkan dengan reformasi parameter)." + nxt_id,
                    "The PKH welfare-decile threshold is unknown on this date; the criterion "
                    "is not applied (set one with a reform)." + nxt_en,
                    observed=shown,
                    parameter=self.decile_use,
                )
            )
        else:
            ok = decile is not None and decile <= self.decile_max
            crit.append(
                _msg(
                    _PASS if ok else _FAIL,
                    "welfare_decile",
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
                    threshold=f"<= {self.decile_max}",
                    parameter=self.decile_use,
                )
            )
        active = status is PkhStatus.AKTIF
        crit.append(
            _msg(
                _PASS if active else _FAIL,
                "not_excluded",
                "Status kepesertaan aktif."
                if active
                else f"Dikecualikan: status {status.name_id}.",
                "Participation status active."
                if active
                else f"Excluded: status {status.label_en}.",
                observed=status.code,
                threshold=PkhStatus.AKTIF.code,
            )
        )
        if self.year.flat:
            crit.append(
                _msg(
                    _NA,
                    "component",
                    f"Tahun {self.year.year}: bantuan flat per keluarga, tanpa komponen.",
                    f"{self.year.year}: flat amount per family, no components.",
                )
            )
        else:
            ok = ncomp > 0
            crit.append(
                _msg(
                    _PASS if ok else _FAIL,
                    "component",
                    f"{ncomp} anggota memenuhi komponen."
                    if ok
                    else "Tidak ada anggota yang memenuhi komponen PKH (kondisi graduasi alamiah).",
                    f"{ncomp} member(s) with a component."
                    if ok
                    else "No member has an eligible PKH component (condition of natural "
                    "graduation, graduasi alamiah).",
                    observed=str(ncomp),
                    threshold=">= 1",
                )
            )
        outcome = all(c.status is not _FAIL for c in crit)
        return Decision("PKH", "eligibility", self.at, outcome, tuple(crit))


@functools.lru_cache(maxsize=1024)
def _date_table(params: ParameterSet, at: date) -> _DateTable:
    return _DateTable(params, at)


def _age(birth: date, at: date) -> int:
    years = at.year - birth.year
    bm, bd = birth.month, birth.day
    if bm == 2 and bd == 29 and not calendar.isleap(at.year):
        bd = 28
    if (at.month, at.day) < (bm, bd):
        years -= 1
    return years


def _candidates(m: PkhMember, t: _DateTable) -> list[PkhComponent]:
    """Every component that applies, in declaration order (the reference rule)."""
    a = _age(m.birth_date, t.at)
    out: list[PkhComponent] = []
    if m.pregnant_or_postpartum and (m.pregnancy_order is None or m.pregnancy_order <= t.max_preg):
        out.append(PkhComponent.IBU_HAMIL)
    level = m.school_level
    if a <= t.early_max and level is _NONE_LEVEL:
        out.append(PkhComponent.ANAK_USIA_DINI)
    if a <= t.school_max:
        if level is _SD:
            out.append(PkhComponent.SD)
        elif level is _SMP:
            out.append(PkhComponent.SMP)
        elif level is _SMA:
            out.append(PkhComponent.SMA)
    if m.disability is _BERAT:
        out.append(PkhComponent.DISABILITAS_BERAT)
    if a >= t.elderly_min:
        out.append(PkhComponent.LANJUT_USIA)
    return out


def _rank(m: PkhMember, t: _DateTable) -> int:
    """The rank of the member's component in the year's priority order (0 = highest), or
    ``_NO_COMPONENT`` / ``_UNBORN``. Same rule as :func:`_candidates`, with the age bounds
    turned into birth-date bounds of the reference date (fast)."""
    b = m.birth_date
    if b > t.at:
        return _UNBORN
    ro = t.year.rank_of
    r = _NO_COMPONENT
    if m.pregnant_or_postpartum and (m.pregnancy_order is None or m.pregnancy_order <= t.max_preg):
        r = ro[0]
    level = m.school_level
    if level is _NONE_LEVEL:
        if b >= t.early_born and ro[1] < r:
            r = ro[1]
    elif b >= t.school_born:
        if level is _SD:
            if ro[2] < r:
                r = ro[2]
        elif level is _SMP:
            if ro[3] < r:
                r = ro[3]
        elif level is _SMA and ro[4] < r:
            r = ro[4]
    if m.disability is _BERAT and ro[5] < r:
        r = ro[5]
    if b <= t.elderly_born and ro[6] < r:
        r = ro[6]
    return r


def _earliest_birth(at: date, max_age: int) -> date:
    """The earliest birth date whose age on ``at`` is at most ``max_age`` (binary search over
    :func:`_age`, which never increases as the birth date moves later)."""
    # hi = the day after ``at``: returned when no birth date qualifies (max_age < 0)
    lo, hi = date(max(1, at.year - max_age - 2), 1, 1).toordinal(), at.toordinal() + 1
    while lo < hi:
        mid = (lo + hi) // 2
        if mid > at.toordinal() or _age(date.fromordinal(mid), at) <= max_age:
            hi = mid
        else:
            lo = mid + 1
    return date.fromordinal(lo)


def _params(params: ParameterSet | None) -> ParameterSet:
    return load_parameters() if params is None else params


def candidate_components(
    member: PkhMember, at: date, params: ParameterSet | None = None
) -> tuple[PkhComponent, ...]:
    """Every component ``member`` qualifies for on ``at``, before the one-component rule
    (empty in the flat years 2017-2018 and for a member not yet born).

    Examples:
        >>> from datetime import date
        >>> from dayasos.categories import Sex, DisabilitySeverity
        >>> grandma = PkhMember("g", date(1950, 1, 1), Sex.PEREMPUAN,
        ...                     disability=DisabilitySeverity.BERAT)
        >>> candidate_components(grandma, date(2021, 7, 1))
        (PkhComponent.DISABILITAS_BERAT, PkhComponent.LANJUT_USIA)
    """
    t = _date_table(_params(params), at)
    if t.year.flat or member.birth_date > at:
        return ()
    return tuple(_candidates(member, t))


def component_of(
    member: PkhMember, at: date, params: ParameterSet | None = None
) -> PkhComponent | None:
    """The one component ``member`` counts for on ``at``, or None.

    Several components: the highest annual amount of the year first, ties in the declaration
    order of :class:`PkhComponent` (``pkh.component.priority``, unverified).

    Examples:
        >>> from datetime import date
        >>> from dayasos.categories import Sex, SchoolLevel
        >>> child = PkhMember("c", date(2013, 5, 1), Sex.LAKI_LAKI, school_level=SchoolLevel.SD)
        >>> component_of(child, date(2021, 7, 1))
        PkhComponent.SD
    """
    t = _date_table(_params(params), at)
    if t.year.flat:
        return None
    r = _rank(member, t)
    return t.year.by_rank[r] if r < _NO_COMPONENT else None


def eligibility(family: PkhFamily, at: date, params: ParameterSet | None = None) -> Decision:
    """Whether ``family`` is eligible for PKH on ``at``, with every criterion.

    Examples:
        >>> from datetime import date
        >>> from dayasos.categories import Sex
        >>> f = PkhFamily("f", [PkhMember("a", date(2018, 1, 1), Sex.PEREMPUAN)])
        >>> d = eligibility(f, date(2021, 7, 1))
        >>> d.outcome, d.criterion("welfare_decile").status.value
        (True, 'not_applicable')
    """
    t = _date_table(_params(params), at)
    n = 0
    if not t.year.flat:
        for m in family.members:
            if _rank(m, t) < _NO_COMPONENT:
                n += 1
    return t.decision(family, n)


def entitlement(family: PkhFamily, at: date, params: ParameterSet | None = None) -> PkhEntitlement:
    """The PKH entitlement of ``family`` for the fiscal year of ``at``, assessed on ``at``.

    Pass a reform (:meth:`dayasos.parameters.ParameterSet.with_value`) as ``params`` for the
    reform's entitlement.

    Examples:
        >>> from datetime import date
        >>> from dayasos.categories import Sex, SchoolLevel
        >>> f = PkhFamily("f", [
        ...     PkhMember("a", date(2017, 3, 1), Sex.PEREMPUAN),
        ...     PkhMember("b", date(2008, 3, 1), Sex.LAKI_LAKI, school_level=SchoolLevel.SMP),
        ...     PkhMember("c", date(2005, 3, 1), Sex.PEREMPUAN, school_level=SchoolLevel.SMA),
        ... ])
        >>> e = entitlement(f, date(2021, 7, 1))
        >>> e.total, [s.amount for s in e.stages]
        (Rupiah(6500000), [Rupiah(1625000), Rupiah(1625000), Rupiah(1625000), Rupiah(1625000)])
    """
    t = _date_table(_params(params), at)
    y = t.year
    members = family.members
    if y.flat:
        ranks = [_NO_COMPONENT] * len(members)
        ncomp = 0
    else:
        ranks = [_rank(m, t) for m in members]
        ncomp = len(ranks) - ranks.count(_NO_COMPONENT) - ranks.count(_UNBORN)
    decision = t.decision(family, ncomp)
    eligible = decision.outcome
    counted_ids: set[str] | None = set()  # None: every member with a component counts
    limited: set[str] = set()  # over the early-childhood limit
    counted: tuple[int, ...] = ()
    if eligible and ncomp:
        if ncomp <= y.cap and (ncomp <= y.limit or ranks.count(y.limit_rank) <= y.limit):
            counted = tuple(sorted([r for r in ranks if r < _NO_COMPONENT]))
            counted_ids = None
        else:
            cands = sorted(
                [(r, m.member_id) for m, r in zip(members, ranks, strict=True) if r < _NO_COMPONENT]
            )
            taken = [0] * len(y.limits)
            chosen: list[int] = []
            ids: set[str] = set()
            for r, mid in cands:
                if taken[r] >= y.limits[r]:
                    limited.add(mid)
                elif len(chosen) < y.cap:
                    taken[r] += 1
                    chosen.append(r)
                    ids.add(mid)
            counted_ids = ids
            counted = tuple(chosen)
    by_rank, amounts, uses = y.by_rank, y.amount_by_rank, y.uses_by_rank
    lines: list[MemberLine] = []
    other = LineReason.FLAT_YEAR if y.flat else LineReason.NO_COMPONENT
    not_counted = LineReason.EXCLUDED_BY_CAP if eligible else LineReason.FAMILY_NOT_ELIGIBLE
    for m, r in zip(members, ranks, strict=True):
        mid = m.member_id
        if r < _NO_COMPONENT:
            if counted_ids is None or mid in counted_ids:
                reason = _COUNTED
            elif mid in limited:
                reason = LineReason.EXCLUDED_BY_LIMIT
            else:
                reason = not_counted
            lines.append(MemberLine(mid, by_rank[r], amounts[r], reason, uses[r]))
        elif r == _UNBORN:
            lines.append(MemberLine(mid, None, _ZERO, LineReason.NOT_YET_BORN))
        else:
            lines.append(MemberLine(mid, None, _ZERO, other))
    lines.sort(key=_LINE_KEY)
    choice = (2 if family.remote_area else 1) if eligible else 0
    kind, fixed = y.choices[choice]
    total, stages = y.stages(counted, choice)
    return PkhEntitlement(
        family.family_id,
        at,
        y.year,
        total,
        fixed,
        kind,
        tuple(lines),
        stages,
        decision,
        t.uses,
    )
