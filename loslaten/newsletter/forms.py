from django import forms
from django.utils.translation import gettext_lazy as _

from loslaten.newsletter.addresses import AddressField


class SignupForm(forms.Form):
    email = AddressField(label=_("E-mailadres"), max_length=254)
    first_name = forms.CharField(
        label=_("Voornaam (niet verplicht)"), max_length=100, required=False
    )


class NameForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=100, required=False)


class EmailForm(forms.Form):
    email = AddressField(label=_("Nieuw e-mailadres"), max_length=254)
