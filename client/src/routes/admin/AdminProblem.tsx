import { Link } from 'react-router';
import type { ApiError } from '../../api/apiError.ts';

/** Admin screens need two-step verification on; say so with the way to turn it on. */
export function AdminProblem({ error, retry }: { error: ApiError; retry(): void }) {
  if (error.code === 'mfa_enrollment_required') {
    return (
      <div className="alert alert-error" role="alert">
        <p>{error.message}</p>
        <p>
          <Link to="/account/security">Turn on two-step verification</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="alert alert-error" role="alert">
      <p>{error.message}</p>
      <button type="button" className="button" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
