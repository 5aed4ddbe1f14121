from django.contrib import admin

from giamsat.core.admin import ReadOnlyAdmin
from giamsat.tasks.models import ProgressUpdate, Task, TaskAssignment, TaskDecision


class AssignmentInline(admin.TabularInline):
    model = TaskAssignment
    autocomplete_fields = ("organization",)
    extra = 0


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "document", "deadline_text", "due_date", "recurring")
    list_filter = ("solution_group", "recurring", "deadline_kind")
    search_fields = ("name", "number")
    inlines = [AssignmentInline]
    raw_id_fields = ("parent", "upstream", "document")


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ("task", "organization", "reported_on", "state", "percent", "is_lead")


@admin.register(TaskDecision)
class TaskDecisionAdmin(ReadOnlyAdmin):
    list_display = ("task", "kind", "decided_on", "new_due_date")
