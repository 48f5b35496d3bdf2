// Parts of the application that most visitors never open (the editor's pages and form) load on
// first use, so the start page's script stays small.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorAlert, Loading } from './ui';

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>, what: string | null): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function Lazy(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      pending ??= load();
      pending.then(
        (c) => {
          loaded = c;
          setComponent(() => c);
        },
        () => {
          pending = null;
          setFailed(true);
        },
      );
    }, []);
    if (failed) {
      return (
        <ErrorAlert
          failure={{
            status: 0,
            detail: 'Ein Teil der Anwendung konnte nicht geladen werden. Bitte die Verbindung prüfen und die Seite neu laden.',
          }}
        />
      );
    }
    if (!Component) return what ? <Loading what={what} /> : null;
    return <Component {...props} />;
  };
}
