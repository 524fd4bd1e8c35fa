import { useCallback, useState } from 'react';
import { views } from './views';

export function App() {
  const [current, setCurrent] = useState(views[0].id);
  const hasView = useCallback((id: string) => views.some((v) => v.id === id), []);
  const navigate = useCallback((id: string) => {
    if (views.some((v) => v.id === id)) setCurrent(id);
  }, []);
  return (
    <div className="app">
      <header className="app-bar">
        <span className="app-name" aria-hidden="true">
          <svg className="app-logo" viewBox="0 0 16 16" width="18" height="18" aria-hidden="true">
            <rect x="1.5" y="2.5" width="13" height="10" rx="1" fill="#fff" stroke="currentColor" />
            <path d="M4 5.5h8M4 7.5h5" stroke="currentColor" />
            <circle cx="11.5" cy="11" r="2.5" fill="#d9a400" stroke="#8a6a00" />
          </svg>
          CertDesk
        </span>
        <nav className="app-nav" aria-label="Views">
          <ul>
            {views.map((view) => (
              <li key={view.id}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={view.id === current ? 'page' : undefined}
                  onClick={() => setCurrent(view.id)}
                >
                  {view.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {views.map((view) => {
        const View = view.component;
        // Inactive views stay mounted (hidden) so switching keeps their state.
        return (
          <main key={view.id} className="app-main" hidden={view.id !== current} aria-label={view.label}>
            <View navigate={navigate} hasView={hasView} />
          </main>
        );
      })}
    </div>
  );
}
