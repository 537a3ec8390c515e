"""Live sessions: people added by a form, invitations, reminders, the projector view."""
