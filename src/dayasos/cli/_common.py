"""Helpers shared by the ``dayasos`` subcommands."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Protocol

from dayasos.parameters import ParameterSet

__all__ = ["Command", "parse_date"]


class Command(Protocol):
    """A subcommand module: its name, how it adds its parser, and how it runs."""

    NAME: str

    def add_parser(self, sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None: ...

    def run(self, args: argparse.Namespace, params: ParameterSet) -> int: ...


def parse_date(text: str) -> date:
    """An ISO date argument (``2020-07-01``), or an argparse error naming the value."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2020-07-01: {text!r}") from None
