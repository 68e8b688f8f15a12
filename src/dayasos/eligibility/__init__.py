"""Eligibility, entitlement and allocation rules.

Subpackages: :mod:`dayasos.eligibility.allocation` (apportionment and ranked selection).
"""
