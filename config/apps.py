from django.apps import AppConfig


class SiteConfig(AppConfig):
    """config/ as an app so that its system checks and the search functions (config/search.py)
    are registered at start-up."""

    name = "config"
    label = "site_config"
    verbose_name = "Site configuration"

    def ready(self):
        from . import checks, search  # noqa: F401  (importing checks registers them)

        # search_fold and the Vietnamese collation on SQLite, the fold transform everywhere.
        search.install()
