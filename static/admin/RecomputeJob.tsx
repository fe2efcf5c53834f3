/** The recompute of open issues: start one, and follow the running one (polled every second until it is done). */
import Button from '@atlaskit/button/new';
import ProgressBar from '@atlaskit/progress-bar';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState } from 'react';
import type { AnswerOf } from '../../src/contract';
import { resolvers } from '../shared/bridge';
import { LiveRegion } from '../shared/ui';

const call = resolvers('admin');
export type JobView = AnswerOf<'admin', 'getJob'>;

/** The latest job, read at once and every second while it runs. */
export function useRecomputeJob() {
  const [job, setJob] = useState<JobView>(null);
  const refresh = useCallback(async () => {
    const answer = await call('getJob');
    if (answer.ok) setJob(answer.value);
  }, []);
  useEffect(() => void refresh(), [refresh]);
  useEffect(() => {
    if (!job || job.status === 'done') return;
    const timer = setInterval(() => void refresh(), 1000);
    return () => clearInterval(timer);
  }, [job?.status, refresh]);
  return [job, setJob] as const;
}

function progressText(job: NonNullable<JobView>): string {
  if (job.status === 'queued') return 'Recompute queued: counting the issues';
  return `${job.status === 'running' ? 'Recomputing' : 'Last recompute'}: ${job.done + job.failed} of ${job.total} issues${job.failed ? `, ${job.failed} failed` : ''}${job.status === 'done' ? ' · done' : ''}`;
}

export function RecomputeJob({ job, onStart }: { job: JobView; onStart: () => void }) {
  const progress = job && job.total ? (job.done + job.failed) / job.total : job?.status === 'done' ? 1 : 0;
  return (
    <>
      <section aria-label="Recompute open issues" style={{ display: 'grid', gap: token('space.075') }}>
        <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'center', flexWrap: 'wrap' }}>
          <Button onClick={onStart} isDisabled={!!job && job.status !== 'done'}>
            Recompute open issues
          </Button>
          <span data-testid="job-progress" style={{ color: token('color.text.subtle') }}>
            {job ? progressText(job) : 'No recompute yet'}
          </span>
        </div>
        {job ? <ProgressBar value={progress} ariaLabel={`Recompute progress: ${job.done + job.failed} of ${job.total}`} /> : null}
      </section>
      <LiveRegion message={job?.status === 'done' ? `Recompute done: ${job.done} issues` : ''} />
    </>
  );
}
