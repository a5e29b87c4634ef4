import { useState } from 'react';

/** Shown once, right after enrolment: the api keeps only hashes, so this is the user's only chance. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="stack">
      <p>
        Save these recovery codes somewhere safe. Each one signs you in once if you lose your device.{' '}
        <strong>They will not be shown again.</strong>
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="button" onClick={copy}>
          Copy codes
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          I have saved them
        </button>
      </div>
      <p role="status">
        {copied === 'copied'
          ? 'Copied to the clipboard.'
          : copied === 'failed'
            ? 'Copy failed: select the codes and copy them by hand.'
            : ''}
      </p>
    </div>
  );
}
