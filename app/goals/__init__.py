"""Goals and key results: targets on metrics, with progress, pace and a forecast."""
