'use client';

/**
 * Median or cheapest listing on the price chart. Lives in the URL (`price=min`) beside the
 * shared view state, so the choice survives a reload and a shared link.
 */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTransition } from 'react';
import { withPriceChoice, type PriceStatisticChoice } from './search-params';

const LABELS: Record<PriceStatisticChoice, string> = { median: 'median', min: 'cheapest' };

export function PriceStatisticToggle({ value }: { value: PriceStatisticChoice }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const choose = (price: PriceStatisticChoice) => {
    const query = withPriceChoice(new URLSearchParams(searchParams.toString()), price).toString();
    startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  };
  return (
    <div className="controls" style={{ marginTop: 0 }}>
      <div className="control-group" role="group" aria-label="Price statistic" aria-busy={pending}>
        <span className="muted">Price per source:</span>
        {(['median', 'min'] as const).map((price) => (
          <button key={price} type="button" aria-pressed={value === price} onClick={() => choose(price)} data-price={price}>
            {LABELS[price]}
          </button>
        ))}
      </div>
    </div>
  );
}
