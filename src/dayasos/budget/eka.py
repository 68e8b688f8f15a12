"""EKA (Evaluasi Kinerja Anggaran): penyerapan, efisiensi and capaian output programme.

Formulas of the PMK 214/PMK.02/2017 and PMK 22/PMK.02/2021 lampiran examples (H); the nilai
efisiensi ``NE = 50 % + E / 20 x 50 %`` is seen applied in a LAKIP (Inspektorat Jenderal
Kemensos, LAKIP 2019, M) and a cap of E at +-20 % is **not confirmed**, so it is an explicit
option.

Examples:
    >>> eka_penyerapan(Rupiah(734_881_464_333), Rupiah(855_830_897_000)).rounded(2)
    Decimal('85.87')
    >>> capaian_output_program([[[(5, 5), (10, 9)], [(3, 2), (6, 4), (5, 5)]], [[(4, 4)]]]).rounded(2)
    Decimal('92.24')
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from fractions import Fraction

from dayasos.errors import ValidationError
from dayasos.money import Exact, Percentage, Rupiah

__all__ = [
    "EfficiencyItem",
    "capaian_output_program",
    "eka_efisiensi",
    "eka_penyerapan",
    "geometric_mean",
    "nilai_efisiensi",
]

_PRECISION = 40
"""Significant digits of the geometric means (roots are irrational; 40 digits is far beyond any
published decimal)."""

EfficiencyItem = tuple[Rupiah, Exact, Rupiah]
"""(PAK pagu of the output, CK achievement as a fraction of one, RAK realization of the output)."""


def eka_penyerapan(realized: Rupiah, pagu: Rupiah) -> Percentage:
    """``P = A / PA x 100 %`` (cumulative realization over cumulative pagu)."""
    if pagu.amount <= 0:
        raise ValidationError("pagu", "must be above Rp0", shown=str(pagu))
    return Percentage.of(realized, pagu)


def eka_efisiensi(items: Sequence[EfficiencyItem]) -> Percentage:
    """``E = sum(PAK x CK - RAK) / sum(PAK x CK) x 100 %`` over the outputs.

    Examples:
        >>> from decimal import Decimal as D
        >>> eka_efisiensi([(Rupiah(4_000_000_000), D("1.22"), Rupiah(3_800_000_000)),
        ...                (Rupiah(1_000_000_000), D("0.80"), Rupiah(975_000_000)),
        ...                (Rupiah(5_000_000_000), D("1.42"), Rupiah(4_725_000_000))]).rounded(2)
        Decimal('25.67')
    """
    if not items:
        raise ValidationError("items", "must not be empty")
    expected = Fraction(0)
    saved = Fraction(0)
    for i, (pak, ck, rak) in enumerate(items):
        ck_f = Fraction(ck)
        if ck_f < 0:
            raise ValidationError("items", "CK must not be negative", index=i, shown=str(ck))
        expected += pak.amount * ck_f
        saved += pak.amount * ck_f - rak.amount
    if expected == 0:
        raise ValidationError("items", "sum of PAK x CK must not be zero")
    return Percentage(saved / expected * 100)


def nilai_efisiensi(efisiensi: Percentage, *, cap: Exact | None = None) -> Percentage:
    """``NE = 50 % + E / 20 x 50 %``; with ``cap`` (e.g. 20) E is first clipped to [-cap, cap].

    The cap is not confirmed by a public source read, hence no default.
    """
    e = efisiensi.value
    if cap is not None:
        c = Fraction(cap)
        e = max(-c, min(c, e))
    return Percentage(Fraction(50) + e / 20 * 50)


def geometric_mean(values: Sequence[Exact]) -> Decimal:
    """n-th root of the product, to 40 significant digits (exact when the result is rational)."""
    if not values:
        raise ValidationError("values", "must not be empty")
    product = Fraction(1)
    for i, v in enumerate(values):
        f = Fraction(v)
        if f < 0:
            raise ValidationError("values", "must not be negative", index=i, shown=str(v))
        product *= f
    if product == 0:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        x = Decimal(product.numerator) / Decimal(product.denominator)
        return (x.ln() / len(values)).exp()


def capaian_output_program(
    programs: Sequence[Sequence[Sequence[tuple[Exact, Exact]]]],
) -> Percentage:
    """Capaian Output Program of an eselon I unit: nested geometric means (PMK 22/PMK.02/2021).

    ``programs`` lists, per programme, its outputs (OP), each a list of indicator
    ``(target, realisasi)`` pairs (IOP); ratios are RIOP / TIOP.
    """
    prog_values: list[Decimal] = []
    for pi, outputs in enumerate(programs):
        op_values: list[Decimal] = []
        for oi, indicators in enumerate(outputs):
            ratios: list[Fraction] = []
            for ii, (target, real) in enumerate(indicators):
                t = Fraction(target)
                if t <= 0:
                    raise ValidationError(
                        f"programs[{pi}][{oi}]",
                        "target must be above zero",
                        index=ii,
                        shown=str(target),
                    )
                ratios.append(Fraction(real) / t)
            op_values.append(geometric_mean(ratios))
        prog_values.append(geometric_mean(op_values))
    top = geometric_mean(prog_values)
    return Percentage(Fraction(top) * 100)
