"""``python -m dayasos.schemas [directory]``: regenerate the shipped JSON Schemas (or write them
into ``directory``)."""

from __future__ import annotations

import sys

from dayasos.schemas import write_schemas


def main(argv: list[str]) -> int:
    """Write the schemas and print each path written."""
    for path in write_schemas(argv[0] if argv else None):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
