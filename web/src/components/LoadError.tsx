/** Why something the page needs could not be loaded ("Could not list subscriptions: …"); nothing when it loaded. */
import { InlineAlert } from './InlineAlert';

export function LoadError({ what, error }: { readonly what: string; readonly error: string | undefined }) {
  return error === undefined ? null : <InlineAlert kind="error">{`Could not ${what}: ${error}`}</InlineAlert>;
}
