"""Forms of the accounts app. Each one only parses input; the work is in services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from loslaten.accounts.models import normalize_email
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


class SignupForm(NoColon, forms.Form):
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
    password = forms.CharField(
        label=_("Wachtwoord"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
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


class PasswordResetForm(NoColon, auth_forms.PasswordResetForm):
    pass
