import { Link } from 'react-router';
import { useDocumentTitle } from '../components/useDocumentTitle.ts';

export default function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <section aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to the start page</Link>.
      </p>
    </section>
  );
}
