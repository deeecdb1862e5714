"""What a transport raises when a message does not go out."""


class DeliveryError(Exception):
    """A message was not accepted; `str()` is the reason kept on the outbox row."""


class TemporaryFailure(DeliveryError):
    """This message failed but may go through later (busy server, timeout, 4xx, 429, 5xx)."""


class PermanentFailure(DeliveryError):
    """This message can never go through as it is (refused address, text too long)."""


class TransportDown(DeliveryError):
    """The server cannot be reached at all: the rest of the batch is retried later too."""
