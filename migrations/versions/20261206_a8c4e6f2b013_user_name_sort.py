"""Users: a stored Ukrainian sort key of the name, for paginated lists.

Revision ID: a8c4e6f2b013
Revises: 6d1e3f5a7b92
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from app.text import uk_sort_bytes

revision = "a8c4e6f2b013"
down_revision = "6d1e3f5a7b92"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(sa.Column("name_sort", sa.LargeBinary(), nullable=True))
    users = sa.table("user_account", sa.column("id", sa.Integer), sa.column("name", sa.String),
                     sa.column("name_sort", sa.LargeBinary))
    bind = op.get_bind()
    for user_id, name in bind.execute(sa.select(users.c.id, users.c.name)).all():
        bind.execute(users.update().where(users.c.id == user_id)
                     .values(name_sort=uk_sort_bytes(name)))
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.alter_column("name_sort", existing_type=sa.LargeBinary(), nullable=False)
        batch_op.create_index("ix_user_account_name_sort", ["name_sort"], unique=False)


def downgrade():
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_index("ix_user_account_name_sort")
        batch_op.drop_column("name_sort")
