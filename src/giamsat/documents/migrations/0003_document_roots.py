from django.db import migrations, models


def fill_roots(apps, schema_editor):
    """The root resolutions of the documents already registered (later writes refresh them)."""
    Document = apps.get_model("documents", "Document")
    Relation = apps.get_model("documents", "DocumentRelation")
    parents = {}
    for source, target in Relation.objects.filter(kind="based_on", target__isnull=False).values_list(
            "source_id", "target_id"):
        parents.setdefault(source, set()).add(target)
    rows = []
    for doc in Document.objects.values_list("pk", flat=True):
        seen, stack, found = {doc}, [doc], set()
        while stack:
            current = stack.pop()
            above = parents.get(current, ())
            if not above:
                found.add(current)
            for parent in above:
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        rows += [Document.roots.through(from_document_id=doc, to_document_id=r) for r in (found or {doc})]
    Document.roots.through.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0002_unique_stored_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="roots",
            field=models.ManyToManyField(blank=True, related_name="cascade_members", to="documents.document",
                                         verbose_name="nghị quyết gốc"),
        ),
        migrations.RunPython(fill_roots, migrations.RunPython.noop),
    ]
