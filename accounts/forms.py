from __future__ import annotations

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from accounts.services import SignInRefused, TooManySignInAttempts, sign_in


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
