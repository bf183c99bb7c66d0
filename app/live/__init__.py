"""Live events: activities fanned out to Server-Sent Event streams (issue 11)."""
