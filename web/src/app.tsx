import { Link, matchPath, useLocation } from './router.js';
import { ExperimentsPage } from './features/tracking/experiments-page.js';
import { RunsPage } from './features/tracking/runs-page.js';
import { RunPage } from './features/tracking/run-page.js';
import { ComparePage } from './features/tracking/compare-page.js';
import { Empty } from './components/status.js';
import { ModelsPage } from './features/registry/models-page.js';
import { ModelPage } from './features/registry/model-page.js';

function Page() {
  const { pathname, search } = useLocation();
  let params: Record<string, string> | null;
  if (pathname === '/' || pathname === '/experiments') return <ExperimentsPage />;
  if ((params = matchPath('/experiments/:experimentId', pathname))) {
    return <RunsPage key={params['experimentId']} experimentId={params['experimentId'] ?? ''} />;
  }
  if ((params = matchPath('/experiments/:experimentId/runs/:runId', pathname))) {
    return <RunPage key={params['runId']} runId={params['runId'] ?? ''} />;
  }
  if (pathname === '/compare') {
    const runIds = (search.get('runs') ?? '').split(',').filter(Boolean);
    return <ComparePage key={runIds.join(',')} runIds={runIds} />;
  }
  if (pathname === '/models') return <ModelsPage />;
  if ((params = matchPath('/models/:name', pathname))) return <ModelPage key={params['name']} name={params['name'] ?? ''} />;
  return (
    <Empty>
      No page at <code>{pathname}</code>. <Link to="/">Back to experiments</Link>
    </Empty>
  );
}

export function App() {
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          <svg viewBox="0 0 16 16" width="18" height="18" aria-hidden="true">
            <path d="M2 14h12L8 2z" fill="currentColor" />
          </svg>
          Cairn
        </Link>
        <nav>
          <Link to="/">Experiments</Link>
          <Link to="/models">Models</Link>
        </nav>
      </header>
      <main className="page">
        <Page />
      </main>
    </>
  );
}
