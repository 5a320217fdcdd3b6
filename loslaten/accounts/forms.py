"""Forms of the accounts app. Each one only parses input; the work is in services."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from loslaten.accounts import services
from loslaten.accounts.models import User, normalize_email
from loslaten.accounts.services import TOKEN_NAME_MAX

PASSWORD_HELP = _("Minstens 8 tekens, niet te voor de hand liggend.")


class NoColon:
    """Labels without Django's trailing colon, like every other form on the site."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]


class LoginForm(NoColon, AuthenticationForm):
    """Django's login form (it passes the request to authenticate, which axes needs), with
    the address normalised before the lookup and the lockout count."""

    username = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer het nog eens."
        ),
    }

    def clean_username(self) -> str:
        return normalize_email(self.cleaned_data["username"])

    def clean(self):  # type: ignore[no-untyped-def]
        username = self.cleaned_data.get("username")
        wait = services.login_wait(username) if username else 0
        if wait:
            # Not tried at all, so this attempt does not count as another failure.
            self.slowed = True
            raise forms.ValidationError(
                _(
                    "Voor dit adres is vaak een verkeerd wachtwoord geprobeerd. Probeer het "
                    "over %(seconds)s seconden opnieuw, of vraag een nieuw wachtwoord aan."
                ),
                code="slowed",
                params={"seconds": wait},
            )
        return super().clean()


class SignupForm(NoColon, forms.Form):
    """Only the address (and a name): the password is chosen through the link we mail, so
    only the mailbox's owner can choose it."""

    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    first_name = forms.CharField(
        label=_("Voornaam (mag leeg blijven)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )


class NameForm(NoColon, forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)


class TokenForm(NoColon, forms.Form):
    name = forms.CharField(
        label=_("Naam van het token"),
        max_length=TOKEN_NAME_MAX,
        help_text=_("Bijvoorbeeld: mijn laptop, script voor de check-in."),
    )


class DeleteAccountForm(NoColon, forms.Form):
    confirm = forms.CharField(
        label=_("Typ je e-mailadres of je wachtwoord om te bevestigen"),
        max_length=4096,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class NewPasswordHelp:
    """Our own short help under the new password instead of Django's list of rules, which
    speaks formally ("Uw wachtwoord ...") where the site says "je"."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.fields["new_password1"].help_text = PASSWORD_HELP  # type: ignore[attr-defined]
        self.fields["new_password2"].help_text = ""  # type: ignore[attr-defined]


class PasswordChangeForm(NoColon, NewPasswordHelp, auth_forms.PasswordChangeForm):
    pass


class SetPasswordForm(NoColon, NewPasswordHelp, auth_forms.SetPasswordForm):
    pass


class WelcomePasswordForm(SetPasswordForm):
    """The first password of an account made by signing up: the same rules and help as a
    new password, labelled without the "new"."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Kies een wachtwoord")
        self.fields["new_password2"].label = _("Typ het nog een keer")


class PasswordResetForm(NoColon, auth_forms.PasswordResetForm):
    def get_users(self, email: str) -> Iterable[User]:
        """Active accounts with this address, also one that never chose a password (made by
        signing up; Django's own form skips those), so its owner can still get in."""
        return User.objects.filter(email=normalize_email(email), is_active=True)

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def, override]
        """Hand the mail to the task queue (services.request_password_reset)."""
        services.request_password_reset(self.cleaned_data["email"])
