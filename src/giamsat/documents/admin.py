from django.contrib import admin

from giamsat.documents.models import Document, DocumentRelation


class RelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "source"
    fields = ("kind", "target", "cited_number", "cited_text")
    autocomplete_fields = ("target",)
    extra = 0


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("doc_type", "number", "date", "issuer_name", "title")
    list_filter = ("doc_type", "is_published")
    search_fields = ("number", "title", "issuer_name")
    inlines = [RelationInline]
