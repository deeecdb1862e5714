"""Outbox indexes for the fan-out: partial indexes on queued and claimed rows, and by recipient

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 18:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

QUEUED = sa.text("status = 'queued'")
SENDING = sa.text("status = 'sending'")


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_due')
        batch_op.create_index('ix_outbox_message_queued', ['due_at'], unique=False,
                              postgresql_where=QUEUED, sqlite_where=QUEUED)
        batch_op.create_index('ix_outbox_message_claimed', ['claimed_at'], unique=False,
                              postgresql_where=SENDING, sqlite_where=SENDING)
        batch_op.create_index('ix_outbox_message_recipient', ['recipient_kind', 'recipient_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_recipient')
        batch_op.drop_index('ix_outbox_message_claimed')
        batch_op.drop_index('ix_outbox_message_queued')
        batch_op.create_index('ix_outbox_message_due', ['status', 'due_at'], unique=False)
