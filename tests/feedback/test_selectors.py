"""What each role sees of feedback, the public lookup without personal data, statistics and punctuality."""

import datetime as dt

import pytest
import time_machine

from giamsat.core.errors import NotFoundError
from giamsat.feedback.models import Feedback
from giamsat.feedback.selectors import answer_punctuality, feedback_list, public_lookup, published_answers
from giamsat.feedback.services import feedback_answer, feedback_publish, feedback_route

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=7))


def test_an_agency_sees_what_is_routed_to_it_the_office_everything(province, routed_item):
    users = province["users"]
    assert list(feedback_list(users["focal_culture"])) == [routed_item]
    assert list(feedback_list(users["focal_science"])) == []
    assert list(feedback_list(users["office"])) == [routed_item]
    assert list(feedback_list(users["inspector"])) == [routed_item]


def test_the_public_lookup_shows_progress_and_never_personal_data(province, routed_item):
    item, parts = public_lookup(routed_item.tracking_code.lower())
    assert (item.status, item.agency, item.answer_due, item.answer) == (
        "routed", "Sở Văn hóa, Thể thao và Du lịch", routed_item.answer_due, None)
    assert parts == []
    shown = repr(item)
    assert "Trần Thị Bình" not in shown and "binh@example.vn" not in shown
    with pytest.raises(NotFoundError):
        public_lookup("PAXXXXXXXX")


def test_the_answer_is_public_only_once_published(province, routed_item):
    feedback_answer(user=province["users"]["focal_culture"], feedback=routed_item, answer="Đã cấp phép.")
    assert public_lookup(routed_item.tracking_code)[0].answer is None
    assert published_answers() == []
    feedback_publish(user=province["users"]["office"], feedback=routed_item)
    assert public_lookup(routed_item.tracking_code)[0].answer == "Đã cấp phép."
    [shown] = published_answers()
    assert shown.question == routed_item.content and "binh@example.vn" not in repr(shown)


def _routed(province, citizen_item, due):
    return feedback_route(user=province["users"]["office"], feedback=citizen_item,
                          agencies=[province["orgs"]["culture"]], answer_due=due)[0]


def test_punctuality_counts_on_time_late_and_overdue(province, citizen_item):
    from tests.feedback.test_services import _submit

    office, culture = province["users"]["office"], province["orgs"]["culture"]
    focal = province["users"]["focal_culture"]
    on_time = _routed(province, citizen_item, dt.date(2026, 1, 20))
    late = feedback_route(user=office, feedback=_submit(), agencies=[culture], answer_due=dt.date(2026, 1, 15))[0]
    overdue = feedback_route(user=office, feedback=_submit(), agencies=[culture], answer_due=dt.date(2026, 1, 16))[0]
    pending = feedback_route(user=office, feedback=_submit(), agencies=[culture], answer_due=dt.date(2026, 1, 30))[0]
    with time_machine.travel(dt.datetime(2026, 1, 19, 10, tzinfo=TZ)):
        feedback_answer(user=focal, feedback=on_time, answer="Đúng hạn")
        feedback_answer(user=focal, feedback=late, answer="Trễ")
    result = answer_punctuality({culture.pk}, dt.date(2026, 1, 1), dt.date(2026, 1, 31),
                                today=dt.date(2026, 1, 25))
    assert (result.on_time, result.late, result.overdue, result.answered) == (1, 1, 1, 2)
    assert answer_punctuality({province["orgs"]["science"].pk}, dt.date(2026, 1, 1), dt.date(2026, 1, 31)).answered == 0
    assert answer_punctuality(None, dt.date(2026, 1, 16), dt.date(2026, 1, 16), today=dt.date(2026, 1, 25)).overdue == 1
    assert pending.state == overdue.state == Feedback.State.ROUTED


def test_the_lookup_of_a_merged_or_split_item(province, citizen_item):
    from giamsat.feedback.services import feedback_merge
    from tests.feedback.test_services import _submit

    office, orgs = province["users"]["office"], province["orgs"]
    twin = _submit(subject="Trùng")
    feedback_merge(user=office, feedback=twin, into=citizen_item)
    found, _ = public_lookup(twin.tracking_code)
    assert (found.status, found.merged_into) == ("merged", citizen_item.tracking_code)
    feedback_route(user=office, feedback=citizen_item, agencies=[orgs["culture"], orgs["science"]])
    found, parts = public_lookup(citizen_item.tracking_code)
    assert found.agency == orgs["culture"].name and [p.agency for p in parts] == [orgs["science"].name]
    assert Feedback.objects.get(tracking_code=parts[0].tracking_code).parent == citizen_item
