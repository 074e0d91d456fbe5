"""Notifications: the in-app message of each user and the same text by email (`services.notify`),
used by every other sub-domain."""
