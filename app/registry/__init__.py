"""The hromada registry (core floor): Municipality, its CSV import and look-ups."""
