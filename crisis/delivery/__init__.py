"""Delivery of outbox rows: email over SMTP, SMS through an HTTP gateway, web notice and CAP.

`batch.send_batch` claims rows, hands each to its channel's transport and records the outcome;
the transports (`email`, `sms_gateway`, `web_notice`, `cap`) raise the errors of `errors`.
"""
