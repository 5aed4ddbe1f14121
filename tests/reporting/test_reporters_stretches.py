"""Who reports, worked out once per stretch of days (reporting.reporters._change_days): between two change days
`_current_ids` answers the same, on any graph of successions and any validity of the units."""

import datetime as dt
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from giamsat.reporting.reporters import _change_days, _current_ids

START = dt.date(2025, 1, 1)
DAYS = 120
ORGS = range(1, 9)

days = st.integers(min_value=0, max_value=DAYS).map(lambda n: START + dt.timedelta(days=n))
successions = st.lists(st.tuples(st.sampled_from(ORGS), st.sampled_from(ORGS), days), max_size=10)
validities = st.dictionaries(st.sampled_from(ORGS), st.tuples(st.none() | days, st.none() | days), max_size=8)


@settings(max_examples=200, deadline=None)
@given(successions=successions, validity=validities, base=st.sets(st.sampled_from(ORGS), max_size=4))
def test_the_answer_changes_only_on_a_change_day(successions, validity, base):
    edges = defaultdict(list)
    for predecessor, successor, day in successions:
        if predecessor != successor:
            edges[predecessor].append((successor, day))
    breaks = _change_days(base, edges=edges, validity=validity)
    assert breaks == sorted(set(breaks))
    answers = [_current_ids(base, on=START + dt.timedelta(days=n), edges=edges, validity=validity)
               for n in range(-1, DAYS + 2)]
    for n in range(1, len(answers)):
        day = START + dt.timedelta(days=n - 1)
        if answers[n] != answers[n - 1]:  # a change on `day`: it must be one of the change days
            assert day in breaks, (day, breaks)


def test_a_merge_and_a_dissolution_are_change_days():
    edges = {1: [(2, dt.date(2025, 7, 1))]}
    validity = {1: (None, dt.date(2025, 6, 30)), 3: (dt.date(2025, 3, 1), dt.date(2025, 9, 30))}
    assert _change_days({1, 3}, edges=edges, validity=validity) == [
        dt.date(2025, 3, 1), dt.date(2025, 7, 1), dt.date(2025, 10, 1)]
    assert _change_days({4}, edges=edges, validity=validity) == []
