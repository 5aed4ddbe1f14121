"""`{% main_menu as groups %}`: the header's menus for the signed-in user (accounts.menu)."""

from django import template

from giamsat.accounts import menu

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    request = context.get("request")
    return menu.menu_for(getattr(request, "user", None), context.get("nav", ""))


@register.simple_tag(takes_context=True)
def public_menu(context):
    return menu.public_menu(context.get("nav", ""))
