import { useDocumentTitle } from '../../components/useDocumentTitle.ts';

/** Filled by the workflow issue; until then it says honestly that there is nothing here. */
export default function DashboardPage() {
  useDocumentTitle('Dashboard');
  return (
    <section aria-labelledby="dashboard-heading">
      <h1 id="dashboard-heading">Dashboard</h1>
      <p className="empty">Nothing awaits approval.</p>
    </section>
  );
}
