import { Link } from 'react-router';
import { type CheckerSummary, countsText, type Finding, type FindingPlace } from './exportFindings.ts';

/** One checker's verdict, its headline counts and every finding it reported, each placed in the book. */
export function CheckerReport({
  id,
  title,
  summary,
}: {
  id: string;
  title: string;
  summary: CheckerSummary;
}) {
  return (
    <section aria-labelledby={id} className="export-checker">
      <h3 id={id}>
        {title} <span className="muted">{summary.version}</span>
      </h3>
      <p>
        <span className={summary.passed ? 'badge badge-ok' : 'badge export-badge-failed'}>
          {summary.passed ? 'Passed' : 'Failed'}
        </span>{' '}
        {countsText(summary.counts)}
      </p>
      {summary.findings.length ? (
        <FindingList label={`${title} findings`} findings={summary.findings} />
      ) : null}
      {summary.truncated ? <p className="field-hint">Only the first 100 are listed here.</p> : null}
    </section>
  );
}

export function FindingList({ label, findings }: { label: string; findings: Finding[] }) {
  return (
    <ul className="problem-list export-findings" aria-label={label}>
      {findings.map((finding, index) => (
        // Findings have no identity beyond their place in the report, which never changes.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <li key={index}>
          {finding.label ? <span className="export-finding-label">{finding.label}</span> : null}{' '}
          {finding.text} <Place place={finding.place} />
        </li>
      ))}
    </ul>
  );
}

function Place({ place }: { place: FindingPlace }) {
  if (place.kind === 'chapter') {
    return (
      <>
        <Link to={place.href}>Open “{place.title}”</Link>
        {place.detail ? <span className="muted"> ({place.detail})</span> : null}
      </>
    );
  }
  if (place.kind === 'removedChapter') {
    return (
      <span className="muted">(in a chapter since removed{place.detail ? `, ${place.detail}` : ''})</span>
    );
  }
  if (place.kind === 'file') return <span className="muted">({place.detail})</span>;
  return <span className="muted">(the whole book)</span>;
}
