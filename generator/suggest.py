"""“Did you mean …?” for messages: the known name closest to what an editor wrote.

One place for every hint of this kind (field names, option values, folder names, commands),
so they all match the same way. The standard library's difflib is enough: the lists are short,
and its similarity ratio treats a Chinese character as it treats a letter (公开时线 → 公开时限).
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import Iterable, Mapping

# difflib's own default: at least 60% of the two strings in common.
CUTOFF = 0.6


def fold(text: str) -> str:
    """Full-width/half-width and case folded, as the names are compared everywhere else."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def closest(word: str, names: Iterable[str] | Mapping[str, str], cutoff: float = CUTOFF) -> str | None:
    """The name most like `word`, or None when none is close enough.

    `names` may map each accepted spelling (an alias, a variant, a Chinese name) to the name to
    suggest for it: `{"公开时限": "公开时限", "time_limit": "公开时限"}`.
    """
    suggested = dict(names) if isinstance(names, Mapping) else {name: name for name in names}
    by_fold = {fold(spelling): name for spelling, name in suggested.items()}
    if fold(word) in by_fold:
        return by_fold[fold(word)]
    found = difflib.get_close_matches(fold(word), list(by_fold), n=1, cutoff=cutoff)
    return by_fold[found[0]] if found else None


def did_you_mean(word: str, names: Iterable[str] | Mapping[str, str], cutoff: float = CUTOFF) -> str:
    """`是否应为“公开时限”？`, or "" when no name is close: to append to a message about `word`."""
    name = closest(word, names, cutoff)
    return f"是否应为“{name}”？" if name is not None and name != word else ""
