/**
 * Where a new workflow goes: its name, subscription (an existing one or a new id) and resource group (an existing
 * one or a new name, which creates it), as the blank-workflow and template panes ask for them.
 */
import { useId } from 'react';
import { type Subscription, listResourceGroups } from '../../api/subscriptions';
import { useLoad } from '../../api/use-load';
import { TextField } from '../../components/Field';

export interface Placement {
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
}

export type PlacementErrors = Partial<Record<keyof Placement, string>>;

const NAME = /^[A-Za-z0-9_.()-]{1,80}$/;
const SEGMENT = /^[^/?#\s]{1,90}$/;

/** The checks the server makes on these fields, so most mistakes show before a request. */
export function checkPlacement(placement: Placement, what = 'workflow'): PlacementErrors {
  const errors: PlacementErrors = {};
  if (placement.name.trim() === '') errors.name = `Enter a name for the ${what}.`;
  else if (!NAME.test(placement.name.trim())) errors.name = "Use 1-80 letters, digits, '_', '-', '.', '(' or ')'.";
  if (placement.subscriptionId.trim() === '') errors.subscriptionId = 'Choose a subscription or enter a new subscription id.';
  else if (!SEGMENT.test(placement.subscriptionId.trim())) errors.subscriptionId = "Use up to 90 characters without '/', '?', '#' or spaces.";
  if (placement.resourceGroup.trim() === '') errors.resourceGroup = 'Choose a resource group or enter a new name.';
  else if (!SEGMENT.test(placement.resourceGroup.trim())) errors.resourceGroup = "Use up to 90 characters without '/', '?', '#' or spaces.";
  return errors;
}

interface PlacementFieldsProps {
  readonly value: Placement;
  readonly errors: PlacementErrors;
  readonly subscriptions: readonly Subscription[];
  readonly onChange: (change: Partial<Placement>) => void;
  readonly nameLabel?: string;
  readonly nameHint?: string;
}

export function PlacementFields({ value, errors, subscriptions, onChange, nameLabel = 'Workflow name', nameHint }: PlacementFieldsProps) {
  const subscriptionListId = useId();
  const groupListId = useId();
  const subscriptionId = value.subscriptionId.trim();
  const known = subscriptions.some((subscription) => subscription.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  const groups = useLoad(() => (known ? listResourceGroups(subscriptionId) : Promise.resolve([])), [known, subscriptionId]);
  const subscription = subscriptions.find((item) => item.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  return (
    <>
      <TextField label={nameLabel} value={value.name} onChange={(name) => onChange({ name })} error={errors.name} hint={nameHint} required autoComplete="off" />
      <TextField
        label="Subscription"
        value={value.subscriptionId}
        onChange={(id) => onChange({ subscriptionId: id })}
        error={errors.subscriptionId}
        list={subscriptionListId}
        autoComplete="off"
        hint={
          subscription !== undefined
            ? subscription.displayName === subscription.subscriptionId
              ? 'An existing subscription.'
              : subscription.displayName
            : subscriptionId === ''
              ? 'Choose one, or enter a new subscription id.'
              : 'A new subscription: it is created with the workflow.'
        }
        required
      />
      <datalist id={subscriptionListId}>
        {subscriptions.map((item) => (
          <option key={item.id} value={item.subscriptionId}>
            {item.displayName}
          </option>
        ))}
      </datalist>
      <TextField
        label="Resource group"
        value={value.resourceGroup}
        onChange={(resourceGroup) => onChange({ resourceGroup })}
        error={errors.resourceGroup}
        list={groupListId}
        autoComplete="off"
        hint="An existing group, or a new name, which creates the group."
        required
      />
      <datalist id={groupListId}>
        {(groups.data ?? []).map((group) => (
          <option key={group.id} value={group.name} />
        ))}
      </datalist>
    </>
  );
}
