/**
 * `@name` mentions in comment bodies. Display names may contain spaces ("@Ada Lovelace"), so a
 * mention is the longest member name that follows an `@` (case-insensitive) and ends at a word
 * boundary; a first name alone ("@Ada") counts when exactly one member has it, because that is how
 * people type. Mentions are resolved when a comment is written and stored as user ids with the name
 * as it was, so a later rename or membership change does not change who was mentioned.
 */

export interface CommentMember {
  id: string;
  name: string;
}

const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

export function parseMentions(body: string, members: readonly CommentMember[]): CommentMember[] {
  const candidates = mentionCandidates(members);
  const found = new Map<string, CommentMember>();
  for (let at = body.indexOf('@'); at !== -1; at = body.indexOf('@', at + 1)) {
    // "ada@example.com" is an address, not a mention.
    if (at > 0 && WORD_CHARACTER.test(body[at - 1]!)) continue;
    const rest = body.slice(at + 1).toLowerCase();
    const match = candidates.find(
      ({ key }) => rest.startsWith(key) && !WORD_CHARACTER.test(rest.charAt(key.length)),
    );
    if (match && !found.has(match.member.id)) found.set(match.member.id, match.member);
  }
  return [...found.values()];
}

/** Full names and unambiguous first names, longest first so "@Ada Lovelace" beats "@Ada". */
function mentionCandidates(members: readonly CommentMember[]): Array<{ key: string; member: CommentMember }> {
  const candidates: Array<{ key: string; member: CommentMember }> = [];
  const firstNames = new Map<string, CommentMember[]>();
  for (const member of members) {
    const key = member.name.trim().toLowerCase();
    if (!key) continue;
    candidates.push({ key, member });
    const first = key.split(/\s+/)[0]!;
    if (first !== key) firstNames.set(first, [...(firstNames.get(first) ?? []), member]);
  }
  for (const [first, owners] of firstNames) {
    const takenByFullName = candidates.some(({ key }) => key === first);
    if (owners.length === 1 && !takenByFullName) candidates.push({ key: first, member: owners[0]! });
  }
  return candidates.sort((a, b) => b.key.length - a.key.length);
}
