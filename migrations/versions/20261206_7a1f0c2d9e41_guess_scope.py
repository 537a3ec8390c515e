"""failed guesses of check-in and join codes share the login failure store

Revision ID: 7a1f0c2d9e41
Revises: 1be066334631
Create Date: 2026-12-06 20:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '7a1f0c2d9e41'
down_revision = '1be066334631'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.String(length=16), server_default='login',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_column('scope')
