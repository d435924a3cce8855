/** The toolbar's Refresh: loads everything the page shows again; busy while the main list reloads data already shown. */
import type { Loaded } from '../api/use-load';
import { ActionButton } from './ActionButton';

export interface RefreshButtonProps {
  /** What Refresh loads again, in this order. */
  readonly loads: readonly Pick<Loaded<unknown>, 'reload'>[];
  /** The load the button shows as busy (not on the first load: the table shows that). */
  readonly shows: Pick<Loaded<unknown>, 'loading' | 'data'>;
}

export function RefreshButton({ loads, shows }: RefreshButtonProps) {
  return (
    <ActionButton
      onClick={() => {
        for (const load of loads) load.reload();
      }}
      busy={shows.loading && shows.data !== undefined}
    >
      Refresh
    </ActionButton>
  );
}
