"""The columnar read of a registry built from its records: :meth:`RegistryStore.member_columns`
for a store that has no faster way (:class:`~dayasos.registry.MemoryStore`).

It reads the store through the protocol's bulk iterators only (``memberships()``,
``families()``, ``persons()``, ``ranks()``, ``status_changes()``) and picks the rank and the
status in force with :data:`~dayasos.registry.in_force.RANK_IN_FORCE` and
:data:`~dayasos.registry.in_force.STATUS_IN_FORCE`. The columns are those of
:func:`dayasos.registry.columnar.member_columns` (the SQLite read), value for value. numpy is
needed (the ``fast`` or ``population`` extra).

Examples:
    >>> from datetime import date
    >>> from dayasos.categories import Programme, Relationship, Sex
    >>> from dayasos.registry import Family, Membership, MemoryStore, Nik, NoKK, Person
    >>> from dayasos.registry import RegionCode
    >>> store = MemoryStore()
    >>> nik, kk = Nik.parse("3171015503170001"), NoKK.parse("3171012009000001")
    >>> store.add_person(Person(nik, "Sari", date(2017, 3, 15), Sex.PEREMPUAN))
    >>> store.add_family(Family(kk, RegionCode.parse("31.71.01.1001")))
    >>> store.add_membership(Membership(kk, nik, Relationship.ANAK, date(2017, 3, 20)))
    >>> cols = columns_from_records(store, date(2021, 7, 1), Programme.PKH)
    >>> cols["birth"].tolist(), cols["province"].tolist(), cols["status"].tolist()
    ([17240], [31], [-1])
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from dayasos.categories import DisabilitySeverity, Programme, SchoolLevel, Sex
from dayasos.registry.identity import Nik, NoKK
from dayasos.registry.in_force import RANK_IN_FORCE, STATUS_IN_FORCE
from dayasos.registry.model import EnrolmentStatus, StatusChange, WelfareRank

if TYPE_CHECKING:
    import numpy.typing as npt

    from dayasos.registry.store import RegistryStore

__all__ = ["STATUS_CODES", "columns_from_records"]

STATUS_CODES: Final[tuple[EnrolmentStatus, ...]] = tuple(EnrolmentStatus)
"""``status`` code -> :class:`~dayasos.registry.EnrolmentStatus` (``-1``: no status); the
same codes as :data:`dayasos.registry.columnar.STATUS_CODES`."""

EPOCH: Final = date(1970, 1, 1).toordinal()
_SEX: Final = {m: i for i, m in enumerate(Sex)}
_DISABILITY: Final = {m: i for i, m in enumerate(DisabilitySeverity)}
_SCHOOL: Final = {m: i for i, m in enumerate(SchoolLevel)}
_STATUS: Final = {m: i for i, m in enumerate(STATUS_CODES)}


def columns_from_records(
    store: RegistryStore, on: date, programme: Programme
) -> dict[str, npt.NDArray[Any]]:
    """The members in force on ``on`` and their families, as numpy columns, read record by
    record through the store protocol.

    Args:
        store: any registry store.
        on: the date of the memberships, ranks, statuses and pregnancies.
        programme: the programme whose enrolment status fills ``status``.

    Returns:
        The columns described at :meth:`~dayasos.registry.RegistryStore.member_columns`.
    """
    import numpy as np

    members: dict[NoKK, list[Nik]] = defaultdict(list)
    for m in store.memberships():
        if m.active_on(on):
            members[m.no_kk].append(m.nik)
    keys = sorted(members, key=lambda k: k.reveal())
    wanted = {n for k in keys for n in members[k]}
    persons = {p.nik: p for p in store.persons() if p.nik in wanted}
    province = {f.no_kk: int(f.region.digits[:2]) for f in store.families() if f.no_kk in members}
    ranks: dict[NoKK, list[WelfareRank]] = defaultdict(list)
    for r in store.ranks():
        ranks[r.no_kk].append(r)
    changes: dict[NoKK, list[StatusChange]] = defaultdict(list)
    for c in store.status_changes():
        if c.programme is programme and isinstance(c.subject, NoKK):
            changes[c.subject].append(c)

    cols: dict[str, list[int]] = {
        k: [] for k in ("family", "birth", "sex", "pregnant", "disability", "school")
    }
    desil: list[int] = []
    status: list[int] = []
    for row, kk in enumerate(keys):
        for nik in sorted(members[kk], key=lambda n: n.reveal()):
            p = persons[nik]
            cols["family"].append(row)
            cols["birth"].append(p.birth_date.toordinal() - EPOCH)
            cols["sex"].append(_SEX[p.sex])
            cols["pregnant"].append(int(p.pregnant_on(on)))
            cols["disability"].append(_DISABILITY[p.disability])
            cols["school"].append(_SCHOOL[p.school_level])
        rank = RANK_IN_FORCE.pick(ranks.get(kk, ()), on)
        desil.append(0 if rank is None else rank.desil)
        change = STATUS_IN_FORCE.pick(changes.get(kk, ()), on)
        status.append(-1 if change is None else _STATUS[change.status])
    return {
        "family": np.array(cols["family"], dtype=np.int64),
        "birth": np.array(cols["birth"], dtype=np.int64),
        "sex": np.array(cols["sex"], dtype=np.uint8),
        "pregnant": np.array(cols["pregnant"], dtype=np.bool_),
        "disability": np.array(cols["disability"], dtype=np.uint8),
        "school": np.array(cols["school"], dtype=np.uint8),
        "no_kk": np.array([int(k.reveal()) for k in keys], dtype=np.int64),
        "province": np.array([province[k] for k in keys], dtype=np.uint8),
        "desil": np.array(desil, dtype=np.uint8),
        "status": np.array(status, dtype=np.int8),
    }
