"""Recurring work plans: task blueprints on a schedule, materialised as tasks (issue 10)."""
