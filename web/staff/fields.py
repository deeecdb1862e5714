"""Form pieces shared by the staff forms."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms import SelectMultipleField, widgets
from wtforms.fields import SelectChoice
from wtforms.validators import ValidationError

from web.extensions import db
from web.staff.templating import LABELS


def strip_or_none(value):
    """Trim text; an empty answer becomes None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class Unique:
    """Refuses a value another record of the model already has (case-insensitive)."""

    def __init__(self, model, column, message=None):
        self.model, self.column = model, column
        self.message = message or _l("This name is already in use.")

    def __call__(self, form, field):
        if not field.data:
            return
        query = select(self.model.id).where(func.lower(self.column) == str(field.data).lower())
        record = getattr(form, "_record", None)
        if record is not None and record.id is not None:
            query = query.where(self.model.id != record.id)
        if db.session.scalar(query.limit(1)) is not None:
            raise ValidationError(self.message)


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes for several choices."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def choices(enum_cls) -> list[SelectChoice]:
    """The options of a select field for an enum, with translated labels."""
    return [SelectChoice(member.value, LABELS.get(member, member.value)) for member in enum_cls]


def record_choices(rows, text=str) -> list[SelectChoice]:
    """The options of a select field for database records (value: the id)."""
    return [SelectChoice(row.id, text(row)) for row in rows]
