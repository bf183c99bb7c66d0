"""Periodic reports (定期汇报): schedules, reports, acknowledgement, escalation (issue 10)."""
