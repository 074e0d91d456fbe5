"""Directives (documents that assign tasks) and their tasks.

A directive is kept as issued: header, addressees, tasks in document order, distribution list and
signature. The official text is Vietnamese by nature and is never translated.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.search import matching
from units.models import Unit, UnitGroup


class DocumentType(models.TextChoices):
    # Symbols from Hướng dẫn 36-HD/VPTW; the label is the Vietnamese name used in documents.
    NGHI_QUYET = "NQ", "Nghị quyết"
    QUYET_DINH = "QĐ", "Quyết định"
    CHI_THI = "CT", "Chỉ thị"
    KET_LUAN = "KL", "Kết luận"
    QUY_CHE = "QC", "Quy chế"
    THONG_TRI = "TT", "Thông tri"
    HUONG_DAN = "HD", "Hướng dẫn"
    THONG_BAO = "TB", "Thông báo"
    BAO_CAO = "BC", "Báo cáo"
    KE_HOACH = "KH", "Kế hoạch"
    CHUONG_TRINH = "CTr", "Chương trình"
    DE_AN = "ĐA", "Đề án"
    PHUONG_AN = "PA", "Phương án"
    TO_TRINH = "TTr", "Tờ trình"
    CONG_VAN = "CV", "Công văn"
    BIEN_BAN = "BB", "Biên bản"


class DirectiveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class DirectiveQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published directives, and drafts for their monitoring unit's staff (and the admin):
        a draft is work in progress, seen by no one else."""
        if user.is_superuser:
            return self
        return self.filter(
            Q(status=DirectiveStatus.PUBLISHED)
            | Q(monitoring_unit__in=Unit.objects.filter(memberships__user=user))
        )

    def search(self, query: str):
        return self.filter(matching(["subject", "number", "symbol"], query))

    def with_document(self):
        """Everything the document page shows, in a fixed number of queries."""
        return self.select_related("issuer", "monitoring_unit").prefetch_related(
            "references",
            Prefetch(
                "recipients",
                queryset=Recipient.objects.select_related("unit", "group").prefetch_related(
                    "group__units"
                ),
            ),
            Prefetch(
                "tasks",
                queryset=Task.objects.order_by("position").prefetch_related(
                    # The units with their former names: the page names them as on its date.
                    Prefetch(
                        "tasklead_set",
                        queryset=TaskLead.objects.select_related("unit").prefetch_related(
                            "unit__former_names"
                        ),
                    ),
                    "lead_groups",
                    Prefetch(
                        "taskcoordination_set",
                        queryset=TaskCoordination.objects.select_related("unit"),
                    ),
                ),
            ),
        )


class Directive(models.Model):
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_(
            "Short identifier used in addresses, unique: unaccented lowercase letters, digits "
            "and hyphens, for example 186-cv-tu."
        ),
    )
    number = models.CharField(_("number"), max_length=20)
    symbol = models.CharField(_("symbol"), max_length=30, help_text=_("For example CV/TU."))
    document_type = models.CharField(_("document type"), max_length=5, choices=DocumentType.choices)
    issuer = models.ForeignKey(
        Unit,
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        related_name="issued_directives",
    )
    issuer_heading = models.CharField(
        _("issuer heading"),
        max_length=120,
        help_text=_("As printed at the top left, for example TỈNH ỦY QUẢNG NGÃI."),
    )
    place = models.CharField(_("place"), max_length=80)
    issued_on = models.DateField(_("date issued"))
    subject = models.TextField(_("subject"))
    preamble = models.TextField(_("preamble"), blank=True)
    signing_authority = models.CharField(_("signing authority"), max_length=80, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=80, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    monitoring_unit = models.ForeignKey(
        Unit,
        verbose_name=_("monitoring unit"),
        on_delete=models.PROTECT,
        related_name="monitored_directives",
        help_text=_("The unit that follows up the implementation and reviews the reports."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DirectiveStatus.choices,
        default=DirectiveStatus.PUBLISHED,
        help_text=_("A draft is seen only by its monitoring unit; no period asks for it."),
    )
    in_force_until = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("Last day the directive is in force; no period starting after it asks for it."),
    )

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number", "symbol"],
                name="directive_unique_number_per_issuer",
                violation_error_message=_(
                    "The issuing body already has a document with this number and symbol."
                ),
            )
        ]

    def __str__(self):
        return f"{self.document_type_label} {self.reference}"

    def get_absolute_url(self):
        return reverse("directive_detail", args=[self.slug])

    @property
    def reference(self) -> str:
        return f"{self.number}-{self.symbol}"

    @property
    def document_type_label(self) -> str:
        return self.get_document_type_display()

    @property
    def is_draft(self) -> bool:
        return self.status == DirectiveStatus.DRAFT

    def is_in_force_on(self, day) -> bool:
        return self.in_force_until is None or day <= self.in_force_until

    def addressees(self):
        return [r for r in self.recipients.all() if r.list == Recipient.List.ADDRESSEE]

    def distribution(self):
        return [r for r in self.recipients.all() if r.list == Recipient.List.DISTRIBUTION]


