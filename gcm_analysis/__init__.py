"""GCM Workbook: cost, fund and report a national implementation plan for the
Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195).

The public API is re-exported from the domain modules; see the README.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import GcmError, InputError, ParameterError, Problem

__all__ = ["GcmError", "InputError", "ParameterError", "Problem", "__version__"]
