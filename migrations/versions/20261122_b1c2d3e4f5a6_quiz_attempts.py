"""quiz attempts

Revision ID: b1c2d3e4f5a6
Revises: a5184a104db2
Create Date: 2026-11-22 23:40:00.000000
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = 'b1c2d3e4f5a6'
down_revision = 'a5184a104db2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('quiz_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.String(length=20), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('quiz_version', sa.String(length=16), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('pass_mark', sa.Integer(), nullable=False),
    sa.Column('submitted_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_quiz_attempt_cohort_id_cohort'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_quiz_attempt_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_attempt'))
    )
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_attempt_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_attempt_module_id'), ['module_id'], unique=False)
        batch_op.create_index('ix_quiz_attempt_user_module', ['user_id', 'module_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_attempt_user_module')
        batch_op.drop_index(batch_op.f('ix_quiz_attempt_module_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_attempt_cohort_id'))

    op.drop_table('quiz_attempt')
