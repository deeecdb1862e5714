"""Phone numbers: validated and stored in E.164, Finnish numbers by default."""

import phonenumbers


class InvalidPhone(ValueError):
    """A phone number that is not a valid mobile or fixed number."""


def normalise(raw: str, region: str = "FI") -> str:
    """The E.164 form of a number (`040 123 4567` → `+358401234567`)."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone(str(error)) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def can_receive_sms(e164: str) -> bool:
    """Whether a number is a mobile number (or one that may be mobile)."""
    kind = phonenumbers.number_type(phonenumbers.parse(e164))
    return kind in (phonenumbers.PhoneNumberType.MOBILE,
                    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
