"""Everything that happens period by period, in one Django app (label `reports`) split into its
sub-domains, layered from the bottom up (pyproject.toml's import-linter contracts check it):

- `notifications/`: in-app and email notifications;
- `periods/`: reporting periods, obligations, extensions;
- `submissions/`: a unit's report, its entries, evidence, revisions, the review workflow;
- `monitoring/`: the figures, dashboard, matrix, trend, exports, reminders, home pages;
- `consolidated/`: the consolidated report, drafted, edited, issued and downloaded.

`models.py` gathers the sub-domains' models for Django and the migrations.
"""
