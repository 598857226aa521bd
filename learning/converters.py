"""URL converters every app's pages share.

``<id:…>`` is a row id: digits within the 64-bit range the databases hold. Anything
longer or larger does not match (404), where Django's ``<int:…>`` would hand it to the
database driver and crash the request.
"""

from django.urls import register_converter

DB_INT_MAX = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= DB_INT_MAX:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
