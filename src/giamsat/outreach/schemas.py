"""The outreach API's shapes."""

import datetime as dt

from ninja import Schema
from pydantic import Field


class OutreachIn(Schema):
    channel: str = Field(description="Mã kênh (press, radio_tv, web, social, conference, banner, loudspeaker, other)")
    title: str
    date: dt.date
    quantity: int = Field(1, ge=1, le=1_000_000)
    reach: int | None = Field(None, ge=0, le=1_000_000_000)
    link: str = ""
    task: int | None = Field(None, ge=1, le=2**63 - 1)
    organization: int | None = Field(None, ge=1, le=2**63 - 1,
                                     description="Đơn vị thực hiện: của mình (mặc định) hoặc đơn vị đã sáp nhập vào")


class OutreachOut(Schema):
    id: int
    date: dt.date
    channel: str
    channel_name: str
    title: str
    quantity: int
    reach: int | None
    link: str
    organization: int
    organization_name: str
    task: int | None
    has_evidence: bool


class OutreachPage(Schema):
    items: list[OutreachOut]
    count: int


class OutreachChannelCount(Schema):
    channel: str
    name: str
    activities: int
    quantity: int
    reach: int


class OutreachSummaryOut(Schema):
    period: str
    label: str
    start: dt.date
    end: dt.date
    channels: list[OutreachChannelCount]
