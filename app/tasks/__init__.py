"""Tasks: who does what by when, with a checklist (issue 10)."""
