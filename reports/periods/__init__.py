"""Reporting periods: a directive's periods (open, edit, close, reopen), the units that must
report in each (obligations) and their extensions. `access` decides who may manage or read a
period; `services` holds the writes."""
