"""The signed-in user's in-app notifications."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from config.redirects import safe_next_url
from reports.notifications.models import Notification


@require_GET
@login_required
def notification_list(request):
    notifications = Notification.objects.filter(user=request.user)[:200]
    return render(request, "reports/notification_list.html", {"notifications": notifications})


@require_POST
@login_required
def notification_read(request, pk):
    # Another user's notification answers 404: its existence is nobody else's business.
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(safe_next_url(request, notification.url, reverse("notification_list")))


@require_POST
@login_required
def notification_read_all(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("notification_list")
