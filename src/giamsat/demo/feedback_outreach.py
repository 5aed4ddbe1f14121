"""Demo feedback (in every state) and outreach activities, written through the apps' services."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from giamsat.accounts.models import User
from giamsat.documents.models import Document
from giamsat.feedback.models import Feedback
from giamsat.feedback.services import (
    feedback_answer,
    feedback_merge,
    feedback_publish,
    feedback_reject,
    feedback_request_reassign,
    feedback_route,
    feedback_submit,
)
from giamsat.organizations.models import Organization
from giamsat.outreach.services import ActivityInput, outreach_create
from giamsat.tasks.models import Task

CITIZEN = [
    ("complaint", "Dịch vụ công trực tuyến báo lỗi khi nộp hồ sơ",
     "Tôi nộp hồ sơ cấp phép kinh doanh trên Cổng dịch vụ công tỉnh, bước ký số báo lỗi ba ngày liền."),
    ("proposal", "Đề nghị phủ sóng di động tại các bản vùng cao",
     "Nhiều bản ở vùng cao chưa có sóng 4G, người dân không dùng được dịch vụ công trực tuyến."),
    ("initiative", "Sáng kiến số hóa hồ sơ di tích cấp tỉnh",
     "Đề xuất dùng ảnh 360 độ và mã QR tại các điểm di tích để giới thiệu lịch sử cho du khách."),
    ("complaint", "Website của đơn vị chưa cập nhật văn bản mới",
     "Trang thông tin của sở chưa đăng kế hoạch thực hiện Nghị quyết 57-NQ/TW."),
    ("proposal", "Đề nghị tập huấn kỹ năng số cho hợp tác xã",
     "Hợp tác xã nông nghiệp cần được hướng dẫn bán hàng trên sàn thương mại điện tử."),
]
OUTREACH = [
    ("press", "Bài viết về mục tiêu của tỉnh thực hiện Nghị quyết 57-NQ/TW", 3, None, 40),
    ("radio_tv", "Phóng sự truyền hình về chuyển đổi số cấp xã", 2, 15000, 33),
    ("web", "Tin, bài trên Cổng thông tin điện tử tỉnh", 12, 8000, 25),
    ("social", "Livestream hỏi đáp về dịch vụ công trực tuyến trên Facebook, Zalo", 4, 23000, 18),
    ("conference", "Hội nghị quán triệt Nghị quyết 57-NQ/TW", 1, 250, 60),
    ("banner", "Pano, áp phích tại trung tâm các huyện", 20, None, 50),
    ("loudspeaker", "Phát thanh trên loa truyền thanh cơ sở", 30, None, 12),
]


def build_feedback_outreach(today: dt.date) -> list[str]:
    users = {u.username: u for u in User.objects.filter(username__in=["vanphong", "svhttdl", "skhcn"])}
    culture = Organization.objects.filter(code="svhttdl").first()
    science = Organization.objects.filter(code="skhcn").first()
    if len(users) < 3 or culture is None or science is None:
        return ["Thiếu tài khoản hoặc cơ quan mẫu: bỏ qua phản ánh, tuyên truyền mẫu."]
    office = users["vanphong"]
    with transaction.atomic():
        items = [feedback_submit(user=AnonymousUser(), kind=k, subject=s, content=c, name="Người dân (mẫu)",
                                 contact="nguoidan@example.vn", is_demo=True) for k, s, c in CITIZEN]
        items.append(feedback_submit(user=users["svhttdl"], kind="initiative", is_demo=True,
                                     subject="Sáng kiến: thư viện số dùng chung cho trường học",
                                     content="Sở VHTTDL đề xuất kết nối thư viện tỉnh với thư viện các trường."))
        complaint, proposal, initiative, website, training, inside = items
        feedback_route(user=office, feedback=complaint, agencies=[science])
        feedback_answer(user=users["skhcn"], feedback=complaint,
                        answer="Lỗi ký số do chứng thư số hết hạn; đã gia hạn, người dân nộp lại được.")
        feedback_publish(user=office, feedback=complaint)
        feedback_route(user=office, feedback=proposal, agencies=[science, culture])
        feedback_route(user=office, feedback=initiative, agencies=[culture])
        feedback_answer(user=users["svhttdl"], feedback=initiative,
                        answer="Sở tiếp thu, đưa vào kế hoạch số hóa di tích năm tới.")
        feedback_route(user=office, feedback=website, agencies=[science])
        feedback_request_reassign(user=users["skhcn"], feedback=website, reason="Trang của Sở VHTTDL, không "
                                  "thuộc Sở KH&CN.")
        feedback_merge(user=office, feedback=training, into=proposal)
        spam = feedback_submit(user=AnonymousUser(), kind="proposal", subject="Quảng cáo vay tiền nhanh",
                               content="Vay tiền nhanh lãi thấp.", is_demo=True)
        feedback_reject(user=office, feedback=spam, reason="Tin quảng cáo, không thuộc phạm vi tiếp nhận.")
        # One answer already late: the demo's history routed it three weeks ago (the reminder job urges it).
        Feedback.objects.filter(pk__in=[proposal.pk, *proposal.parts.values_list("pk", flat=True)]).update(
            answer_due=today - dt.timedelta(days=6), routed_at=proposal.routed_at - dt.timedelta(days=21))
        plan = Document.objects.filter(number="2653/KH-UBND").first()
        task = Task.objects.filter(document=plan, assignments__organization=culture).order_by("position").first()
        activities = 0
        for user in (users["svhttdl"], users["skhcn"]):
            for n, (channel, title, quantity, reach, days) in enumerate(OUTREACH):
                if user.username == "skhcn" and n % 2:
                    continue
                outreach_create(user=user, is_demo=True, data=ActivityInput(
                    channel=channel, title=title, date=today - dt.timedelta(days=days), quantity=quantity,
                    reach=reach, task=task.pk if task and user.username == "svhttdl" and n < 3 else None))
                activities += 1
    return [f"{Feedback.objects.count()} phản ánh, kiến nghị mẫu (mọi trạng thái)",
            f"{activities} hoạt động tuyên truyền mẫu"]
