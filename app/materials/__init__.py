"""The materials of a cohort in one download, and printable worksheets.

Stands on the floor of orientation and pathway: it bundles decks (decks) and worksheets
(exercises), which stand side by side one floor below.
"""
