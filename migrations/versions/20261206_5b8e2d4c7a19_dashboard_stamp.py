"""dashboard stamp: one row raised by every change the AUC dashboard's figures depend on

Revision ID: 5b8e2d4c7a19
Revises: 3c5d7e9f1a20
Create Date: 2026-12-06 21:20:00
"""
import uuid

import sqlalchemy as sa
from alembic import op

revision = '5b8e2d4c7a19'
down_revision = '3c5d7e9f1a20'
branch_labels = None
depends_on = None


def upgrade() -> None:
    stamp = op.create_table(
        'dashboard_stamp',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('generation', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_stamp')),
    )
    op.bulk_insert(stamp, [{'id': 1, 'token': uuid.uuid4().hex, 'generation': 0}])


def downgrade() -> None:
    op.drop_table('dashboard_stamp')
