import type { ValidationProblem, ValidationReport } from '@galley/shared/api/validation';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ApiError } from '../../api/apiError.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert } from '../../components/forms.tsx';
import { chapterPlaceHref } from '../../editor/chapterPlace.ts';

/**
 * "Check book": one validation run, its problems grouped by severity, each a link to where it is — the
 * chapter at the offending position (the editor selects `?at=`), or the details form for a field.
 */
export function ValidationPanel({ bookId }: { bookId: string }) {
  const { api } = useSession();
  const [report, setReport] = useState<ValidationReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);

  const check = () => {
    setPending(true);
    setError(null);
    api.books
      .validate(bookId)
      .then(setReport, setError)
      .finally(() => setPending(false));
  };

  return (
    <section aria-labelledby="check-heading" className="validation">
      <h2 id="check-heading">Check the book</h2>
      <p>
        Finds what would stop the book from being published: empty chapters, images without alternative text,
        broken links, missing details.
      </p>
      <button
        type="button"
        className="button"
        onClick={check}
        disabled={pending}
        aria-busy={pending || undefined}
      >
        {pending ? 'Checking…' : report ? 'Check again' : 'Check book'}
      </button>
      <ErrorAlert error={error} />
      {report ? <ReportView bookId={bookId} report={report} /> : null}
    </section>
  );
}

function ReportView({ bookId, report }: { bookId: string; report: ValidationReport }) {
  if (report.problems.length === 0) {
    return (
      <p role="status" className="validation-ok">
        No problems found.
      </p>
    );
  }
  const errors = report.problems.filter((problem) => problem.severity === 'error');
  const warnings = report.problems.filter((problem) => problem.severity === 'warning');
  return (
    <div role="status">
      <p>
        {count(report.errors, 'error')} and {count(report.warnings, 'warning')}.
      </p>
      {errors.length ? <ProblemList title="Errors" bookId={bookId} problems={errors} /> : null}
      {warnings.length ? <ProblemList title="Warnings" bookId={bookId} problems={warnings} /> : null}
    </div>
  );
}

function ProblemList({
  title,
  bookId,
  problems,
}: {
  title: string;
  bookId: string;
  problems: ValidationProblem[];
}) {
  return (
    <>
      <h3>{title}</h3>
      <ul className="problem-list">
        {problems.map((problem, index) => (
          // Problems have no identity beyond their place in this report.
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole on every run
          <li key={index}>
            {problem.message} <Where bookId={bookId} problem={problem} />
          </li>
        ))}
      </ul>
    </>
  );
}

function Where({ bookId, problem }: { bookId: string; problem: ValidationProblem }) {
  const { where } = problem;
  if (where.kind === 'chapter') {
    return (
      <Link to={chapterPlaceHref(bookId, where.chapterId, where.position)}>Open “{where.chapterTitle}”</Link>
    );
  }
  if (where.kind === 'metadata') return <a href="#details-heading">Edit details</a>;
  return null;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
