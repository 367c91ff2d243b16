"""What a cluster's portal says about its agencies: one line per agency for its indexes, and the
annual reports of a year side by side with the district's totals.

Pure functions over the assembled Portal; the portal's pages (plan.py) show them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from .annual_report import MAIN_FIGURES
from .model import Agency, AnnualReport, Catalog, Portal, SourceSpan
from .report import Coverage, catalog_coverage
from .standard import AGENCY_GROUPS
from .urls import GROUP_URLS, AgencyUrls, url_of


@dataclass(frozen=True)
class AgencySummary:
    """An agency as the portal's indexes show it."""

    agency: Agency
    home_url: str
    column_url: str
    guide_url: str
    guide_updated: date
    latest_report: AnnualReport | None
    coverage: Coverage  # not the compliance report: nothing here depends on the date
    catalog_url: str
    statutory_count: int

    @property
    def group_title(self) -> str:
        """The portal's index that lists it (部门信息公开, 镇街信息公开), or 区人民政府 for the portal's own agency."""
        return AGENCY_GROUPS[self.agency.kind]

    @property
    def group_url(self) -> str:
        return GROUP_URLS.get(self.group_title, self.home_url)


def agency_summaries(portal: Portal) -> list[AgencySummary]:
    return [summary_of(catalog) for catalog in portal.catalogs]


def summary_of(catalog: Catalog) -> AgencySummary:
    agency, column = catalog.config.agency, catalog.column
    urls = AgencyUrls(agency.slug)
    return AgencySummary(
        agency=agency,
        home_url=urls.home,
        column_url=urls.column,
        guide_url=url_of(column.guide),
        guide_updated=column.guide.updated,
        latest_report=column.annual_reports[0] if column.annual_reports else None,
        coverage=catalog_coverage(catalog),
        catalog_url=urls.catalog,
        statutory_count=len(column.statutory),
    )


def report_years(portal: Portal) -> list[int]:
    """Every year some agency has reported on, newest first."""
    return sorted({report.year for catalog in portal.catalogs for report in catalog.column.annual_reports}, reverse=True)


@dataclass(frozen=True)
class AgencyFigures:
    agency: Agency
    report: AnnualReport
    values: tuple  # MAIN_FIGURES of its report, in order


@dataclass(frozen=True)
class Rollup:
    """One year's annual reports of every agency: their main figures side by side, the district's
    totals of tables 1–3 (a report of their own, summed cell by cell: since every report passed the
    form's arithmetic checks, so do the sums) and the agencies that have not published a report for the year."""

    year: int
    labels: tuple[str, ...]
    rows: tuple[AgencyFigures, ...]
    total: AnnualReport
    total_values: tuple
    missing: tuple[tuple[Agency, str], ...]  # with the address of its annual reports' list


def rollup(portal: Portal, year: int) -> Rollup:
    reports = [(catalog.config.agency, next((r for r in catalog.column.annual_reports if r.year == year), None))
               for catalog in portal.catalogs]
    present = [(agency, report) for agency, report in reports if report is not None]
    rows = tuple(AgencyFigures(agency, report, tuple(figure(report) for _, figure in MAIN_FIGURES)) for agency, report in present)
    total = district_total([report for _, report in present], year)
    return Rollup(year, tuple(label for label, _ in MAIN_FIGURES), rows, total,
                  tuple(figure(total) for _, figure in MAIN_FIGURES), tuple((agency, AgencyUrls(agency.slug).part("annual_reports")) for agency, report in reports if report is None))


def district_total(reports: list[AnnualReport], year: int) -> AnnualReport:
    """Tables 1–3 summed cell by cell over `reports`."""
    first = reports[0]

    def add(rows: list[tuple[int, ...]]) -> tuple[int, ...]:
        return tuple(sum(values) for values in zip(*rows))

    return replace(
        first,
        slug=f"total-{year}",
        title=f"{year}年全区合计",
        source=SourceSpan("", 1),
        preface=None,
        sections=(),
        normative=tuple(add([report.normative[row] for report in reports]) for row in range(len(first.normative))),
        decisions=add([report.decisions for report in reports]),
        fees=sum((report.fees for report in reports), Decimal(0)),
        applications=tuple((key, add([report.application_row(key) for report in reports])) for key, _ in first.applications),
        reviews=tuple(add([report.reviews[group] for report in reports]) for group in range(len(first.reviews))),
        lines=(),
        agency="",
    )
