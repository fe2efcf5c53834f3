/** Move up, move down and remove (after asking) for an item of an ordered list. */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';

export function Reorder({ label, index, count, onMove, onRemove }: { label: string; index: number; count: number; onMove: (to: number) => void; onRemove: () => void }) {
  return (
    <div style={{ display: 'flex', gap: token('space.100') }}>
      <Button aria-label={`Move ${label} up`} onClick={() => onMove(index - 1)} isDisabled={index === 0}>
        Move up
      </Button>
      <Button aria-label={`Move ${label} down`} onClick={() => onMove(index + 1)} isDisabled={index === count - 1}>
        Move down
      </Button>
      <Button aria-label={`Remove ${label}`} appearance="subtle" onClick={() => window.confirm(`Remove ${label}?`) && onRemove()}>
        Remove
      </Button>
    </div>
  );
}
