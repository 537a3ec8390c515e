"""password resets, reminders sent, session pauses

Revision ID: e17a0b1c2d3f
Revises: 7a1f0c2d9e41
Create Date: 2026-12-06 20:40:00
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = 'e17a0b1c2d3f'
down_revision = '7a1f0c2d9e41'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'password_reset',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('email_key', sa.String(length=254), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('used_at', app.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_password_reset_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_password_reset_token_hash')),
    )
    with op.batch_alter_table('password_reset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_reset_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_reset_email_key'), ['email_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_reset_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_reset_created_at'), ['created_at'], unique=False)

    op.create_table(
        'reminder_sent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=40), nullable=False),
        sa.Column('key', sa.String(length=160), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('sent_at', app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_reminder_sent_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_sent')),
        sa.UniqueConstraint('source', 'key', 'user_id', name=op.f('uq_reminder_sent_source')),
    )
    with op.batch_alter_table('reminder_sent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_sent_user_id'), ['user_id'], unique=False)

    op.create_table(
        'session_pause',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=20), nullable=False),
        sa.Column('paused_at', app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('resumed_at', app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('paused_by_id', sa.Integer(), nullable=True),
        sa.Column('shift_minutes', sa.Integer(), nullable=False),
        sa.Column('moved_to_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['session_id'], ['training_session.id'],
                                name=op.f('fk_session_pause_session_id_training_session'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['paused_by_id'], ['user_account.id'],
                                name=op.f('fk_session_pause_paused_by_id_user_account'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['moved_to_id'], ['training_session.id'],
                                name=op.f('fk_session_pause_moved_to_id_training_session'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_session_pause')),
    )
    with op.batch_alter_table('session_pause', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_pause_session_id'), ['session_id'], unique=False)


def downgrade() -> None:
    op.drop_table('session_pause')
    op.drop_table('reminder_sent')
    op.drop_table('password_reset')
