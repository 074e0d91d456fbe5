"""The reviewers' pages for a directive's reporting periods: list, open, edit, close, reopen,
and a unit's extension.

Reviewers of the directive manage its periods; the Standing Committee may read the list; anyone
else is told the pages do not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.redirects import safe_next_url
from reports.periods.access import get_directive_for_periods, get_period_for_monitoring
from reports.periods.forms import ExtensionForm, PeriodForm
from reports.periods.models import ReportingObligation
from reports.periods.services import (
    default_period_units,
    obligation_extend,
    period_close,
    period_next_values,
    period_open,
    period_reopen,
    period_update,
)


def _apply_errors(form, error: ValidationError) -> None:
    """Show a service's refusal next to the field it concerns."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_http_methods(["GET", "POST"])
@login_required
def period_create(request, slug):
    directive = get_directive_for_periods(request, slug, write=True)
    previous = None
    if request.GET.get("sau", "").isdigit():
        # "Open the next period": the form filled from the one before, dates moved by its length.
        previous, _can_act = get_period_for_monitoring(request, int(request.GET["sau"]), write=True)
        if previous.directive_id != directive.pk:
            raise Http404("No reporting period matches the given query.")
    if request.method == "POST":
        form = PeriodForm(request.POST)
        if form.is_valid():
            try:
                period = period_open(directive=directive, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Period “%(name)s” opened.") % {"name": period.name})
                return redirect("period_list", directive.slug)
    elif previous is not None:
        initial = period_next_values(previous)
        if initial is None:
            messages.info(
                request,
                _(
                    "“%(name)s” is not a whole number of months, so the next period's dates "
                    "cannot be worked out: enter them below."
                )
                % {"name": previous.name},
            )
            initial = {"units": list(previous.units.all()), "recurring": previous.recurring}
        form = PeriodForm(initial=initial)
    else:
        form = PeriodForm(initial={"units": list(default_period_units(directive))})
    return render(
        request,
        "reports/period_form.html",
        {
            "directive": directive,
            "form": form,
            "period": None,
            "previous": previous,
            "unit_groups": form.unit_groups(),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def period_edit(request, period_id):
    period, _can_act = get_period_for_monitoring(request, period_id, write=True)
    obligations = {o.unit_id: o for o in period.obligations.all()}
    if request.method == "POST":
        form = PeriodForm(request.POST, period=period)
        if form.is_valid():
            try:
                period_update(period=period, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Period “%(name)s” saved.") % {"name": period.name})
                return redirect("period_list", period.directive.slug)
    else:
        form = PeriodForm(
            period=period,
            initial={
                "name": period.name,
                "starts_on": period.starts_on,
                "ends_on": period.ends_on,
                "due_on": period.due_on,
                "recurring": period.recurring,
                "units": list(obligations),
            },
        )
    return render(
        request,
        "reports/period_form.html",
        {
            "directive": period.directive,
            "form": form,
            "period": period,
            "unit_groups": form.unit_groups(obligations),
        },
        status=400 if form.is_bound else 200,
    )


def _set_status(request, period_id, service, done_message):
    period, _can_act = get_period_for_monitoring(request, period_id, write=True)
    service(period=period, user=request.user)
    messages.success(request, done_message % {"name": period.name})
    return redirect("period_list", period.directive.slug)


@require_POST
@login_required
def period_close_view(request, period_id):
    return _set_status(request, period_id, period_close, _("Period “%(name)s” closed."))


@require_POST
@login_required
def period_reopen_view(request, period_id):
    return _set_status(request, period_id, period_reopen, _("Period “%(name)s” reopened."))


@require_http_methods(["GET", "POST"])
@login_required
def period_extend(request, period_id, unit_code):
    period, _can_act = get_period_for_monitoring(request, period_id, write=True)
    obligation = get_object_or_404(
        ReportingObligation.objects.select_related("unit"), period=period, unit__code=unit_code
    )
    # Opened from the dashboard or a unit's page: go back there afterwards.
    back = safe_next_url(request, request.GET.get("next"), reverse("period_edit", args=[period.pk]))
    if request.method == "POST":
        form = ExtensionForm(request.POST)
        if "withdraw" in request.POST:
            try:
                obligation_extend(obligation=obligation, due_on=None, reason="", user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("The extension of %(unit)s was withdrawn.")
                    % {"unit": obligation.unit.short_name},
                )
            return redirect(back)
        if form.is_valid():
            try:
                obligation_extend(obligation=obligation, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(unit)s may now report until %(date)s.")
                    % {
                        "unit": obligation.unit.short_name,
                        "date": form.cleaned_data["due_on"].strftime("%d/%m/%Y"),
                    },
                )
                return redirect(back)
    else:
        form = ExtensionForm(
            initial={"due_on": obligation.extended_due_on, "reason": obligation.extension_reason}
        )
    return render(
        request,
        "reports/period_extend.html",
        {
            "period": period,
            "directive": period.directive,
            "obligation": obligation,
            "form": form,
            "back": back,
        },
        status=400 if form.is_bound else 200,
    )
