"""The one error type services raise when a business rule refuses a change."""

from collections.abc import Mapping, Sequence

NON_FIELD = "non_field_errors"


class DomainError(Exception):
    """A translated, user-facing refusal: a form error in HTML, a 400 in the API.

    Raise it with one message (`DomainError(_("…"))`), a message for one field
    (`DomainError(_("…"), field="end_date")`), or several (`DomainError(errors={...})`).
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        field: str | None = None,
        errors: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        collected: dict[str, list[str]] = {
            k: [str(m) for m in v] for k, v in (errors or {}).items()
        }
        if message is not None:
            collected.setdefault(field or NON_FIELD, []).append(str(message))
        if not collected:
            raise ValueError("DomainError needs a message or errors")
        self.errors = collected
        super().__init__("; ".join(m for msgs in collected.values() for m in msgs))

    @property
    def messages(self) -> list[str]:
        return [m for msgs in self.errors.values() for m in msgs]

    def add_to_form(self, form) -> None:
        """Attach the errors to a Django form, on their fields where the form has them."""
        for field, messages in self.errors.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
