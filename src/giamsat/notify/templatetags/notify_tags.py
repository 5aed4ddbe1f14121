from django import template

from giamsat.notify.selectors import channels_of, configured_channels

register = template.Library()


@register.simple_tag
def chosen_channels(user) -> str:
    """"Trong hệ thống, Zalo …": where `user` receives notices (for the profile page)."""
    choice, offered = channels_of(user), configured_channels()
    names = ["trong hệ thống"]
    if "email" in offered and choice.email and user.email:
        names.append("thư điện tử")
    if "zalo" in offered and choice.zalo and choice.zalo_user_id:
        names.append("Zalo")
    if "telegram" in offered and choice.telegram and choice.telegram_chat_id:
        names.append("Telegram")
    text = ", ".join(names)
    return text[0].upper() + text[1:] + (" (gộp thành bản tin mỗi ngày)" if choice.digest and len(names) > 1 else "")
