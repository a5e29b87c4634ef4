/**
 * Workflow states as people say them. Shared because the api names automatic versions after them
 * ("Draft → Submitted") and the client shows the same words on badges and filters.
 */
const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  in_review: 'In review',
  changes_requested: 'Changes requested',
  ready_for_publication: 'Ready for publication',
  approved: 'Approved',
  published: 'Published',
};

/** A workflow state as people say it; an unknown state (newer api) is shown readably rather than hidden. */
export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status.replace(/_/g, ' ');
}
