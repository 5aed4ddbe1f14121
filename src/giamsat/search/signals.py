"""Keep the search index current on every save and delete of an indexed model (bulk paths rebuild it)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from giamsat.organizations.models import OrganizationAlias
from giamsat.search.index import KIND_OF_MODEL, index_object, remove_object
from giamsat.tasks.services import task_edited


@receiver(task_edited)
def _index_edited(sender, instance, **kwargs):
    index_object(instance)


@receiver(post_save)
def _index_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if sender in KIND_OF_MODEL:
        index_object(instance)
    elif sender is OrganizationAlias:
        index_object(instance.organization)


@receiver(post_delete)
def _unindex_deleted(sender, instance, **kwargs):
    if sender in KIND_OF_MODEL:
        remove_object(instance)
    elif sender is OrganizationAlias:
        from giamsat.organizations.models import Organization

        organization = Organization.objects.filter(pk=instance.organization_id).first()
        if organization is not None:  # not when the alias goes with its organization
            index_object(organization)
