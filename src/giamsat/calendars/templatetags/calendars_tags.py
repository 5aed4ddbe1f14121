from django import template

from giamsat.calendars.models import CalendarFeed

register = template.Library()


@register.simple_tag
def calendar_feed_of(user):
    """The user's calendar address row (prefix and date only: the secret is not kept), or None."""
    return CalendarFeed.objects.filter(user=user).first()
