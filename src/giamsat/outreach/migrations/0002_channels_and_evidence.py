"""The configurable list of channels (seeded with the plans' channels), quantity and reach, evidence files."""

import django.db.models.deletion
from django.db import migrations, models

CHANNELS = [
    ("press", "Báo chí"),
    ("radio_tv", "Phát thanh, truyền hình"),
    ("web", "Cổng thông tin điện tử tỉnh, trang của cơ quan"),
    ("social", "Mạng xã hội, nền tảng số (Facebook, Zalo, YouTube, hỏi đáp trực tuyến, livestream)"),
    ("conference", "Hội nghị, hội thảo"),
    ("banner", "Băng rôn, pano, áp phích"),
    ("loudspeaker", "Hệ thống truyền thanh cơ sở"),
    ("other", "Hình thức khác"),
]
OLD_CODES = {"event": "conference", "print": "banner"}


def seed_channels(apps, schema_editor):
    Channel = apps.get_model("outreach", "OutreachChannel")
    known = set(Channel.objects.values_list("code", flat=True))
    # bulk_create: reference data of the schema, not a user's write (no row-history signal, as for fixtures)
    Channel.objects.bulk_create([Channel(code=code, name=name, position=position)
                                 for position, (code, name) in enumerate(CHANNELS, start=1) if code not in known])


def move_channels(apps, schema_editor):
    Channel = apps.get_model("outreach", "OutreachChannel")
    Activity = apps.get_model("outreach", "OutreachActivity")
    by_code = {c.code: c for c in Channel.objects.all()}
    for activity in Activity.objects.all():
        code = OLD_CODES.get(activity.old_channel, activity.old_channel)
        activity.channel = by_code.get(code, by_code["other"])
        activity.save(update_fields=["channel"])


class Migration(migrations.Migration):

    dependencies = [
        ("outreach", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="OutreachChannel",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=32, unique=True, verbose_name="mã")),
                ("name", models.CharField(max_length=255, verbose_name="tên kênh")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
                ("is_active", models.BooleanField(default=True, verbose_name="đang dùng")),
            ],
            options={
                "verbose_name": "kênh tuyên truyền",
                "verbose_name_plural": "kênh tuyên truyền",
                "ordering": ["position", "id"],
            },
        ),
        migrations.RunPython(seed_channels, migrations.RunPython.noop),
        migrations.RenameField("outreachactivity", "count", "quantity"),
        migrations.RenameField("outreachactivity", "audience", "reach"),
        migrations.RenameField("outreachactivity", "channel", "old_channel"),
        migrations.AddField(
            model_name="outreachactivity",
            name="channel",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="activities", to="outreach.outreachchannel", verbose_name="kênh"),
        ),
        migrations.RunPython(move_channels, migrations.RunPython.noop),
        migrations.RemoveField("outreachactivity", "old_channel"),
        migrations.RemoveField("outreachactivity", "kind"),
        migrations.AlterField(
            model_name="outreachactivity",
            name="channel",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="activities",
                                    to="outreach.outreachchannel", verbose_name="kênh"),
        ),
        migrations.AlterField(
            model_name="outreachactivity",
            name="quantity",
            field=models.PositiveIntegerField(default=1, verbose_name="số lượng (tin, bài, buổi, lượt phát)"),
        ),
        migrations.AlterField(
            model_name="outreachactivity",
            name="reach",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="số người tham dự, lượt tiếp cận"),
        ),
        migrations.AddField(
            model_name="outreachactivity",
            name="evidence",
            field=models.FileField(blank=True, upload_to="outreach/%Y/%m/", verbose_name="tệp minh chứng"),
        ),
        migrations.AddField(
            model_name="outreachactivity", name="evidence_name", field=models.CharField(blank=True, max_length=255),
        ),
        migrations.AddField(
            model_name="outreachactivity", name="evidence_type", field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AlterModelOptions(
            name="outreachactivity",
            options={"ordering": ["-date", "-id"], "verbose_name": "hoạt động tuyên truyền",
                     "verbose_name_plural": "hoạt động tuyên truyền"},
        ),
        migrations.AddIndex(
            model_name="outreachactivity",
            index=models.Index(fields=["organization", "date"], name="outreach_ou_organiz_22aba2_idx"),
        ),
    ]
