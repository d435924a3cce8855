/** The error about a form as a whole (not one field), at the top of the form; nothing when there is none. */
import { InlineAlert } from './InlineAlert';

export function FormError({ message }: { readonly message: string | undefined }) {
  return message === undefined ? null : <InlineAlert kind="error">{message}</InlineAlert>;
}
