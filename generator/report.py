"""The compliance report: where the catalog falls short of the standard directory.

Pure functions over a validated Catalog: which standard items (一级事项, or their
二级事项 where the directory lists them) have an entry, coverage by domain, entries
not updated for too long, and the guide's age. Shown on the terminal
(`python build.py report`), as JSON, and as the site page 目录覆盖情况.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .catalog import standard_slots
from .model import Catalog, Domain, Entry


def percent(part: int, whole: int) -> int:
    """Rounded half up, so 1 of 8 is 13%, not banker's 12%."""
    return (200 * part + whole) // (2 * whole) if whole else 0


@dataclass(frozen=True)
class ItemCoverage:
    item_l1: str
    item_l2: str | None
    entries: int

    @property
    def name(self) -> str:
        return f"{self.item_l1}/{self.item_l2}" if self.item_l2 else self.item_l1


@dataclass(frozen=True)
class DomainCoverage:
    slug: str
    name: str
    items: tuple[ItemCoverage, ...]

    @property
    def covered(self) -> int:
        return sum(1 for item in self.items if item.entries)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> int:
        return percent(self.covered, self.total)

    @property
    def missing(self) -> tuple[ItemCoverage, ...]:
        return tuple(item for item in self.items if not item.entries)


@dataclass(frozen=True)
class StaleEntry:
    entry: Entry
    domain_name: str
    age_days: int


@dataclass(frozen=True)
class UnstatedMark:
    """A mark group the agency's table left unmarked (未注明 / 不适用): to be completed, not a "no"."""

    entry: Entry
    domain_name: str
    column: str  # 公开对象, 公开方式 or 公开层级
    value: str


@dataclass(frozen=True)
class Coverage:
    """How much of its standard directory a catalog covers: counts only, the same on any day (what
    the portal's indexes show, so that they need not be rendered again when the date changes)."""

    domains: tuple[DomainCoverage, ...]

    @property
    def covered(self) -> int:
        return sum(domain.covered for domain in self.domains)

    @property
    def total(self) -> int:
        return sum(domain.total for domain in self.domains)

    @property
    def percent(self) -> int:
        return percent(self.covered, self.total)


def catalog_coverage(catalog: Catalog) -> Coverage:
    return Coverage(tuple(domain_coverage(domain) for domain in catalog.domains))


@dataclass(frozen=True)
class ComplianceReport(Coverage):
    """The coverage, and what depends on the date: stale entries, the guide's age."""

    today: date
    stale_after_days: int
    stale: tuple[StaleEntry, ...]  # oldest first
    guide_updated: date
    unstated: tuple[UnstatedMark, ...] = ()  # in catalog order

    @property
    def guide_age_days(self) -> int:
        return (self.today - self.guide_updated).days

    @property
    def guide_is_stale(self) -> bool:
        return self.guide_age_days > self.stale_after_days


def domain_coverage(domain: Domain) -> DomainCoverage:
    items = tuple(ItemCoverage(l1, l2, len(entries)) for l1, l2, entries in standard_slots(domain))
    return DomainCoverage(domain.spec.slug, domain.spec.name, items)


def compliance_report(catalog: Catalog, today: date, stale_after_days: int | None = None) -> ComplianceReport:
    """`stale_after_days` overrides the agency's setting in catalog.yaml."""
    limit = stale_after_days or catalog.config.agency.stale_after_days
    stale = [
        StaleEntry(entry, domain.spec.name, (today - entry.updated).days)
        for domain in catalog.domains
        for entry in domain.entries
        if (today - entry.updated).days > limit
    ]
    stale.sort(key=lambda s: (-s.age_days, s.entry.domain, s.entry.slug))
    return ComplianceReport(
        today=today,
        stale_after_days=limit,
        domains=tuple(domain_coverage(domain) for domain in catalog.domains),
        stale=tuple(stale),
        guide_updated=catalog.column.guide.updated,
        unstated=tuple(
            UnstatedMark(entry, domain.spec.name, group.title, getattr(entry, group.key).unstated)
            for domain in catalog.domains
            for entry in domain.entries
            for group in domain.spec.mark_groups
            if getattr(entry, group.key).unstated
        ),
    )


def report_as_text(report: ComplianceReport) -> str:
    lines = [
        f"目录覆盖情况（{report.today.isoformat()}）：标准事项 {report.total} 项，已有条目 {report.covered} 项，覆盖率 {report.percent}%",
        "",
    ]
    width = max(len(domain.name) for domain in report.domains)
    for domain in report.domains:
        name = domain.name + "　" * (width - len(domain.name))
        line = f"{name}  {domain.covered:>3}/{domain.total:<3} {domain.percent:>3}%"
        if domain.missing:
            line += "  缺：" + "、".join(item.name for item in domain.missing)
        lines.append(line)
    lines += ["", f"超过 {report.stale_after_days} 天未更新的条目：{len(report.stale)} 个"]
    lines += [f"  {s.entry.source.path}  {s.entry.updated.isoformat()}（{s.age_days} 天）  {s.domain_name}：{s.entry.title}" for s in report.stale]
    lines += ["", f"标为“未注明”或“不适用”的栏目：{len(report.unstated)} 处"]
    lines += [f"  {u.entry.source.path}  {u.domain_name}：{u.entry.title}  {u.column}：{u.value}" for u in report.unstated]
    state = "，已超过更新期限" if report.guide_is_stale else ""
    lines += ["", f"政府信息公开指南更新日期：{report.guide_updated.isoformat()}（{report.guide_age_days} 天前{state}）"]
    return "\n".join(lines)


def report_as_json(report: ComplianceReport) -> dict[str, Any]:
    return {
        "today": report.today.isoformat(),
        "stale_after_days": report.stale_after_days,
        "covered": report.covered,
        "total": report.total,
        "percent": report.percent,
        "domains": [
            {
                "slug": domain.slug,
                "name": domain.name,
                "covered": domain.covered,
                "total": domain.total,
                "percent": domain.percent,
                "items": [{"item_l1": i.item_l1, "item_l2": i.item_l2, "entries": i.entries} for i in domain.items],
            }
            for domain in report.domains
        ],
        "stale_entries": [
            {"path": s.entry.source.path, "title": s.entry.title, "updated": s.entry.updated.isoformat(), "age_days": s.age_days}
            for s in report.stale
        ],
        "unstated": [
            {"path": u.entry.source.path, "title": u.entry.title, "column": u.column, "value": u.value} for u in report.unstated
        ],
        "guide": {"updated": report.guide_updated.isoformat(), "age_days": report.guide_age_days, "stale": report.guide_is_stale},
    }
