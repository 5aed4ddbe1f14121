"""The aggregated report as XLSX: one sheet per table, with filters and a frozen header."""

import datetime as dt
import io

from django.utils import timezone

from giamsat.aggregate.data import AggregateData, clean, latest_text, text_lines, title_text
from giamsat.core.spreadsheet import neutralize
from giamsat.tasks.status import LABELS


def safe_cell(value):
    """Clean text, and neutralize what a spreadsheet would run as a formula (core.spreadsheet)."""
    return neutralize(clean(value)) if isinstance(value, str) else value


def aggregate_xlsx(data: AggregateData) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties({"title": f"Báo cáo {title_text(data)}", "author": "giamsat", "language": "vi-VN"})
    head = book.add_format(
        {
            "bold": True,
            "bg_color": "#EEF2F7",
            "border": 1,
            "text_wrap": True,
            "valign": "top",
            "font_name": "Times New Roman",
        }
    )
    text = book.add_format({"text_wrap": True, "valign": "top", "font_name": "Times New Roman"})
    date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "font_name": "Times New Roman"})
    number = book.add_format({"valign": "top", "font_name": "Times New Roman"})

    def sheet(name: str, headers: list[tuple[str, int]], rows: list[list]):
        ws = book.add_worksheet(name)
        for col, (title, width) in enumerate(headers):
            ws.write_string(0, col, title, head)
            ws.set_column(col, col, width)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values):
                if value is None or value == "":
                    ws.write_blank(r, c, None, text)
                elif isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date)
                elif isinstance(value, int | float):
                    ws.write_number(r, c, value, number)
                else:
                    ws.write_string(r, c, safe_cell(value), text)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
        return ws

    period = data.period
    sheet(
        "Thông tin",
        [("Mục", 28), ("Nội dung", 90)],
        [
            ["Văn bản", data.document.label],
            ["Trích yếu", data.document.title],
            ["Kỳ báo cáo", period.label],
            ["Số liệu từ ngày", period.start],
            ["Đến ngày (chốt số liệu)", period.end],
            ["Hạn gửi báo cáo", period.due_date or ""],
            ["Tình trạng nhiệm vụ tính đến", data.as_of],
            ["Ngày lập", data.generated_on],
            ["Cơ quan lập", data.issuer.name if data.issuer else ""],
            ["Tổng số nhiệm vụ", data.total],
            ["Nhiệm vụ đến hạn", data.figures.get("tasks_due", "")],
            ["Nhiệm vụ đến hạn đã hoàn thành", data.figures.get("tasks_due_done", "")],
            [
                "Nhiệm vụ đến hạn đã hoàn thành (%)",
                data.due_done_ratio if data.due_done_ratio is not None else "",
            ],
            ["Nhiệm vụ quá hạn (%)", data.overdue_ratio if data.overdue_ratio is not None else ""],
        ],
    )
    sheet(
        "Theo tình trạng",
        [("Tình trạng", 34), ("Số nhiệm vụ", 14), ("Tỷ lệ (%)", 12)],
        [[label, n, round(100 * n / data.total, 1)] for _code, label, n in data.counts],
    )
    status_cols = list(LABELS)
    sheet(
        "Theo nhóm",
        [("Nhóm nhiệm vụ", 60), ("Tổng số", 10)] + [(LABELS[c], 16) for c in status_cols],
        [[g.name, g.total] + [g.counts.get(c, 0) for c in status_cols] for g in data.groups],
    )
    sheet(
        "Nhiệm vụ",
        [
            ("TT", 6),
            ("Nhiệm vụ", 60),
            ("Nhóm", 30),
            ("Cơ quan chủ trì", 30),
            ("Mã định danh / mã ĐVHC cơ quan chủ trì", 24),
            ("Cơ quan phối hợp", 30),
            ("Thời hạn", 26),
            ("Hạn hoàn thành", 14),
            ("Tình trạng", 28),
            ("Ngày cập nhật gần nhất", 14),
            ("Cập nhật gần nhất", 60),
        ],
        [
            [
                r.task.number,
                r.task.name,
                r.group,
                r.leads,
                r.lead_codes,
                r.coordinators,
                clean(r.task.deadline_text),
                r.task.status.due or "",
                r.status_label,  # the label only: the file is for people (#21); codes are in the API
                r.latest.reported_on if r.latest else "",
                latest_text(r.latest),
            ]
            for r in data.tasks
        ],
    )
    sheet(
        "Kết quả trong kỳ",
        [("Nhóm nhiệm vụ", 40), ("Kết quả", 100)],
        [[g.name, line] for g in data.groups for line in g.results],
    )
    sheet(
        "Khó khăn",
        [("Cơ quan, đơn vị", 40), ("Tồn tại, hạn chế, nguyên nhân", 100)],
        [[org, line] for org, t in data.shortcomings for line in text_lines(t)],
    )
    sheet(
        "Đề xuất",
        [("Cơ quan, đơn vị", 40), ("Đề xuất, kiến nghị", 100)],
        [[org, line] for org, t in data.proposals for line in text_lines(t)],
    )
    if data.outreach:
        sheet(
            "Tuyên truyền",
            [("Kênh", 50), ("Số hoạt động", 14), ("Số lượng", 14), ("Người, lượt tiếp cận", 20)],
            [[r.label, r.activities, r.quantity, r.reach] for r in data.outreach],
        )
    if data.submissions:
        sheet(
            "Nộp báo cáo",
            [("Cơ quan, đơn vị", 50), ("Mã định danh / mã ĐVHC", 24), ("Tình trạng", 22), ("Gửi lúc", 18),
             ("Phiên bản", 10)],
            [
                [
                    org.name,
                    org.codes,
                    sub.label,
                    timezone.localtime(sub.first_sent.sent_at).strftime("%d/%m/%Y %H:%M")
                    if sub.first_sent
                    else "",
                    sub.report.version if sub.report else "",
                ]
                for org, sub in data.submissions
            ],
        )
    book.close()
    return out.getvalue()
