"""trainer pathway: ToT cohorts, practice deliveries, observations, certifications,
pre/post tests and anonymous session feedback

Revision ID: d2e3f4a5b6c7
Revises: c1ce1595e756
Create Date: 2026-11-22 23:55:00.000000
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = 'd2e3f4a5b6c7'
down_revision = 'c1ce1595e756'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_tot', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

    op.create_table('practice_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.String(length=10), nullable=False),
    sa.Column('block_index', sa.Integer(), nullable=False),
    sa.Column('block_topic', sa.String(length=300), nullable=False),
    sa.Column('block_minutes', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('reflection', sa.Text(), nullable=False),
    sa.Column('reflection_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_practice_delivery_cohort_id_cohort'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_practice_delivery_recorded_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_practice_delivery_session_id_training_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trainee_id'], ['user_account.id'], name=op.f('fk_practice_delivery_trainee_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_delivery')),
    sa.UniqueConstraint('trainee_id', 'session_id', 'block_index', name=op.f('uq_practice_delivery_trainee_id'))
    )
    with op.batch_alter_table('practice_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_delivery_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_delivery_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_delivery_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('delivery_observation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('observer_id', sa.Integer(), nullable=True),
    sa.Column('rubric_id', sa.String(length=80), nullable=False),
    sa.Column('rubric_version', sa.Integer(), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('comments', sa.JSON(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('criteria_count', sa.Integer(), nullable=False),
    sa.Column('pass_mark', sa.String(length=10), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('observed_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['delivery_id'], ['practice_delivery.id'], name=op.f('fk_delivery_observation_delivery_id_practice_delivery'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['observer_id'], ['user_account.id'], name=op.f('fk_delivery_observation_observer_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_observation')),
    sa.UniqueConstraint('delivery_id', 'observer_id', name=op.f('uq_delivery_observation_delivery_id'))
    )
    with op.batch_alter_table('delivery_observation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_observation_delivery_id'), ['delivery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_observation_observer_id'), ['observer_id'], unique=False)

    op.create_table('trainer_certification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('plan_id', sa.String(length=80), nullable=False),
    sa.Column('rule_version', sa.Integer(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('certified_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('revoked_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_trainer_certification_cohort_id_cohort'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_trainer_certification_recorded_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user_account.id'], name=op.f('fk_trainer_certification_revoked_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_trainer_certification_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainer_certification')),
    sa.UniqueConstraint('code', name=op.f('uq_trainer_certification_code')),
    sa.UniqueConstraint('user_id', name=op.f('uq_trainer_certification_user_id'))
    )
    with op.batch_alter_table('trainer_certification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainer_certification_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('prepost_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=4), nullable=False),
    sa.Column('test_id', sa.String(length=80), nullable=False),
    sa.Column('test_version', sa.String(length=16), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('submitted_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_prepost_attempt_cohort_id_cohort'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_prepost_attempt_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prepost_attempt')),
    sa.UniqueConstraint('cohort_id', 'user_id', 'phase', name=op.f('uq_prepost_attempt_cohort_id'))
    )
    with op.batch_alter_table('prepost_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prepost_attempt_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prepost_attempt_user_id'), ['user_id'], unique=False)

    op.create_table('session_feedback_receipt',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_session_feedback_receipt_session_id_training_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_session_feedback_receipt_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'user_id', name=op.f('pk_session_feedback_receipt'))
    )
    with op.batch_alter_table('session_feedback_receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_feedback_receipt_user_id'), ['user_id'], unique=False)

    op.create_table('session_feedback',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('usefulness', sa.Integer(), nullable=False),
    sa.Column('pace', sa.Integer(), nullable=False),
    sa.Column('trainer', sa.Integer(), nullable=False),
    sa.Column('improve', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_session_feedback_session_id_training_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_feedback'))
    )
    with op.batch_alter_table('session_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_feedback_session_id'), ['session_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('session_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_feedback_session_id'))

    op.drop_table('session_feedback')
    with op.batch_alter_table('session_feedback_receipt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_feedback_receipt_user_id'))

    op.drop_table('session_feedback_receipt')
    with op.batch_alter_table('prepost_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prepost_attempt_user_id'))
        batch_op.drop_index(batch_op.f('ix_prepost_attempt_cohort_id'))

    op.drop_table('prepost_attempt')
    with op.batch_alter_table('trainer_certification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainer_certification_cohort_id'))

    op.drop_table('trainer_certification')
    with op.batch_alter_table('delivery_observation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_observation_observer_id'))
        batch_op.drop_index(batch_op.f('ix_delivery_observation_delivery_id'))

    op.drop_table('delivery_observation')
    with op.batch_alter_table('practice_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_delivery_trainee_id'))
        batch_op.drop_index(batch_op.f('ix_practice_delivery_session_id'))
        batch_op.drop_index(batch_op.f('ix_practice_delivery_cohort_id'))

    op.drop_table('practice_delivery')
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.drop_column('is_tot')
