"""OpenAPI schema: every operation documents the errors it can answer with, in one place."""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in plain English.")


FIELD_ERRORS = OpenApiResponse(
    {
        "type": "object",
        "additionalProperties": {"oneOf": [{"type": "array"}, {"type": "object"}, {"type": "string"}]},
    },
    description="Bad input: {field: [messages]}, or non_field_errors for the request as a whole.",
)
STANDARD_ERRORS: dict[int, OpenApiResponse] = {
    401: OpenApiResponse(ErrorSerializer, description="Not signed in: send a token or a session cookie."),
    403: OpenApiResponse(ErrorSerializer, description="Your role does not allow this."),
    404: OpenApiResponse(ErrorSerializer, description="No such record, or not one you may see."),
}


class AcademyAutoSchema(AutoSchema):
    """Adds 400, 401, 403 and 404 to every operation that does not document them itself.

    Any operation can meet bad query parameters or input (400), a missing login (401), a role that may
    not act (403) or a record the user may not see (404), and schema-driven API clients rely on them.
    """

    def _get_response_for_code(
        self, serializer: Any, status_code: str, media_types: Any = None, direction: str = "response"
    ) -> Any:
        """A response object with `openapi_schema(registry)` (e.g. the impact API's dataclass answers)
        gives its own schema, registering any components it refers to."""
        given = serializer.response if isinstance(serializer, OpenApiResponse) else serializer
        resolve = getattr(given, "openapi_schema", None)
        if callable(resolve):
            schema = resolve(self.registry)
            if isinstance(serializer, OpenApiResponse):
                serializer = OpenApiResponse(
                    schema, description=serializer.description, examples=serializer.examples
                )
            else:
                serializer = schema
        return super()._get_response_for_code(serializer, status_code, media_types, direction)

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        bodies = super()._get_response_bodies(direction)  # type: ignore[arg-type]
        for code, response in {400: FIELD_ERRORS, **STANDARD_ERRORS}.items():
            if str(code) not in bodies:
                bodies[str(code)] = self._get_response_for_code(response, str(code), direction=direction)
        return bodies
