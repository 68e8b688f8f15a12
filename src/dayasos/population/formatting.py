"""Numbers and rupiah in Indonesian notation for tables, summaries and charts: a comma
before decimals, a dot between thousands, and large amounts in words (juta 10^6, miliar
10^9, triliun 10^12).

Examples:
    >>> format_rupiah(1_234_000_000_000), format_rupiah(-450_000_000), format_rupiah(0)
    ('Rp1,2 triliun', '-Rp450 juta', 'Rp0')
    >>> format_number(1234567.0), format_number(2.5)
    ('1.234.567', '2,5')
"""

from __future__ import annotations

__all__ = ["RUPIAH_UNITS", "format_number", "format_rupiah"]

RUPIAH_UNITS = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))


def format_number(value: float, decimals: int | None = None) -> str:
    """``value`` with Indonesian separators: ``1.234.567``, ``2,5``. Without ``decimals``,
    whole numbers get none and others one."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() or abs(value) >= 100 else 1
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_rupiah(value: float) -> str:
    """A rupiah amount in words of its size: ``Rp1,2 triliun``, ``-Rp450 juta``, ``Rp500``."""
    sign = "-" if value < 0 else ""
    v = abs(float(value))
    for size, word in RUPIAH_UNITS[:-1]:
        if v >= size:
            return f"{sign}Rp{format_number(v / size)} {word}"
    return f"{sign}Rp{format_number(round(v), 0)}"
