"""The schema of a page of a list, for endpoints that paginate by hand (function views).

A viewset's list is documented as a page by drf-spectacular itself; a function view that calls
PageNumberPagination is not, so it says `responses={200: paginated(...), 404: NO_PAGE}`.
"""

from __future__ import annotations

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


def paginated(name: str, item: serializers.Serializer) -> serializers.Serializer:
    """The schema of a page, as every list of the API returns it."""
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item,
        },
    )
