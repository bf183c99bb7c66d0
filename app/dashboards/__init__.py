"""Dashboards: each metric's value for a period, its change and a daily sparkline, from rollups."""
