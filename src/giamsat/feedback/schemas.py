"""The feedback API's shapes (names unique across the API)."""

import datetime as dt

from ninja import Schema
from pydantic import Field


class FeedbackSubmitIn(Schema):
    kind: str = Field(description="complaint (phản ánh), proposal (kiến nghị) hoặc initiative (sáng kiến)")
    subject: str
    content: str
    name: str = ""
    contact: str = ""
    document: int | None = None
    task: int | None = None


class FeedbackCode(Schema):
    tracking_code: str


class FeedbackPublicPart(Schema):
    tracking_code: str
    kind: str
    subject: str
    status: str
    status_label: str
    received_on: dt.date
    routed_on: dt.date | None
    agency: str | None
    answer_due: dt.date | None
    answered_on: dt.date | None
    answer: str | None = Field(description="Câu trả lời, khi cơ quan theo dõi đã công khai")
    question: str | None = Field(description="Nội dung câu hỏi, công khai cùng câu trả lời")
    reject_reason: str | None
    merged_into: str | None


class FeedbackPublicOut(FeedbackPublicPart):
    parts: list[FeedbackPublicPart]


class FeedbackOut(Schema):
    id: int
    tracking_code: str
    kind: str
    subject: str
    content: str
    status: str
    received_on: dt.date
    organization: int | None = Field(description="Cơ quan xử lý")
    agency: str | None
    answer_due: dt.date | None
    overdue: bool
    answer: str
    answered_on: dt.date | None
    is_public: bool
    parent: int | None
    duplicate_of: int | None
    reassign_reason: str
    submitter_name: str | None = Field(description="Chỉ cơ quan theo dõi nhận được")
    submitter_contact: str | None = Field(description="Chỉ cơ quan theo dõi nhận được")


class FeedbackPage(Schema):
    items: list[FeedbackOut]
    count: int


class FeedbackRouteIn(Schema):
    agencies: list[int] = Field(min_length=1, max_length=50)
    kind: str | None = None
    answer_due: dt.date | None = None


class FeedbackAnswerIn(Schema):
    answer: str


class FeedbackRejectIn(Schema):
    reason: str


class FeedbackPublishIn(Schema):
    public: bool = True


class FeedbackMergeIn(Schema):
    into: str = Field(max_length=16, description="Mã tra cứu của phản ánh được giữ lại")
