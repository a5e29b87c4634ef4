import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import { transact } from '../store/bookWrites.ts';
import { getInvitation, type InvitationRecord, invitationDeletes } from './invitationRecords.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now'>;

/**
 * Withdraws a pending invitation: its link stops working and the address may be invited again.
 * `actorId` null: the system took it back (its mail could not be sent).
 */
export async function revokeInvitation(
  deps: Deps,
  invitation: InvitationRecord,
  actorId: string | null,
): Promise<void> {
  const result = await transact(deps, [
    ...invitationDeletes(deps.table, invitation),
    outboxItem(deps, {
      type: 'invitation.revoked',
      at: new Date(deps.now()).toISOString(),
      actorId: actorId ?? undefined,
      bookId: invitation.bookId,
      subject: { invitationId: invitation.id },
    }),
  ]);
  if (!result.ok) throw new NotFoundError('Invitation');
}

export async function revokeInvitationById(
  deps: Deps,
  actorId: string,
  bookId: string,
  invitationId: string,
): Promise<void> {
  const invitation = await getInvitation(deps, bookId, invitationId);
  if (!invitation) throw new NotFoundError('Invitation');
  await revokeInvitation(deps, invitation, actorId);
}
