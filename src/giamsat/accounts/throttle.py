"""How many failed sign-ins lock (django-axes' AXES_FAILURE_LIMIT, asked before and after each attempt).

Axes counts failures per user name and address (GIAMSAT_LOGIN_FAILURE_LIMIT, 5). Password spraying tries a few
passwords on many accounts from one address, staying under that count for each; so an address whose
failures across all user names reach GIAMSAT_LOGIN_ADDRESS_FAILURE_LIMIT (20) within the cool-off time gets
a limit of 0: locked for every user name. The address limit is higher than the per-account one because an
agency's officials may share one address (NAT): a few mistyped passwords there must not lock the whole
agency out.
"""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def address_failures(request) -> int:
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    since = timezone.now() - get_cool_off(request)
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def failure_limit(request, credentials) -> int:
    if address_failures(request) >= settings.GIAMSAT_LOGIN_ADDRESS_FAILURE_LIMIT:
        return 0
    return settings.GIAMSAT_LOGIN_FAILURE_LIMIT
