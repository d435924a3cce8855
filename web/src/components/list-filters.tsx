/**
 * The filters above a list: selects (one for the subscription), a search box and the live count of what is shown.
 * Each takes the id of its control, so a page keeps its own `useId` prefix.
 */
import { type Subscription, subscriptionLabel } from '../api/subscriptions';

export interface FilterOption {
  readonly value: string;
  readonly label: string;
}

/** A select that narrows the list; `all` labels the first option (value `''`), which shows everything. */
export function SelectFilter({
  id,
  label,
  value,
  all,
  options,
  narrow = false,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly all?: string;
  readonly options: readonly FilterOption[];
  readonly narrow?: boolean;
  readonly onChange: (value: string) => void;
}) {
  return (
    <div className={narrow ? 'filter filter-narrow' : 'filter'}>
      <label className="filter-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="input" value={value} onChange={(event) => onChange(event.target.value)}>
        {all === undefined ? null : <option value="">{all}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The subscription to show, or `''` for all of them. */
export function SubscriptionFilter({
  id,
  value,
  subscriptions,
  onChange,
}: {
  readonly id: string;
  readonly value: string;
  readonly subscriptions: readonly Subscription[] | undefined;
  readonly onChange: (subscriptionId: string) => void;
}) {
  const options = (subscriptions ?? []).map((subscription) => ({ value: subscription.subscriptionId, label: subscriptionLabel(subscription) }));
  return <SelectFilter id={id} label="Subscription" value={value} all="All subscriptions" options={options} onChange={onChange} />;
}

/** A search box that filters the list as the user types. */
export function SearchFilter({
  id,
  label,
  placeholder,
  value,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  readonly placeholder: string;
  readonly value: string;
  readonly onChange: (text: string) => void;
}) {
  return (
    <div className="filter">
      <label className="filter-label" htmlFor={id}>
        {label}
      </label>
      <input id={id} className="input" type="search" value={value} placeholder={placeholder} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

/** The live count beside the filters: "3 workflows", or with a detail "3 workflows · 2 enabled". */
export function CountSummary({ count, noun, plural = `${noun}s`, detail }: { readonly count: number; readonly noun: string; readonly plural?: string; readonly detail?: string }) {
  return (
    <span className="filter-summary" role="status">
      {`${count} ${count === 1 ? noun : plural}${detail === undefined ? '' : ` · ${detail}`}`}
    </span>
  );
}
