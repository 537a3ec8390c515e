"""The OGP Local action plan: a hromada's membership record, its strategic vision and
commitments (Annexes 1 and 2 of the handbook), co-creation evidence, checks and exports."""
