"""Codes checked without any data file: the 23 GCM objectives; and the set of known
codes a plan's cells are checked against, built from tables a caller read.

:mod:`gcm_analysis.reference` re-exports these; domain modules import them from
here, so checking an objective id never reaches file access.
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Integral

from .errors import ParameterError

OBJECTIVE_IDS: tuple[int, ...] = tuple(range(1, 24))
"""The 23 GCM objectives (A/RES/73/195 paras 17-39)."""


def check_objective_ids(ids: int | Iterable[int]) -> list[int]:
    """Return GCM objective ids as a sorted list without duplicates, or raise.

    Parameters
    ----------
    ids : int or iterable of int
        Objective numbers; each must be a whole number from 1 to 23 (``bool`` and
        strings are refused, integral floats such as ``3.0`` are accepted).

    Returns
    -------
    list of int
        The ids, sorted and de-duplicated (an empty input gives ``[]``).

    Raises
    ------
    ParameterError
        Naming every id that is not a GCM objective.

    Examples
    --------
    >>> check_objective_ids([20, 1, 20])
    [1, 20]
    >>> check_objective_ids(24)
    Traceback (most recent call last):
    ...
    gcm_analysis.errors.ParameterError: objective ids must be whole numbers from 1 to 23; found 24
    """  # noqa: E501
    if isinstance(ids, str | bytes) or not isinstance(ids, Iterable):
        ids = [ids]  # type: ignore[list-item]
    good: set[int] = set()
    bad: list[object] = []
    for value in ids:
        number = _as_int(value)
        if number is None or number not in OBJECTIVE_IDS:
            bad.append(value)
        else:
            good.add(number)
    if bad:
        found = ", ".join(repr(v) for v in bad)
        raise ParameterError(
            f"objective ids must be whole numbers from 1 to 23; found {found}"
        )
    return sorted(good)


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def reference_codes(currencies: Iterable[str] | None, countries: Iterable[str] | None,
                    categories: Iterable[str]) -> dict[str, frozenset[str]]:
    """The codes plan cells are checked against, from tables the caller read.

    ``None`` for currencies or countries: those codes are checked by form only
    (a reference table not built yet). Files are read by
    :func:`gcm_analysis.reference.plan_codes`, or by the stage layer from its
    declared inputs.
    """
    codes: dict[str, frozenset[str]] = {"category": frozenset(categories)}
    if currencies is not None:
        codes["currency"] = frozenset(currencies)
    if countries is not None:
        codes["iso3"] = frozenset(countries)
    return codes
