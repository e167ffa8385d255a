"""Request types for views that only a signed-in user reaches (login_required, IsAuthenticated).

Django and DRF type `request.user` as `User | AnonymousUser`; behind those guards it is always a
`User`. Annotating such a view's request with these says so once, in the signature, instead of
a cast at every use. At run time they are the ordinary request classes and `api_view`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from rest_framework.decorators import api_view
from rest_framework.request import Request

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

if TYPE_CHECKING:
    from rest_framework.views import AsView

    from accounts.models import User

    class SignedInHttpRequest(HttpRequest):
        user: User

    class SignedInRequest(Request):
        @property
        def user(self) -> User: ...
        @user.setter
        def user(self, value: User) -> None: ...

else:
    SignedInHttpRequest = HttpRequest
    SignedInRequest = Request


def signed_in_api_view(
    methods: Sequence[str],
) -> Callable[[Callable[Concatenate[SignedInRequest, P], R]], AsView[Callable[Concatenate[HttpRequest, P], R]]]:
    """`api_view` for a view whose permission classes only let a signed-in user through, so its
    request is a SignedInRequest. It adds no check: the view's permission classes are the check."""
    decorate: Any = api_view(methods)
    return decorate
