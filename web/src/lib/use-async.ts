import { useEffect, useState, type DependencyList } from 'react';

export type AsyncState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'error'; data?: undefined; error: unknown }
  | { status: 'ok'; data: T; error?: undefined };

/**
 * Runs `load` whenever `deps` change, aborting the previous call so a slow old answer
 * can never overwrite a newer one.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ok', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
    // The caller owns the dependency list, as with useEffect.
  }, deps);
  return state;
}

/** The data of the last successful load, kept while a reload runs, so a refresh does not blank the page. */
export function useLatestData<T>(state: AsyncState<T>): T | undefined {
  const [latest, setLatest] = useState<T | undefined>(undefined);
  useEffect(() => {
    if (state.status === 'ok') setLatest(state.data);
  }, [state]);
  return state.status === 'ok' ? state.data : latest;
}
