import { useDocumentTitle } from '../../components/useDocumentTitle.ts';

/** Filled by the workflow issue; until then it says honestly that there is nothing here. */
export default function AssignmentsPage() {
  useDocumentTitle('Assignments');
  return (
    <section aria-labelledby="assignments-heading">
      <h1 id="assignments-heading">Assignments</h1>
      <p className="empty">No books are assigned to you yet.</p>
    </section>
  );
}
