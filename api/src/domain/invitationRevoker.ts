import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import { transact } from '../store/bookWrites.ts';
import { getInvitation, type InvitationRecord, invitationDeletes } from './invitationRecords.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table'>;

/** Withdraws a pending invitation: its link stops working and the address may be invited again. */
export async function revokeInvitation(deps: Deps, invitation: InvitationRecord): Promise<void> {
  // TODO(outbox): emit invitation.revoked here once api/src/events lands.
  const result = await transact(deps, invitationDeletes(deps.table, invitation));
  if (!result.ok) throw new NotFoundError('Invitation');
}

export async function revokeInvitationById(deps: Deps, bookId: string, invitationId: string): Promise<void> {
  const invitation = await getInvitation(deps, bookId, invitationId);
  if (!invitation) throw new NotFoundError('Invitation');
  await revokeInvitation(deps, invitation);
}
