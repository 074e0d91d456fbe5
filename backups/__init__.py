"""Backup and restore of the whole site: the database and the media folder, saved together.

Not a domain app (it has no models): it is here, beside units/directives/reports, only so that
its two management commands (`backup`, `restore`) read the same settings as the site. The how
and why: docs/backup.md.
"""
