/** /embed/prices?model=h100-sxm-80gb[&network=akash][&price=median|min]: see lib/embed/params.ts. */
import { EmbedPage, embedMetadata, type SearchParams } from '../render-embed';

export const generateMetadata = ({ searchParams }: { searchParams: SearchParams }) => embedMetadata('prices', searchParams);

export default function PricesEmbedPage({ searchParams }: { searchParams: SearchParams }) {
  return <EmbedPage kind="prices" searchParams={searchParams} />;
}
