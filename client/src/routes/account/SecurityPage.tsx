import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { MfaSection } from './MfaSection.tsx';

export default function SecurityPage() {
  useDocumentTitle('Security');
  return (
    <section aria-labelledby="security-heading" className="stack-lg">
      <h1 id="security-heading">Security</h1>
      <MfaSection />
      <ChangePasswordForm />
    </section>
  );
}
