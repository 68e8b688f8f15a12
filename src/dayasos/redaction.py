"""Masking of personal numbers in text: every dayasos exception message goes through
:func:`redact` (re-exported by :mod:`dayasos.errors`), so a NIK or No. KK never shows in full
even when it was typed into the wrong field."""

from __future__ import annotations

import re

__all__ = ["REDACT_MIN_DIGITS", "redact"]

# A run of digits, possibly grouped by one kind of separator (space, dot, hyphen or slash).
_DIGIT_RUN = re.compile(r"\d+(?:([ .\-/])\d+(?:\1\d+)*)?")
# Thousands grouping of an amount (``40.000.000``, ``1,250,000``): never a NIK or No. KK.
_AMOUNT = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
REDACT_MIN_DIGITS = 12
"""A run of at least this many digits is masked by :func:`redact` (NIK and No. KK have 16)."""


def _mask_run(match: re.Match[str]) -> str:
    run = match.group(0)
    digits = [c for c in run if c.isdigit()]
    if len(digits) < REDACT_MIN_DIGITS or _AMOUNT.fullmatch(run):
        return run
    kept = "".join(digits)
    return kept[:4] + "*" * (len(kept) - 8) + kept[-4:]


def redact(text: str) -> str:
    """``text`` with every run of 12 or more digits masked like a NIK (first and last four
    digits kept, separators dropped); amounts in thousands grouping (``1.250.000``) stay.

    Every dayasos exception message passes through it, so a NIK or No. KK never shows in a
    message, even one typed into a name, a date or a code column.

    Examples:
        >>> redact("name: must not hold digits (got '3171011708450001')")
        "name: must not hold digits (got '3171********0001')"
        >>> redact("jumlah: Rp40.000.000 over the pagu")
        'jumlah: Rp40.000.000 over the pagu'
    """
    return _DIGIT_RUN.sub(_mask_run, text)
