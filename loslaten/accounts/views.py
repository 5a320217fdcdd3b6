"""Views of the accounts app: short functions that parse a form, call services, render."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from loslaten.accounts import services
from loslaten.accounts.forms import (
    DeleteAccountForm,
    LoginForm,
    NameForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SignupForm,
    TokenForm,
    WelcomePasswordForm,
)
from loslaten.accounts.models import User
from loslaten.core.clientip import client_ip


def url_or(name: str, fallback: str) -> str:
    """Reverse ``name``; the fallback path keeps us working while another app is unfinished."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def after_login_url() -> str:
    return url_or(settings.LOGIN_REDIRECT_URL, "/oefenen/")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return after_login_url()

    def form_invalid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_invalid(form)
        if getattr(form, "slowed", False):
            response.status_code = 429
        return response


def too_many_mail_requests(request: HttpRequest, template: str, form: Form) -> HttpResponse | None:
    """A 429 with the form kept, when this IP asked for too many mails; else None."""
    if services.mail_request_allowed(client_ip(request)):
        return None
    form.add_error(
        None,
        _("Er zijn vanaf jouw adres veel mails aangevraagd. Probeer het over een uur opnieuw."),
    )
    return render(request, template, {"form": form}, status=429)


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET), then home (settings.LOGOUT_REDIRECT_URL)."""


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        # The mail goes through the task queue (PasswordResetForm.save), after this IP's
        # limit; the answer is the same whether the address has an account or not.
        refused = too_many_mail_requests(self.request, self.template_name, form)
        return refused or super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        # The owner proved the mailbox is theirs: a stranger's failed guesses no longer
        # hold them back.
        services.forget_failed_logins(form.user.email)
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:index")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, _("Je wachtwoord is gewijzigd."))
        return super().form_valid(form)


@sensitive_post_parameters("email", "first_name")
@csrf_protect
@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    """Ask for an address; the mail we send says how to go on. The answer is the same page
    whether the address was new or already had an account, and nobody is logged in."""
    if request.user.is_authenticated:
        return redirect(after_login_url())
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if refused := too_many_mail_requests(request, "accounts/signup.html", form):
            return refused
        try:
            services.sign_up(form.cleaned_data["email"], form.cleaned_data["first_name"])
        except services.AccountError as error:
            form.add_error("email", str(error))
        else:
            return render(request, "accounts/signup_check_mail.html")
    return render(request, "accounts/signup.html", {"form": form})


class WelcomeView(auth_views.PasswordResetConfirmView):
    """The link in the welcome mail: the mailbox's owner chooses the account's first
    password and is logged in.

    Django's view checks the token, moves it from the URL into the session and refuses it
    once a password is set (the token is made from the password hash and the last login).
    Only an active account that has no password yet can be opened here; a forgotten
    password has its own link (``accounts:password_reset_confirm``).
    """

    template_name = "accounts/welcome.html"
    form_class = WelcomePasswordForm
    post_reset_login = True
    # Two backends are configured (axes' first), so the session must be told which one.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def get_user(self, uidb64: str) -> User | None:
        user = super().get_user(uidb64)
        if user is None or not user.is_active or user.has_usable_password():
            return None
        return user

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        messages.success(self.request, _("Welkom. Je account is klaar."))
        return response

    def get_success_url(self) -> str:
        return after_login_url()


def _index_context(request: HttpRequest, **extra: object) -> dict[str, object]:
    return {
        "name_form": NameForm(initial={"first_name": request.user.first_name}),
        "token_form": TokenForm(),
        "tokens": request.user.tokens.all(),
        "practice_settings_url": url_or("practice:settings", "/oefenen/"),
        **extra,
    }


@login_required
@never_cache
def index(request: HttpRequest) -> HttpResponse:
    """The account page: address, name, password, tokens, my data."""
    if request.method == "POST":
        form = NameForm(request.POST)
        if form.is_valid():
            request.user.first_name = form.cleaned_data["first_name"]
            request.user.save(update_fields=["first_name"])
            messages.success(request, _("Je naam is bewaard."))
            return redirect("accounts:index")
        return render(request, "accounts/index.html", _index_context(request, name_form=form))
    return render(request, "accounts/index.html", _index_context(request))


@login_required
@require_POST
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    """Make a token and show its secret this once; it is not stored anywhere we can show."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        return render(
            request, "accounts/index.html", _index_context(request, token_form=form), status=422
        )
    token, secret = services.create_token(request.user, form.cleaned_data["name"])
    response = render(request, "accounts/token_created.html", {"token": token, "secret": secret})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if services.revoke_token(request.user, token_id):
        messages.success(request, _("Het token is ingetrokken. Het werkt niet meer."))
    return redirect("accounts:index")


def _download(content: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    filename = f"loslaten-mijn-gegevens-{localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    """Everything stored about the person, as one JSON document."""
    data = services.export_everything(request.user)
    content = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    return _download(content, "application/json; charset=utf-8", "json")


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """Everything stored about the person, as CSV files (one per kind) in one zip."""
    return _download(services.export_csv(request.user), "application/zip", "csv.zip")


@sensitive_post_parameters("confirm")
@login_required
@never_cache
def delete(request: HttpRequest) -> HttpResponse:
    """Delete the account and all its data, after the person types their address or password."""
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirms_deletion(request.user, form.cleaned_data["confirm"]):
            user = request.user
            logout(request)
            services.delete_account(user)
            return HttpResponseRedirect(reverse("accounts:goodbye"))
        form.add_error(
            "confirm", _("Dat is niet je e-mailadres of wachtwoord. Er is niets verwijderd.")
        )
    return render(request, "accounts/delete.html", {"form": form})


def goodbye(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/goodbye.html")
