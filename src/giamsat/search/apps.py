from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "giamsat.search"
    label = "search"
    verbose_name = "Tìm kiếm"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from giamsat.core.filters import register_word_lookup
        from giamsat.search import signals  # noqa: F401 (connects the receivers that keep the index)
        from giamsat.search.selectors import matching_ids

        register_word_lookup(matching_ids)  # the lists' search fields (core.filters.WordsFilter)
