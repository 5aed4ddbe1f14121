"""Page bodies kept while current (issue #25), for apps below giamsat.dashboard in the layers.

`keep(kind, user, today, params, compute, scopes)` is set at start-up by giamsat.dashboard: its snapshots
keep what `compute()` returns until the data it shows is written (`dashboard.snapshots.current_only`,
ADR 0045), so people see their own write at once. `scopes`: the versions it reads when not the user's rows
(`REPORTS` for what reports change). Unset: computed on every view.

Used by an agency's «Báo cáo định kỳ», the submission board (reporting) and the reorganization page
(organizations): ADR 0056.
"""

from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

keep = None
# `version_of(scopes)`: the current version of `scopes` as one string (set with `keep`), for what a process keeps
# in its own memory while the data it read is unchanged (the organization chooser's directory). Unset: None.
version_of = None

ANY = "any"  # the version every write outside progress and reports renews (organizations, periods, rules…)
REPORTS = "reports:all"  # the version every report written renews (dashboard.snapshots.written_scopes, ADR 0052)

# A kept body is shared by every user of the scope: the forms in it carry this in place of the token, and
# each view puts the visitor's own token there (`with_csrf`).
CSRF_PLACEHOLDER = "csrf0placeholder0kept0body"


def kept(kind: str, request, today, params: dict, compute, *, scopes: list[str] | None = None):
    """`compute()` for this user's scope and `params`, from the kept copy while it is current."""
    if keep is None:
        return compute()
    return keep(kind, request.user, today, params, compute, scopes=scopes)


def with_csrf(markup: str, request) -> str:
    """The kept markup with the visitor's own CSRF token in its forms."""
    if CSRF_PLACEHOLDER not in markup:
        return markup
    return mark_safe(markup.replace(CSRF_PLACEHOLDER, get_token(request)))  # the token: letters and digits
