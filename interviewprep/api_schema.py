"""The schema generator: drf-spectacular's, plus request bodies on DELETE where one is declared."""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular documents request bodies for POST, PUT and PATCH only. DELETE
    /api/v1/account/ takes the password in its body (OpenAPI 3.1 allows a DELETE body), so a
    DELETE whose @extend_schema declares a `request` documents it too; other DELETEs have none."""

    def get_request_serializer(self) -> Any:
        if self.method == "DELETE":
            # No guessing from the view: only a `request` declared with @extend_schema, which the
            # subclass @extend_schema makes answers before coming here.
            return None
        return super().get_request_serializer()

    def _get_request_body(self, direction: Literal["request", "response"] = "request") -> Any:
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        serializer = self.get_request_serializer()
        if serializer is None:
            return None
        component = self.resolve_serializer(serializer, direction)
        return {"content": {"application/json": {"schema": component.ref}}, "required": True}
