import { useCallback, useEffect, useState } from 'react';

// The screen lives in the fragment (`#/users`): the server only has to serve index.html at `/`,
// and reload and the back button still work.
const read = (): string => window.location.hash.replace(/^#\/?/, '');

export function useHashRoute(): [string, (key: string) => void] {
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((key: string) => {
    window.location.hash = `/${key}`;
  }, []);
  return [route, navigate];
}
