"""Reporting pages kept while current (issue #25): an agency's «Báo cáo định kỳ» and the office's submission
board were computed on every view (13 and 10 queries, 60–70 ms at province scale).

`keep(kind, user, today, params, compute)` is set at start-up by giamsat.dashboard (a layer above):
dashboard.snapshots keeps what `compute()` returns until a report, a period, a rule or an assignment is
written (`current_only`, ADR 0045): people see their own report at once. Unset: computed on every view.
"""

from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

keep = None

# A kept body is shared by every user of the scope: the forms in it carry this in place of the token, and
# each view puts the visitor's own token there (`with_csrf`).
CSRF_PLACEHOLDER = "csrf0placeholder0kept0body"


def kept(kind: str, request, today, params: dict, compute):
    if keep is None:
        return compute()
    return keep(kind, request.user, today, params, compute)


def with_csrf(markup: str, request) -> str:
    if CSRF_PLACEHOLDER not in markup:
        return markup
    return mark_safe(markup.replace(CSRF_PLACEHOLDER, get_token(request)))  # the token: letters and digits
