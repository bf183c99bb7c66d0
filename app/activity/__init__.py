"""The activity stream: every change, recorded in its transaction (DEVELOPERS.md)."""
