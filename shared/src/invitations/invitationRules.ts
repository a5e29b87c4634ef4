/**
 * Who may accept an invitation, as a pure rule (the api applies it inside the accepting transaction's
 * preparation; the client uses it to explain a refusal before asking).
 */
export interface InvitationFacts {
  /** The address the invitation was mailed to. */
  email: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface AcceptorFacts {
  email: string;
  emailVerified: boolean;
  /** Whether they already are a member of the book. */
  isMember: boolean;
}

export type AcceptanceVerdict =
  | {
      ok: true /** The account's address was unverified: the mailed token proves it now. */;
      verifiesEmail: boolean;
    }
  | { ok: false; reason: 'expired' | 'email_mismatch' | 'already_member' };

/** Addresses compare without case or surrounding spaces: `Ana@Example.test` is `ana@example.test`. */
export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * An invitation is accepted by the account whose email it was sent to, before it expires, once. An
 * unverified account with that address may accept too: the token reached that mailbox, which is the
 * same proof the verify-email link gives, so accepting verifies the address.
 */
export function acceptanceVerdict(
  invitation: InvitationFacts,
  acceptor: AcceptorFacts,
  now: number,
): AcceptanceVerdict {
  if (now >= invitation.expiresAt) return { ok: false, reason: 'expired' };
  if (!sameEmail(invitation.email, acceptor.email)) return { ok: false, reason: 'email_mismatch' };
  if (acceptor.isMember) return { ok: false, reason: 'already_member' };
  return { ok: true, verifiesEmail: !acceptor.emailVerified };
}
