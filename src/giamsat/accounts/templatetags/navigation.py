"""`{% main_nav unread %}`: the header's menus of the signed-in user, written by accounts.menu (issue #25)."""

from django import template

from giamsat.accounts import menu

register = template.Library()


@register.simple_tag(takes_context=True)
def main_nav(context, unread=0):
    request = context.get("request")
    return menu.main_nav(getattr(request, "user", None), context.get("nav", ""), unread)


@register.simple_tag(takes_context=True)
def public_menu(context):
    return menu.public_menu(context.get("nav", ""))
