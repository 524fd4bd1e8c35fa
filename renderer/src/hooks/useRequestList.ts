// request.list for any view that shows requests (the Requests list, the Install wizard's "a completed request").
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RequestInfo } from '../../../shared/contract/requests';
import type { ErrorInfo } from '../../../shared/errors';
import { toUiError } from '../lib/errors';
import { REQUESTS_CHANGED } from '../lib/requestEvents';

/** request.list, reloaded on REQUESTS_CHANGED and whenever the view becomes the shown one (`active`). */
export function useRequestList(active = true) {
  const [requests, setRequests] = useState<RequestInfo[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const run = useRef(0);
  const reload = useCallback(async () => {
    const id = ++run.current;
    try {
      const result = await window.certdesk['request.list']({});
      if (id !== run.current) return;
      setRequests(result.requests);
      setError(null);
    } catch (raw) {
      if (id !== run.current) return;
      setError(toUiError(raw));
    }
  }, []);
  useEffect(() => {
    if (active) void reload();
  }, [active, reload]);
  useEffect(() => {
    const onChange = () => void reload();
    window.addEventListener(REQUESTS_CHANGED, onChange);
    return () => window.removeEventListener(REQUESTS_CHANGED, onChange);
  }, [reload]);
  return { requests, error, reload };
}
