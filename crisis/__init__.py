"""Exceptional mode: scenarios, activation, the communications plan, outbox and CAP alerts."""
