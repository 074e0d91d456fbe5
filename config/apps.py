from django.apps import AppConfig


class SiteConfig(AppConfig):
    """config/ as an app only so that its system checks are registered at start-up."""

    name = "config"
    label = "site_config"
    verbose_name = "Site configuration"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