class Reference(models.Model):
    """A document that the directive implements or cites, with the short name the text gives it."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveIntegerField(_("position"), default=0)
    document_type = models.CharField(_("document type"), max_length=5, choices=DocumentType.choices)
    number = models.CharField(_("number"), max_length=20)
    symbol = models.CharField(_("symbol"), max_length=30)
    issued_on = models.DateField(_("date issued"))
    issuer_name = models.CharField(_("issued by"), max_length=120)
    title = models.TextField(_("title"), blank=True)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    implements = models.BooleanField(
        _("implemented by this directive"),
        default=False,
        help_text=_("Unticked: the directive only cites it."),
    )

    class Meta:
        verbose_name = _("referenced document")
        verbose_name_plural = _("referenced documents")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "document_type", "number", "symbol"],
                name="reference_unique_per_directive",
                violation_error_message=_("This document is already referenced."),
            )
        ]

    def __str__(self):
        return f"{self.get_document_type_display()} {self.number}-{self.symbol}"


class Recipient(models.Model):
    """One line of the "Kính gửi" or the "Nơi nhận" list, as printed, with the units it means."""

    class List(models.TextChoices):
        ADDRESSEE = "kinhgui", "Kính gửi"
        DISTRIBUTION = "noinhan", "Nơi nhận"

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="recipients")
    list = models.CharField(_("list"), max_length=10, choices=List.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.CharField(_("text as printed"), max_length=255)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    group = models.ForeignKey(
        UnitGroup, verbose_name=_("unit group"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["list", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "list", "position"],
                name="recipient_unique_position",
                violation_error_message=_("Two lines of the same list cannot share a position."),
            )
        ]

    def __str__(self):
        return self.text


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(directive__in=Directive.objects.visible_to(user))

    def search(self, query: str):
        return self.filter(matching(["text", "short_title"], query))

    def assigned_to(self, unit: Unit, on=None):
        """Tasks a unit leads, directly or through one of its groups; with `on`, those it led
        on that day (a group counts while the unit itself is in force)."""
        if on is None:
            return self.filter(Q(lead_units=unit) | Q(lead_groups__units=unit)).distinct()
        direct = Q(pk__in=TaskLead.objects.filter(unit=unit).in_force_on(on).values("task_id"))
        if unit.is_valid_on(on):
            direct |= Q(pk__in=UnitGroup.objects.filter(units=unit).values("led_tasks"))
        return self.filter(direct)

    def in_force_between(self, first, last):
        """Tasks carried out on some day from `first` to `last`: not ended before `first`."""
        return self.filter(Q(in_force_until__isnull=True) | Q(in_force_until__gte=first))


SHORT_TITLE_MAX_LENGTH = 200


def first_clause(text: str, limit: int = SHORT_TITLE_MAX_LENGTH) -> str:
    """The text up to its first full stop, semicolon or colon followed by a space (a number such
    as "3.1" does not end it). A clause longer than `limit` ends at its last comma before the
    limit; one with no comma there is kept whole: a heading is never cut mid-word or with "..."."""
    text = " ".join(text.split())
    end = len(text)
    for i, char in enumerate(text):
        ends_clause = char in ".;:" and i > 0 and (i + 1 == len(text) or text[i + 1] == " ")
        if ends_clause and (char != "." or not text[i - 1].isdigit()):
            end = i
            break
    clause = text[:end].rstrip(" ,;:")
    if len(clause) <= limit:
        return clause
    comma = clause.rfind(",", 0, limit)
    return clause[:comma].rstrip() if comma > limit // 3 else clause


class Task(models.Model):
    class Marker(models.TextChoices):
        NUMBERED = "numbered", _("Numbered")
        BULLET = "bullet", _("Bullet point")

    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), on_delete=models.CASCADE, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent task"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    number = models.CharField(
        _("number"),
        max_length=20,
        help_text=_(
            "As in the document (3.1); bullet points get their parent's number and a letter."
        ),
    )
    marker = models.CharField(
        _("marker"), max_length=10, choices=Marker.choices, default=Marker.NUMBERED
    )
    position = models.PositiveIntegerField(_("position"), help_text=_("Order in the document."))
    text = models.TextField(_("text"))
    short_title = models.CharField(
        _("short title"),
        max_length=SHORT_TITLE_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Used as the task's heading in consolidated reports. Empty: the first clause of the "
            "task's text."
        ),
    )
    lead_units = models.ManyToManyField(
        Unit,
        verbose_name=_("lead units"),
        related_name="led_tasks",
        blank=True,
        through="TaskLead",
    )
    lead_groups = models.ManyToManyField(
        UnitGroup, verbose_name=_("lead unit groups"), related_name="led_tasks", blank=True
    )
    coordinating_units = models.ManyToManyField(
        Unit,
        verbose_name=_("coordinating units"),
        related_name="coordinated_tasks",
        blank=True,
        through="TaskCoordination",
    )
    coordination_note = models.CharField(
        _("coordination as worded"),
        max_length=255,
        blank=True,
        help_text=_("When the text names coordinating bodies only generally."),
    )
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Last day for completing the task; empty when it has none or is ongoing."),
    )
    deadline_text = models.CharField(
        _("deadline as worded"),
        max_length=120,
        blank=True,
        help_text=_("As the document writes it, for example “quý III/2026”."),
    )
    recurring = models.BooleanField(
        _("ongoing"),
        default=False,
        help_text=_("Carried out regularly (“thường xuyên”), with no completion deadline."),
    )
    deliverable = models.CharField(
        _("deliverable"),
        max_length=255,
        blank=True,
        help_text=_("What completing the task produces, for example a plan or a report."),
    )

    in_force_until = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_(
            "Last day the task is carried out (ended, replaced or split); periods starting "
            "after it do not ask for it, and its report entries stay attached to it."
        ),
    )
    replaces = models.ManyToManyField(
        "self",
        verbose_name=_("replaces"),
        symmetrical=False,
        blank=True,
        related_name="replaced_by",
        help_text=_("Tasks this task replaces or was split from."),
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["directive", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recurring=False) | Q(deadline__isnull=True),
                name="task_ongoing_has_no_deadline",
                violation_error_message=_("An ongoing task has no deadline."),
            ),
            # Among the tasks in force: a task replaced by a new "3" keeps its own "3" and the
            # entries the units wrote against it.
            models.UniqueConstraint(
                fields=["directive", "number"],
                condition=Q(in_force_until__isnull=True),
                name="task_unique_number_per_directive",
                violation_error_message=_("This directive already has a task with this number."),
            ),
            models.UniqueConstraint(
                fields=["directive", "position"],
                name="task_unique_position_per_directive",
                violation_error_message=_("Two tasks of a directive cannot share a position."),
            ),
        ]

    def __str__(self):
        return f"{self.directive.reference} – {self.label} {self.text[:60]}"

    def save(self, *args, **kwargs):
        # The database cannot compare a row with its parent's directive, so the rule is
        # checked on every save, not only in forms.
        self._check_parent()
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        """The heading of the task in documents: the Department's short title, or the first
        clause of its text."""
        return self.short_title.strip() or first_clause(self.text)

    def clean(self):
        super().clean()
        self._check_parent()

    def _check_parent(self):
        if self.parent_id is not None and self.parent.directive_id != self.directive_id:
            raise ValidationError(
                {"parent": _("The parent task must belong to the same directive.")}
            )

    @property
    def label(self) -> str:
        """The marker printed before the text: "3.1." or "-"."""
        return "-" if self.marker == self.Marker.BULLET else f"{self.number}."

    def assigned_units(self, on=None) -> list[Unit]:
        """Lead units, directly or through a group, in unit order (uses prefetched data); with
        `on`, those that led it on that day."""
        if on is None:
            units = {u.pk: u for u in self.lead_units.all()}
        else:
            units = {a.unit.pk: a.unit for a in self.tasklead_set.all() if a.holds_on(on)}
        for group in self.lead_groups.all():
            units.update((u.pk, u) for u in group.units.all() if on is None or u.is_valid_on(on))
        return sorted(units.values(), key=lambda u: (u.kind, u.position, u.name))

    def leads_on(self, day) -> list[Unit]:
        """The units named as leading the task on `day` (uses prefetched `tasklead_set`)."""
        return [a.unit for a in self.tasklead_set.all() if a.holds_on(day)]

    def coordinators_on(self, day) -> list[Unit]:
        return [a.unit for a in self.taskcoordination_set.all() if a.holds_on(day)]

    @property
    def depth(self) -> int:
        return self.number.count(".") if self.marker == self.Marker.NUMBERED else 1


class AssignmentQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """Assignments that hold on `day` (open ends hold for ever)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def overlapping(self, first, last):
        """Assignments in force on some day from `first` to `last`."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=first)
        )


class Assignment(models.Model):
    """A unit's place on a task, with dates: a reorganisation passes it to a successor.

    The 2021 matrices keep the units the directive named (their assignment ends on the day
    before the event), and later periods see the successors (theirs starts on that day).
    """

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.task.number} – {self.unit}"

    def holds_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def _holds(valid_from, valid_to, day) -> bool:
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


class LeadSpans:
    """Who led which task of some directives, and when: the direct assignments with their
    dates, and the units of lead groups for as long as each unit is in force. Two queries;
    asking for a day is then done here, so a page of many periods reads no more."""

    def __init__(self, directive_ids, *, task_ids=None):
        direct = TaskLead.objects.filter(task__directive_id__in=directive_ids)
        grouped = Task.objects.filter(
            directive_id__in=directive_ids, lead_groups__units__isnull=False
        )
        if task_ids is not None:
            direct = direct.filter(task_id__in=task_ids)
            grouped = grouped.filter(pk__in=task_ids)
        # (directive id, task id, unit id, from, to)
        self.spans = list(
            direct.values_list("task__directive_id", "task_id", "unit_id", "valid_from", "valid_to")
        )
        self.spans += list(
            grouped.order_by().values_list(
                "directive_id",
                "pk",
                "lead_groups__units",
                "lead_groups__units__valid_from",
                "lead_groups__units__valid_to",
            )
        )
        self.by_unit: dict[int, list[tuple]] = {}
        for span in self.spans:
            self.by_unit.setdefault(span[2], []).append(span)

    def tasks_of(self, unit_id: int, day, directive_id: int | None = None) -> set[int]:
        """Ids of the tasks (of `directive_id`, or of any) `unit_id` led on `day`."""
        return {
            s[1]
            for s in self.by_unit.get(unit_id, ())
            if _holds(s[3], s[4], day) and directive_id in (None, s[0])
        }

    def by_task(self, day) -> dict[int, set[int]]:
        """Task id -> ids of the units that led it on `day`."""
        result: dict[int, set[int]] = {}
        for _directive, task_id, unit_id, start, end in self.spans:
            if _holds(start, end, day):
                result.setdefault(task_id, set()).add(unit_id)
        return result


class TaskLead(Assignment):
    class Meta:
        # The table of the former plain many-to-many field, kept with its rows.
        db_table = "directives_task_lead_units"
        verbose_name = _("lead assignment")
        verbose_name_plural = _("lead assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit"],
                name="tasklead_unique_unit_per_task",
                violation_error_message=_("This unit already leads this task."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="tasklead_valid_to_after_from",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]


class TaskCoordination(Assignment):
    class Meta:
        db_table = "directives_task_coordinating_units"
        verbose_name = _("coordinating assignment")
        verbose_name_plural = _("coordinating assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit"],
                name="taskcoordination_unique_unit_per_task",
                violation_error_message=_("This unit already coordinates this task."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="taskcoordination_valid_to_after_from",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]


# The largest figure a unit may state for one indicator: far above any real count (a province
# has about 1.2 million inhabitants), low enough that a sum over 5,000 units fits a bigint.
INDICATOR_MAX_VALUE = 100_000_000


class IndicatorQuerySet(models.QuerySet):
    def of_report(self):
        return self.filter(scope=Indicator.Scope.REPORT)

    def of_tasks(self):
        return self.filter(scope=Indicator.Scope.TASK)


class Indicator(models.Model):
    """A figure the directive asks every unit for (a data element, as DHIS2 calls it).

    Asked once per report (conferences held, participants, plans issued: the dissemination of
    the directive as a whole) or under one task. Figures add up over units; within one unit and
    period they are never added across tasks: a unit that held 3 conferences says 3 once."""

    class Scope(models.TextChoices):
        REPORT = "report", _("Once per report")
        TASK = "task", _("Under one task")

    class Aggregation(models.TextChoices):
        # The only rule so far; a directive needing an average would add it here and in stats.
        SUM = "sum", _("Sum over units")

    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_(
            "Short identifier, unique within the directive: unaccented lowercase letters, "
            "digits and hyphens, for example hoi-nghi."
        ),
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("As asked, for example “Số hội nghị quán triệt”.")
    )
    unit_of_measure = models.CharField(
        _("unit of measure"), max_length=40, help_text=_("For example “hội nghị”, “lượt người”.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    scope = models.CharField(_("asked"), max_length=10, choices=Scope.choices, default=Scope.REPORT)
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
        help_text=_("For an indicator asked under one task: that task (a task units report on)."),
    )
    aggregation = models.CharField(
        _("adds up as"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["directive", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "code"],
                name="indicator_unique_code_per_directive",
                violation_error_message=_(
                    "This directive already has an indicator with this code."
                ),
            ),
            models.CheckConstraint(
                condition=Q(scope="report", task__isnull=True)
                | Q(scope="task", task__isnull=False),
                name="indicator_task_iff_task_scope",
                violation_error_message=_(
                    "An indicator asked under a task names that task; one asked once per report "
                    "names none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(aggregation="sum"),
                name="indicator_aggregation_known",
                violation_error_message=_("Unknown way of adding up."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit_of_measure})"

    def clean(self):
        super().clean()
        if self.task_id is not None and self.task.directive_id != self.directive_id:
            raise ValidationError({"task": _("The task must belong to the same directive.")})


class DirectiveChange(models.Model):
    """One change made to a directive or its tasks in the app: who, when, and each field's
    value before and after, as the history page shows them. Kept when the task is deleted."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created as a draft")
        IMPORTED = "imported", _("Imported from a file, as a draft")
        CHANGED = "changed", _("Header changed")
        PUBLISHED = "published", _("Published")
        IN_FORCE = "in_force", _("Period in force changed")
        TASK_ADDED = "task_added", _("Task added")
        TASK_CHANGED = "task_changed", _("Task changed")
        TASK_MOVED = "task_moved", _("Task moved")
        TASK_ENDED = "task_ended", _("Task ended")
        TASK_REPLACED = "task_replaced", _("Task replaced or split")
        TASK_DELETED = "task_deleted", _("Task deleted")
        INDICATOR_ADDED = "indicator_added", _("Indicator added")
        INDICATOR_CHANGED = "indicator_changed", _("Indicator changed")
        INDICATOR_DELETED = "indicator_deleted", _("Indicator deleted")

    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), on_delete=models.CASCADE, related_name="changes"
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The task's number when the change was made: a deleted or renumbered task is still named.
    task_number = models.CharField(_("task number"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # [{"field": model field name, "old": text, "new": text}], values as the pages print them.
    changes = models.JSONField(_("changes"), default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("directive change")
        verbose_name_plural = _("directive changes")
        ordering = ["-at", "-pk"]
        indexes = [
            # The history page: one directive's changes, newest first.
            models.Index(fields=["directive", "-at"], name="directivechange_directive_at"),
        ]

    def __str__(self):
        return f"{self.directive.reference} – {self.get_action_display()}"
