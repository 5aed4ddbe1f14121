from django import forms


class ChannelsForm(forms.Form):
    email = forms.BooleanField(label="Thư điện tử", required=False)
    zalo = forms.BooleanField(label="Zalo", required=False)
    zalo_user_id = forms.CharField(label="Mã người dùng Zalo (theo Official Account của tỉnh)", required=False,
                                   max_length=64)
    telegram = forms.BooleanField(label="Telegram", required=False)
    telegram_chat_id = forms.CharField(label="Mã cuộc trò chuyện Telegram (chat id)", required=False,
                                       max_length=64)
    digest = forms.BooleanField(label="Gộp thành một bản tin mỗi ngày thay cho từng tin", required=False)

    def __init__(self, *args, offered: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        for channel, fields in (("email", ["email"]), ("zalo", ["zalo", "zalo_user_id"]),
                                ("telegram", ["telegram", "telegram_chat_id"])):
            if channel not in offered:  # the operator has not configured it: not offered
                for name in fields:
                    del self.fields[name]
