/** /embed/supply?network=akash[&status=free,rentable][&unit=gpus] or ?model=…(every network): see lib/embed/params.ts. */
import { EmbedPage, embedMetadata, type SearchParams } from '../render-embed';

export const generateMetadata = ({ searchParams }: { searchParams: SearchParams }) => embedMetadata('supply', searchParams);

export default function SupplyEmbedPage({ searchParams }: { searchParams: SearchParams }) {
  return <EmbedPage kind="supply" searchParams={searchParams} />;
}
