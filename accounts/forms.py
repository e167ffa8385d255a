from __future__ import annotations

from django import forms

from accounts.models import DISPLAY_NAME_MAX_LENGTH


class ProfileForm(forms.Form):
    # The length and the characters are checked by accounts.services.set_display_name, so the
    # page and the API refuse the same names; maxlength only saves a round trip in a browser.
    display_name = forms.CharField(
        required=False,
        label="Display name",
        help_text="What your teammates see instead of the first part of your email address. Leave empty to use that.",
        widget=forms.TextInput(attrs={"maxlength": DISPLAY_NAME_MAX_LENGTH, "autocomplete": "nickname"}),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    # The digest of what happens to your teams, as this page showed it (DeletionPlan.confirm).
    confirm = forms.CharField(required=False, widget=forms.HiddenInput)
