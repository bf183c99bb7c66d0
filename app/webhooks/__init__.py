"""Webhooks: signed messages to registered endpoints, through the outbox (issue 11)."""
