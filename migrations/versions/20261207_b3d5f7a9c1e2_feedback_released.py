"""Session feedback: answers are shown in batches of FEEDBACK_MIN_RESPONSES (`released`), so
that comparing two views of the results never isolates one answer. Answers given before this
were already shown, so they count as released.

Revision ID: b3d5f7a9c1e2
Revises: a8c4e6f2b013
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "b3d5f7a9c1e2"
down_revision = "a8c4e6f2b013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("session_feedback") as batch_op:
        batch_op.add_column(sa.Column("released", sa.Boolean(), nullable=False, server_default=sa.false()))
    answers = sa.table("session_feedback", sa.column("released", sa.Boolean))
    op.get_bind().execute(answers.update().values(released=True))


def downgrade():
    with op.batch_alter_table("session_feedback") as batch_op:
        batch_op.drop_column("released")
