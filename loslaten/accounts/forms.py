"""Forms of the accounts app. Each one only parses input; the work is in services."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from loslaten.accounts.models import normalize_email
from loslaten.accounts.services import TOKEN_NAME_MAX


class LoginForm(AuthenticationForm):
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


class SignupForm(forms.Form):
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
        help_text=_("Minstens 8 tekens, niet te voor de hand liggend."),
    )


class NameForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van het token"),
        max_length=TOKEN_NAME_MAX,
        help_text=_("Bijvoorbeeld: mijn laptop, script voor de check-in."),
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Typ je e-mailadres of je wachtwoord om te bevestigen"),
        max_length=4096,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
