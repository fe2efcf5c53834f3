/** A load that failed: what could not be loaded, Jira's or the app's reason, and a retry. */
import Button from '@atlaskit/button/new';
import { Notice } from '../shared/ui';

export function LoadFailed({ what, error, retry, testId }: { what: string; error: string; retry: () => void; testId?: string }) {
  return (
    <Notice kind="error" title={`${what} could not be loaded`}>
      {error}{' '}
      <Button onClick={retry} {...(testId ? { testId } : {})}>
        Retry
      </Button>
    </Notice>
  );
}
