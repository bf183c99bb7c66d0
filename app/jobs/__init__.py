"""Background jobs and the outbox (DEVELOPERS.md, "Shared machinery")."""
