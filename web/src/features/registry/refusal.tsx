import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/api-error.js';

const codeNames: Record<string, string> = {
  PERMISSION_DENIED: 'Not allowed',
  NOT_FOUND: 'Not found',
  ALREADY_EXISTS: 'Already exists',
  INVALID_ARGUMENT: 'Invalid input',
  INVALID_STATE: 'Not possible now',
  UNAUTHENTICATED: 'Signed out',
};

/** A refused edit as a sentence: what kind of refusal, then the server's own message (which names the rule). */
export function refusalText(error: unknown): string {
  if (error instanceof ApiError) return `${codeNames[error.errorCode] ?? error.errorCode}: ${error.message}`;
  return errorMessage(error);
}

export function Refusal({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  return (
    <span className="inline-error" role="alert">
      {refusalText(error)}
    </span>
  );
}

/**
 * Runs one edit at a time: `busy` while it runs, the refusal kept until the next try. `run` answers
 * whether the edit went through, so a form can close only then.
 */
export function useEdit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (edit: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await edit();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(null) };
}
