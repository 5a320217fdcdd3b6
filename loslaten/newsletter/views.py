"""Short views: parse the form, call a function in subscriptions.py, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from loslaten.newsletter import archive, subscriptions, tokens
from loslaten.newsletter.forms import EmailForm, NameForm, SignupForm
from loslaten.newsletter.models import Subscriber


@csrf_exempt
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """The sign-up form; a logged-in person can sign up with their account's address.

    The form on every article page carries no CSRF token, so that the page is the same for
    every reader and can be cached whole. A forged sign-up can do no more than a stranger
    typing the address in: one confirmation email, at most one an hour, and nothing happens
    until its link is followed. Signing up with one's account does need the token.
    """
    form = SignupForm()
    if request.method == "POST":
        if request.POST.get("account") and request.user.is_authenticated:
            return signup_account(request)
        form = SignupForm(request.POST)
        ip = subscriptions.request_ip(request)
        if form.is_valid():
            subscriptions.subscribe(
                form.cleaned_data["email"], form.cleaned_data["first_name"], method="form", ip=ip
            )
            return redirect("newsletter:check_inbox")
    return render(
        request, "newsletter/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@csrf_protect
def signup_account(request: HttpRequest) -> HttpResponse:
    """Sign up with the account's address (from the sign-up view, with the CSRF check)."""
    # Accounts do not prove the address, so this still sends a confirmation.
    ip = subscriptions.request_ip(request)
    subscriptions.subscribe(request.user.email, request.user.first_name, method="account", ip=ip)
    return redirect("newsletter:check_inbox")


def check_inbox(request: HttpRequest) -> HttpResponse:
    """The one answer for every sign-up, whether the address was known or not."""
    return render(request, "newsletter/check_inbox.html")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links); POST confirms."""
    try:
        tokens.read_confirm_token(token)
    except tokens.BadToken:
        return render(request, "newsletter/bad_link.html", status=400)
    if request.method == "GET":
        return render(request, "newsletter/confirm.html", {"token": token})
    try:
        subscriber = subscriptions.confirm(token, ip=subscriptions.request_ip(request))
    except tokens.BadToken:
        return render(request, "newsletter/bad_link.html", status=400)
    except subscriptions.AddressTaken:
        return render(request, "newsletter/address_taken.html", status=409)
    return render(request, "newsletter/confirmed.html", {"subscriber": subscriber})


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a session; the token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button. POST: unsubscribed, at once."""
    try:
        subscriber_id = tokens.read_unsubscribe_token(token)
    except tokens.BadToken:
        return render(request, "newsletter/bad_link.html", status=400)
    if request.method == "GET":
        return render(request, "newsletter/unsubscribe.html", {"token": token})
    subscriptions.unsubscribe(
        subscriber_id, method="one-click" if "List-Unsubscribe" in request.POST else "link"
    )
    return render(request, "newsletter/unsubscribed.html")


def _subscriber(token: str) -> Subscriber | None:
    try:
        return Subscriber.objects.filter(pk=tokens.read_manage_token(token)).first()
    except tokens.BadToken:
        return None


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Change name or address, or erase everything."""
    subscriber = _subscriber(token)
    if subscriber is None:
        return render(request, "newsletter/bad_link.html", status=404)
    name_form = NameForm(initial={"first_name": subscriber.first_name})
    email_form = EmailForm()
    action = request.POST.get("action")
    if action == "name":
        name_form = NameForm(request.POST)
        if name_form.is_valid():
            subscriptions.rename(subscriber, name_form.cleaned_data["first_name"])
            messages.success(request, _("Je naam is aangepast."))
            return redirect("newsletter:manage", token=token)
    elif action == "email":
        email_form = EmailForm(request.POST)
        if email_form.is_valid():
            subscriptions.change_email(subscriber, email_form.cleaned_data["email"])
            messages.success(
                request, _("We hebben een bevestigingslink naar je nieuwe adres gestuurd.")
            )
            return redirect("newsletter:manage", token=token)
    elif action == "erase":
        subscriptions.erase(subscriber)
        return render(request, "newsletter/erased.html")
    context = {
        "subscriber": subscriber,
        "token": token,
        "name_form": name_form,
        "email_form": email_form,
        "unsubscribe_token": tokens.unsubscribe_token(subscriber.pk),
    }
    return render(request, "newsletter/manage.html", context)


def download(request: HttpRequest, token: str) -> HttpResponse:
    """Everything stored about this subscriber, as JSON."""
    subscriber = _subscriber(token)
    if subscriber is None:
        return render(request, "newsletter/bad_link.html", status=404)
    data = json.dumps(subscriptions.export(subscriber), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nieuwsbrief-gegevens.json"'
    response["Cache-Control"] = "no-store"
    return response


def archive_list(request: HttpRequest) -> HttpResponse:
    """Every issue whose send began, newest first."""
    return render(request, "newsletter/archive.html", {"issues": archive.public_issues()})


def issue_page(request: HttpRequest, week: str) -> HttpResponse:
    """One issue as every reader got it, without anyone's personal links."""
    issue = archive.public_issue(week)
    if issue is None:
        raise Http404("no such issue")
    if week != issue.week:
        return redirect("newsletter:issue", week=issue.week, permanent=True)
    context = {"issue": issue, "articles": archive.web_articles(issue)}
    return render(request, "newsletter/issue.html", context)
