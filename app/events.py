"""Signals between features, so that one feature reacts to another without importing it."""

from blinker import Namespace

_signals = Namespace()

# Sent when attendance, exercise work or a quiz changes what a cohort's participants have
# done. Receivers get keyword arguments: db (the request's session), cohort_id, actor_id.
progress_changed = _signals.signal("progress-changed")
