"""公开渠道和载体: an open list, read as the agency printed it and recognised beside it.

Real catalogs print platform names (投资项目在线审批监管平台 …), 办事窗口, the many forms of
公示栏 and 其他（…）: all legitimate, all kept as printed. Each printed item is recognised as a
form of one of the standard channels by its words (standard.CHANNEL_KEYWORDS), for filtering
and open data; an item close to a standard name without being one is likely a typo, and a warning.
"""

from __future__ import annotations

from .diagnostics import WARNING, Diagnostic
from .schema import normalize
from .standard import CHANNEL_KEYWORDS, CHANNEL_OPTIONS
from .suggest import closest

OTHER = "其他"
STANDARD_NAMES = tuple(option.name for option in CHANNEL_OPTIONS)
# Stricter than suggest's default: most items that are no standard name are legitimate channels of their own.
TYPO_SIMILARITY = 0.75  # 政府服务中心 ↔ 政务服务中心 is 0.83; unrelated platform names stay far below


def recognise(item: str) -> str | None:
    """The standard channel a printed item is a form of, or None."""
    text = normalize(item)
    for option in CHANNEL_OPTIONS:
        if text in (normalize(name) for name in (option.name, *option.variants)):
            return option.name
    for name, words in CHANNEL_KEYWORDS:
        if any(normalize(word) in text for word in words):
            return name
    return None


def standard_channels(items: tuple[str, ...], path: str, line: int) -> tuple[tuple[str, ...], list[Diagnostic]]:
    """The standard channels the printed items name, in the standard's order (其他 for any item that is
    not a form of one), and a warning for each likely typo."""
    found, warnings = set(), []
    for item in items:
        name = recognise(item)
        if name is None:
            meant = closest(item, STANDARD_NAMES, TYPO_SIMILARITY)
            if meant:
                message = f"公开渠道和载体“{item}”是否应为“{meant}”？如确为其他渠道，可忽略此提醒"
                warnings.append(Diagnostic(path, line, message, WARNING))
        found.add(name or OTHER)
    return tuple(name for name in STANDARD_NAMES if name in found), warnings
