import { Link, matchPath, useLocation } from './router.js';
import { ExperimentsPage } from './features/tracking/experiments-page.js';
import { RunsPage } from './features/tracking/runs-page.js';
import { RunPage } from './features/tracking/run-page.js';
import { ComparePage } from './features/tracking/compare-page.js';
import { Empty } from './components/status.js';
import { ModelsPage } from './features/registry/models-page.js';
import { ModelPage } from './features/registry/model-page.js';
import { ApprovalsPage } from './features/governance/approvals-page.js';
import { PromotionPage } from './features/governance/promotion-page.js';
import { AuditPage } from './features/audit/audit-page.js';
import { AdminPage } from './features/admin/admin-page.js';
import { ProjectPage } from './features/admin/project-page.js';
import { LoginPage } from './features/admin/login-page.js';
import { SessionProvider, useSession } from './features/admin/session.js';
import { UserMenu } from './features/admin/user-menu.js';
import { ErrorBox, Spinner } from './components/status.js';
import { DeploymentsPage } from './features/deployments/deployments-page.js';
import { DeploymentPage } from './features/deployments/deployment-page.js';
import { PredictionPage } from './features/deployments/prediction-page.js';
import { MonitoringPage } from './features/monitoring/monitoring-page.js';
import { ReviewPage } from './features/monitoring/review-page.js';

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
  if (pathname === '/deployments') return <DeploymentsPage />;
  if ((params = matchPath('/deployments/:name', pathname))) return <DeploymentPage key={params['name']} name={params['name'] ?? ''} />;
  if ((params = matchPath('/deployments/:name/monitoring', pathname))) return <MonitoringPage key={params['name']} name={params['name'] ?? ''} />;
  if ((params = matchPath('/deployments/:name/review', pathname))) return <ReviewPage key={params['name']} name={params['name'] ?? ''} />;
  if ((params = matchPath('/predictions/:id', pathname))) return <PredictionPage key={params['id']} id={params['id'] ?? ''} />;
  if (pathname === '/approvals') return <ApprovalsPage />;
  if ((params = matchPath('/approvals/:id', pathname))) return <PromotionPage key={params['id']} id={params['id'] ?? ''} />;
  if (pathname === '/audit') return <AuditPage />;
  if (pathname === '/admin') return <AdminPage />;
  if ((params = matchPath('/admin/projects/:project', pathname))) return <ProjectPage key={params['project']} project={params['project'] ?? ''} />;
  return (
    <Empty>
      No page at <code>{pathname}</code>. <Link to="/">Back to experiments</Link>
    </Empty>
  );
}

/** The page, or what stands in for it until someone is signed in. */
function Gate() {
  const { state } = useSession();
  if (state.status === 'loading') return <Spinner label="Checking who is signed in…" />;
  if (state.status === 'signed-out') return <LoginPage />;
  if (state.status === 'error') return <ErrorBox error={state.error} title="Could not reach the Cairn server" />;
  // Keyed by user, so signing in as someone else reloads the page's data with their rights.
  return <Page key={state.me?.user.name ?? ''} />;
}

export function App() {
  return (
    <SessionProvider>
      <Frame />
    </SessionProvider>
  );
}

const sections = [
  ['/', 'Experiments'],
  ['/models', 'Models'],
  ['/deployments', 'Deployments'],
  ['/approvals', 'Approvals'],
  ['/audit', 'Audit'],
  ['/admin', 'Admin'],
] as const;

/** The nav entry a path belongs to: its first segment, with the tracking pages under `/`. */
function sectionOf(pathname: string): string {
  const first = `/${pathname.split('/')[1] ?? ''}`;
  // A prediction page belongs to its deployment.
  if (first === '/predictions') return '/deployments';
  return sections.some(([to]) => to === first) ? first : '/';
}

function Frame() {
  const { pathname } = useLocation();
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
          {sections.map(([to, label]) => (
            <Link key={to} to={to} className={sectionOf(pathname) === to ? 'active' : undefined}>
              {label}
            </Link>
          ))}
        </nav>
        <UserMenu />
      </header>
      <main className="page">
        <Gate />
      </main>
    </>
  );
}
