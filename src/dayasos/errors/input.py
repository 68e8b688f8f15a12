"""Errors of the input area: a value, a file or a text rejected at the boundary."""

from __future__ import annotations

from collections.abc import Sequence

from dayasos.errors.base import DayasosError, InputError
from dayasos.redaction import redact

__all__ = [
    "BulkValidationError",
    "CaseFileError",
    "CategoryNotFoundError",
    "SourceError",
    "TextDecodeError",
    "ValidationError",
]


class ValidationError(InputError, ValueError):
    """A value was rejected at the boundary.

    Attributes:
        field: dotted path of the rejected field, e.g. ``"members[2].birth_date"`` or ``"amount"``.
        problem: what is wrong with the value, in plain words.
        index: for an item of a collection (a CSV row, a list element), its position.
        shown: a safe rendering of the rejected value (masked for personal data), or ``None``.
    """

    def __init__(
        self,
        field: str,
        problem: str,
        *,
        index: int | None = None,
        shown: str | None = None,
    ) -> None:
        self.field = redact(field)
        self.problem = redact(problem)
        self.index = index
        self.shown = None if shown is None else redact(shown)
        where = self.field if index is None else f"{self.field} (item {index})"
        value = "" if self.shown is None else f" (got {self.shown})"
        super().__init__(f"{where}: {self.problem}{value}")

    def at(self, index: int) -> ValidationError:
        """A copy of this error located at ``index`` of a collection.

        The copy is a plain :class:`ValidationError` with the same field, problem and shown
        value, also for a subclass (a file error located at a row is a row's error).
        """
        return ValidationError(self.field, self.problem, index=index, shown=self.shown)


class BulkValidationError(InputError, ValueError):
    """Several values were rejected at once; ``errors`` lists every one, nothing is dropped."""

    def __init__(self, what: str, errors: Sequence[ValidationError]) -> None:
        self.what = what
        self.errors: tuple[ValidationError, ...] = tuple(errors)
        lines = "\n".join(f"  - {e}" for e in self.errors)
        super().__init__(f"{what}: {len(self.errors)} problem(s)\n{lines}")


class CategoryNotFoundError(InputError, LookupError):
    """A text did not match any member of a category (PPKS, PSKS, programme, ...)."""

    def __init__(self, category: str, text: str, known: Sequence[str]) -> None:
        self.category = category
        self.text = redact(text) if isinstance(text, str) else text
        self.known = tuple(known)
        sample = ", ".join(self.known[:8]) + (", ..." if len(self.known) > 8 else "")
        super().__init__(f"{category}: no member matches {text!r}; known codes include {sample}")


class CaseFileError(ValidationError):
    """A data-driven test-case file is malformed; the message names the file and the field."""

    def __init__(self, file: str, where: str, problem: str, *, shown: str | None = None) -> None:
        self.file = file
        self.where = where
        super().__init__(f"{file}: {where}", problem, shown=shown)


class TextDecodeError(ValidationError):
    """A file is not valid UTF-8 text; names the file, the line and the byte offset.

    Attributes:
        file: the file (its path, or ``<text>`` for content passed in memory).
        line: the 1-based line of the first undecodable byte (0 when unknown: a file opened
            as text fails inside its own decoder).
        offset: its 0-based byte offset in the file.
    """

    def __init__(self, file: str, line: int, offset: int, reason: str) -> None:
        self.file = file
        self.line = line
        self.offset = offset
        where = (
            f"at line {line} (byte {offset})"
            if line > 0
            else f"at character {offset} of a file opened as text (pass its path or bytes to "
            "learn the line)"
        )
        super().__init__(
            f"{file}: encoding",
            f"is not UTF-8 text: {reason} {where}; save the file as UTF-8 (Excel: "
            "'CSV UTF-8') and read it again",
        )


class SourceError(InputError, OSError):
    """A source could not be read (missing file, a directory, no permission) or was given in a
    form the reader does not take; the message names the argument and the path."""

    def __init__(self, argument: str, problem: str) -> None:
        self.argument = argument
        self.problem = redact(problem)
        self.message = f"{argument}: {self.problem}"
        DayasosError.__init__(self, self.message)

    def __str__(self) -> str:  # OSError would otherwise format (errno, strerror)
        return self.message
