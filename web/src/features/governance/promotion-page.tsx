import { getPromotion } from '../../api/governance-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { useAsync } from '../../lib/use-async.js';
import { Link } from '../../router.js';
import { PromotionCard } from './promotion-card.js';

export function PromotionPage({ id }: { id: string }) {
  const promotion = useAsync((signal) => getPromotion(id, signal), [id]);
  return (
    <section>
      <div className="crumbs">
        <Link to="/approvals">Approvals</Link> <span>/</span>
      </div>
      <div className="page-head">
        <h1>Promotion request #{id}</h1>
        <Link to={`/audit?resourceType=promotion&resourceId=${encodeURIComponent(id)}`} className="small">
          Audit trail
        </Link>
      </div>
      {promotion.status === 'loading' ? <Spinner label="Loading request…" /> : null}
      {promotion.status === 'error' ? <ErrorBox error={promotion.error} title={`Request ${id} could not be loaded`} /> : null}
      {promotion.status === 'ok' ? <PromotionCard promotion={promotion.data} /> : null}
    </section>
  );
}
