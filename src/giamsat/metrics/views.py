"""The data-quality page of the monitoring office and its XLSX export (metrics.quality)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from giamsat.indicators.xlsx import write_workbook
from giamsat.metrics.quality import data_quality_for

# The first view is bounded (issue #25: a country's page was ≈1,600 item rows and every agency with findings,
# 123 ms warm): the agencies with the most findings and each check's first rows. Every row stays reachable
# without JavaScript: «Xem tất cả» opens one check's rows (up to ROWS_SHOWN) or the whole agency table.
AGENCIES_FIRST = 50
ROWS_FIRST = 20
ALL_AGENCIES = "co-quan"  # ?kiem-tra=co-quan: the whole table per agency


@require_GET
def quality(request):
    checks = data_quality_for(request.user)
    chosen = request.GET.get("kiem-tra", "")
    every_agency = chosen == ALL_AGENCIES
    table, table_rows = _kept(checks[0], "_agencies_html", lambda: _agencies(checks)) if checks else ([], "")
    if not every_agency and len(table) > AGENCIES_FIRST:
        table_rows = _kept(checks[0], "_agencies_first_html", lambda: _first_rows(table_rows, AGENCIES_FIRST))
    one = chosen and not every_agency
    shown = [(c, _kept(c, "_rows_html", lambda c=c: _rows(c)) if one
              else _kept(c, "_rows_first_html", lambda c=c: _rows(c, ROWS_FIRST))) for c in checks
             if (c.rows and not one) or c.key == chosen]
    return render(request, "metrics/quality.html", {
        "nav": "quality", "checks": checks, "chosen": chosen, "table": table, "today": timezone.localdate(),
        "shown": shown, "table_rows": table_rows, "every_agency": every_agency, "agencies_first": AGENCIES_FIRST,
        "rows_first": ROWS_FIRST, "all_agencies": ALL_AGENCIES,
    })


def _first_rows(markup: str, n: int) -> str:
    """The first `n` rows of rows written one a line (`_agencies`)."""
    return mark_safe("".join(markup.splitlines(keepends=True)[:n]))


def _kept(check, name: str, write):
    """The markup written from a check, kept on it: the checks are a snapshot kept in each process while the
    data does not change (dashboard.snapshots, ADR 0011), so their markup is written once a data version,
    not on every view (issue #25: 1,750 rows). Checks computed afresh are written afresh."""
    found = check.__dict__.get(name)
    if found is None:
        found = write()
        check.__dict__[name] = found  # two requests writing it at once write the same markup
    return found


def _agencies(checks) -> tuple[list, str]:
    """The counts per agency (name, the counts of every check, the total), most findings first, and their rows."""
    agencies: dict[str, dict[str, int]] = {}
    for check in checks:
        for org, n in check.by_organization.items():
            agencies.setdefault(check.organization_names[org], {})[check.key] = n
    table = sorted(((name, [counts.get(c.key, 0) for c in checks], sum(counts.values()))
                    for name, counts in agencies.items()), key=lambda row: -row[2])
    return table, mark_safe("".join(
        format_html('<tr><td>{}</td>{}<td class="num">{}</td></tr>\n', name,
                    format_html_join("", '<td class="num">{}</td>', ((n,) for n in counts)), total)
        for name, counts, total in table))


_ROW = '<tr><td>{}</td><td><a href="{}">{}</a></td><td class="small">{}</td></tr>\n'


def _rows(check, first: int | None = None) -> str:
    """A check's rows (up to ROWS_SHOWN, eight checks) written in Python: the template cost ≈1 ms a row."""
    return mark_safe("".join(format_html(_ROW, r["organization"], r["url"], r["title"], r["detail"])
                             for r in check.rows[:first]))


@require_GET
def quality_xlsx(request):
    checks = data_quality_for(request.user)
    headers = ["Cơ quan", "Mã định danh / mã ĐVHC", "Mục", "Chi tiết", "Đường dẫn"]
    summary = ("Tổng hợp", ["Kiểm tra", "Số lượng", "Nội dung"], [[c.label, c.count, c.what] for c in checks])
    # Per agency, with its identifiers (issue #18): the counts of every check.
    agencies: dict = {}
    for check in checks:
        for org, n in check.by_organization.items():
            row = agencies.setdefault(org, {"name": check.organization_names[org],
                                            "codes": getattr(check, "organization_codes", {}).get(org, "")})
            row[check.key] = n
    by_agency = ("Theo cơ quan", ["Cơ quan", "Mã định danh / mã ĐVHC", *[c.label for c in checks], "Tổng"],
                 sorted(([a["name"], a["codes"], *[a.get(c.key, 0) for c in checks],
                          sum(a.get(c.key, 0) for c in checks)] for a in agencies.values()), key=lambda r: -r[-1]))
    sheets = [summary, by_agency, *[(c.label[:31], headers, [[r["organization"], r.get("codes", ""), r["title"],
                                                              r["detail"], request.build_absolute_uri(r["url"])]
                                                             for r in c.rows])
                                    for c in checks]]
    response = HttpResponse(write_workbook(sheets),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="chat-luong-du-lieu-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
