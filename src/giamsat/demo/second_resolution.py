"""A second cascade beside Resolution 57 (#23, ADR 0040): Resolution 71-NQ/TW on education, with one
provincial plan and a few tasks. ILLUSTRATIVE: the plan, its number and its tasks are made up for the demo
(marked "minh họa" in the number and the title); only the resolution's number, date and subject are real."""

import datetime as dt

from giamsat.core.actors import SYSTEM
from giamsat.documents.models import DocumentRelation
from giamsat.documents.roots import refresh_roots
from giamsat.documents.services import document_create, document_relate
from giamsat.tasks.services import task_create

TASKS = [
    ("Rà soát, sắp xếp mạng lưới trường học các cấp gắn với sắp xếp đơn vị hành chính cấp xã", "Quý 2/2026",
     ["sgddt"], ["snv", "stc"]),
    ("Triển khai học bạ số và hồ sơ học sinh điện tử tại 100% trường trung học", "31/12/2026", ["sgddt"],
     ["skhcn"]),
    ("Đề xuất cơ chế hỗ trợ giáo viên vùng đặc biệt khó khăn", "Tháng 9/2026", ["stc"], ["sgddt", "snv"]),
]


def build_second_cascade(orgs) -> str:
    nq71 = document_create(actor=SYSTEM, doc_type="Nghị quyết", number="71-NQ/TW", date=dt.date(2025, 8, 22),
                           issuer=orgs["bct"], title="Về đột phá phát triển giáo dục và đào tạo", is_published=True,
                           is_demo=True)
    plan = document_create(actor=SYSTEM, doc_type="Kế hoạch", number="MH-71/KH-UBND", date=dt.date(2025, 10, 15),
                           issuer=orgs["ubnd"], title="(Minh họa) Kế hoạch thực hiện Nghị quyết số 71-NQ/TW của "
                           "Bộ Chính trị về đột phá phát triển giáo dục và đào tạo", is_published=True, is_demo=True)
    document_relate(source=plan, target=nq71, kind=DocumentRelation.Kind.BASED_ON,
                    cited_number="71-NQ/TW", cited_text="Nghị quyết số 71-NQ/TW ngày 22/08/2025 của Bộ Chính trị")
    for n, (name, deadline, leads, coordinators) in enumerate(TASKS, start=1):
        task_create(actor=SYSTEM, document=plan, number=str(n), position=n, name=name, deadline_text=deadline,
                    leads=[orgs[c] for c in leads if c in orgs],
                    coordinators=[orgs[c] for c in coordinators if c in orgs], source="demo", is_demo=True)
    refresh_roots()
    return f"Nghị quyết 71-NQ/TW (minh họa): 1 kế hoạch, {len(TASKS)} nhiệm vụ"
