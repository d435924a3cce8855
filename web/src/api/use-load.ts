/** Loads data for a component: the value, the error message, whether it is loading, and `reload`. */
import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from './client';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly loading: boolean;
  reload(): void;
}

/** `load` runs again when `deps` change or on `reload()`; an answer that arrives after a newer request is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: string | undefined; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  // The caller names the dependencies, as with useEffect.
  const run = useCallback(load, deps);
  useEffect(() => {
    const request = ++latest.current;
    setState((current) => ({ ...current, loading: true }));
    run().then(
      (data) => request === latest.current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => request === latest.current && setState((current) => ({ data: current.data, error: errorMessage(error), loading: false })),
    );
  }, [run, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}
