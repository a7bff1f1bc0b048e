"""Form definitions (content/forms/<id>.yml): defined once, used to render, validate and email.

This package holds no web code: the build renders forms with it, and ``forms_api`` imports it
to validate posts and write emails from the very same definitions.
"""

from .definition import FIELD_TYPES, FormDefinition, FormField, Privacy
from .loading import FormSet, load_forms

__all__ = ["FIELD_TYPES", "FormDefinition", "FormField", "FormSet", "Privacy", "load_forms"]
