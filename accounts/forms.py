from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from accounts.models import DISPLAY_NAME_MAX_LENGTH
from accounts.services import SignInRefused, TooManySignInAttempts, sign_in


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


class AdminSignInForm(AdminAuthenticationForm):
    """The admin's login form, counted against the same guess limits as the site's login page."""

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            assert self.request is not None  # the admin's login view always passes it
            try:
                self.user_cache = sign_in(request=self.request, email=email, password=password)
            except TooManySignInAttempts as exc:
                raise ValidationError(str(exc), code="too_many_login_attempts") from exc
            except SignInRefused:
                raise self.get_invalid_login_error() from None
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
