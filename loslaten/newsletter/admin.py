"""The admin: subscribers with their status, the weekly openings, issues and their progress."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from loslaten.newsletter import emails, sending
from loslaten.newsletter.csvio import export_csv
from loslaten.newsletter.models import Issue, Subscriber, SubscriberEvent, WeeklyOpening
from loslaten.newsletter.schedule import enqueue_send
from loslaten.newsletter.transport import BackendTransport


class EventInline(admin.TabularInline):
    model = SubscriberEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "kind", "method", "ip"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "status", "consent_method", "confirmed_at", "created_at"]
    list_filter = ["status", "consent_method"]
    search_fields = ["email", "first_name"]
    readonly_fields = [
        "consent_method",
        "consent_requested_at",
        "confirmed_at",
        "unsubscribed_at",
        "confirmation_sent_at",
        "pending_email",
        "pending_first_name",
        "created_at",
    ]
    inlines = [EventInline]
    actions = ["export_as_csv"]

    @admin.action(description=_("Exporteer als CSV"))
    def export_as_csv(self, request, queryset):
        response = HttpResponse(export_csv(queryset.iterator()), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="abonnees.csv"'
        return response


@admin.register(WeeklyOpening)
class WeeklyOpeningAdmin(admin.ModelAdmin):
    list_display = ["week_start", "text"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["week", "subject", "status", "paused_reason", "send_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = [
        "status",
        "paused_reason",
        "paused_at",
        "composed_at",
        "started_at",
        "finished_at",
        "progress",
        "doubtful",
    ]
    # What the author writes first, then what the sending records (read-only).
    fields = ["week", "subject", "opening", "articles", "practice", "send_at", *readonly_fields]
    actions = ["send_test", "schedule", "send_now", "resend_in_doubt"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj and obj.status in (Issue.Status.SENDING, Issue.Status.PAUSED, Issue.Status.SENT):
            # What went out stays as it went out.
            fields += ["week", "subject", "opening", "articles", "practice", "send_at"]
        return fields

    @admin.display(description=_("voortgang"))
    def progress(self, obj):
        counts = sending.counts(obj.pk) if obj.pk else {}
        return ", ".join(f"{state}: {n}" for state, n in counts.items())

    @admin.display(description=_("onzeker (in doubt)"))
    def doubtful(self, obj):
        rows = sending.in_doubt(obj.pk) if obj.pk else []
        if not rows:
            return "-"
        return format_html_join("", "<div>{} ({})</div>", ((email, msg) for _, email, msg in rows))

    @admin.action(description=_("Stuur een test naar mijzelf"))
    def send_test(self, request, queryset):
        transport = BackendTransport()
        transport.open()
        for issue in queryset:
            message = emails.issue_message(
                emails.render_issue(issue), 0, request.user.email, request.user.first_name
            )
            message.subject = f"[TEST] {message.subject}"
            outcome = transport.send(message)
            self.message_user(request, f"{issue.week}: {outcome.kind} {outcome.text}")
        transport.close()

    @admin.action(description=_("Inplannen op 'verzenden op'"))
    def schedule(self, request, queryset):
        done = queryset.filter(status=Issue.Status.DRAFT, send_at__isnull=False).update(
            status=Issue.Status.SCHEDULED
        )
        self.message_user(
            request, _("%(n)d ingepland (alleen concepten met een tijd).") % {"n": done}
        )

    @admin.action(description=_("Nu verzenden"))
    def send_now(self, request, queryset):
        now = timezone.now()
        for issue in queryset:
            # A paused issue goes on: choosing "send now" says the fault is fixed.
            if sending.start(issue, now, resume=True):
                enqueue_send(issue, now)
                self.message_user(request, _("%(week)s wordt verzonden.") % {"week": issue.week})

    @admin.action(description=_("Onzekere bezorgingen opnieuw versturen"))
    def resend_in_doubt(self, request, queryset):
        now = timezone.now()
        for issue in queryset:
            n = sending.requeue_in_doubt(issue.pk)
            if n:
                enqueue_send(issue, now)
            self.message_user(request, f"{issue.week}: {n}", messages.INFO)
