"""Path converters for every URL conf; importing this module registers them.

`<id:pk>` is `<int:pk>` bounded to what an id (a BigAutoField) can be: a number no id can be
matches no address, so it is a 404 like any other id that names nothing, rather than reaching a
query SQLite cannot run (a foreign key compared with 99999999999999999999 is an OverflowError).
"""

from __future__ import annotations

from django.urls import register_converter

ID_MAX = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError(f"{value} is larger than any id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
