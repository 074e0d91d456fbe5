"""What the periods tell the layers above them, which they may not import (the layers contract
in pyproject.toml: submissions > periods). Receivers only hand over to a model's method."""

from django.dispatch import Signal

# Sent by `services.period_update` inside its transaction when a period's start or end moved,
# with `period`: which report is a unit's latest goes by these dates (submissions' TaskAnswer).
period_dates_changed = Signal()
