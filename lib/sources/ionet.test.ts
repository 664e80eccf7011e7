import { describe, expect, it } from 'vitest';
import {
  IONET_SOURCES,
  ionetCloudCaasAvailability,
  ionetCloudVmaasCatalogue,
  ionetDevicesHardware,
  ionetExplorerNetwork,
  ionetFullStakeHistory,
  ionetMarketSnapshot,
} from './ionet';
import { readManifest, readRecording } from './recordings';
import { contextAt, expectChangedShape, expectEmptyBodyRefused, expectEmptyInventory, expectNotJson, history, json, parsed, priceOf, supplyOf } from './test-helpers';
import type { ParsedSnapshot, SourceAdapter, SupplyObservation } from './types';

const context = contextAt('2026-11-16T12:00:00Z');

/** A recording cut off part-way, as a dropped connection leaves it. */
function cutOff(file: string): Uint8Array {
  const bytes = readRecording('ionet', file);
  return bytes.slice(0, Math.floor(bytes.length / 2));
}

function parseRecording(adapter: SourceAdapter, file: string): ParsedSnapshot {
  return parsed(adapter.parse(readRecording('ionet', file), context));
}

describe('ionet-explorer-network', () => {
  it('reads the explorer headline GPU total as claimed and idle_gpu as free', () => {
    const snapshot = parseRecording(ionetExplorerNetwork, 'network.json');
    expect(supplyOf(snapshot, 'all', 'claimed')).toBe(327118);
    expect(supplyOf(snapshot, 'all', 'free')).toBe(324712);
    expect(supplyOf(snapshot, 'all', 'rentable')).toBeUndefined();
    expect(snapshot.prices).toEqual([]);
  });

  it('does not record `total` (GPUs + CPUs) under any unit', () => {
    const snapshot = parseRecording(ionetExplorerNetwork, 'network.json');
    expect(snapshot.supply.some((p) => p.quantity === 368406)).toBe(false);
    expect(snapshot.supply.some((p) => p.unit === 'nodes')).toBe(false);
  });

  it('sends the explorer Referer and Origin', () => {
    expect(ionetExplorerNetwork.request.headers).toMatchObject({
      Referer: 'https://explorer.io.net/',
      Origin: 'https://explorer.io.net',
    });
  });

  it('fails a cut-off payload, an empty body and an empty network', () => {
    const cut = ionetExplorerNetwork.parse(cutOff('network.json'), context);
    expectNotJson(cut);
    expectEmptyBodyRefused(ionetExplorerNetwork, context);
    const empty = ionetExplorerNetwork.parse(json({ total: 0, total_gpu: 0, hired_gpu: 0, idle_gpu: 0, total_cpu: 0, hired_cpu: 0, idle_cpu: 0 }), context);
    expect(empty).toEqual({ ok: false, error: expect.stringContaining('empty network') });
  });

  it('fails a changed shape, naming the field', () => {
    const result = ionetExplorerNetwork.parse(json({ total: 368406, totalGpu: 327118, idle_gpu: '324712' }), context);
    expectChangedShape(result, 'total_gpu', 'idle_gpu');
  });
});

describe('ionet-market-snapshot', () => {
  it('reads per-model listed and idle GPUs, summed into network totals', () => {
    const snapshot = parseRecording(ionetMarketSnapshot, 'market-snapshot.json');
    expect(supplyOf(snapshot, 'all', 'claimed')).toBe(17464);
    expect(supplyOf(snapshot, 'all', 'free')).toBe(15975);
    // Two published names for one card add up: `NVIDIA H100 80GB HBM3` 2184 + `H100 SXM5` 416.
    expect(supplyOf(snapshot, 'h100-sxm-80gb', 'claimed')).toBe(2600);
    expect(supplyOf(snapshot, 'h100-sxm-80gb', 'free')).toBe(2348);
    expect(supplyOf(snapshot, 'rtx-4090', 'claimed')).toBe(6410);
    expect(supplyOf(snapshot, 'a100-pcie-80gb', 'free')).toBe(1040);
    expect(snapshot.unknownModels).toEqual(['unknown:Apple M3 Max']);
    expect(supplyOf(snapshot, 'unknown:Apple M3 Max', 'claimed')).toBe(620);
  });

  it('takes min, p25 and median over the rows of one model, with the listing count', () => {
    const snapshot = parseRecording(ionetMarketSnapshot, 'market-snapshot.json');
    expect(priceOf(snapshot, 'h100-sxm-80gb', 'min')).toMatchObject({ usdPerGpuHour: 2.19, listings: 2 });
    expect(priceOf(snapshot, 'h100-sxm-80gb', 'p25')?.usdPerGpuHour).toBeCloseTo(2.265, 6);
    expect(priceOf(snapshot, 'h100-sxm-80gb', 'median')?.usdPerGpuHour).toBeCloseTo(2.34, 6);
    expect(priceOf(snapshot, 'rtx-4090', 'median')).toMatchObject({ usdPerGpuHour: 0.39, listings: 1 });
    expect(priceOf(snapshot, 'rtx-3090', 'min')?.usdPerGpuHour).toBe(0.23);
  });

  it('gives no price for a fully hired model or a row without a price', () => {
    const snapshot = parseRecording(ionetMarketSnapshot, 'market-snapshot.json');
    // NVIDIA H200: 264 listed, 264 hired, 0 idle: its 2.99 is a quote nobody can take.
    expect(supplyOf(snapshot, 'h200-sxm-141gb', 'claimed')).toBe(264);
    expect(supplyOf(snapshot, 'h200-sxm-141gb', 'free')).toBe(0);
    expect(priceOf(snapshot, 'h200-sxm-141gb', 'min')).toBeUndefined();
    // RTX 3080 Ti: idle but price null.
    expect(supplyOf(snapshot, 'rtx-3080-ti', 'free')).toBe(588);
    expect(priceOf(snapshot, 'rtx-3080-ti', 'min')).toBeUndefined();
  });

  it('unit trap: market-snapshot price is already USD per card-hour, taken as is', () => {
    const snapshot = parseRecording(ionetMarketSnapshot, 'market-snapshot.json');
    // l40s row: price 0.89 with 388 listed and 356 idle; neither count divides it.
    expect(priceOf(snapshot, 'l40s', 'min')?.usdPerGpuHour).toBe(0.89);
    expect(priceOf(snapshot, 'a100-sxm-80gb', 'median')?.usdPerGpuHour).toBe(1.49);
    // baremetal/caas/vmaas product prices beside it are not mixed in.
    expect(priceOf(snapshot, 'a100-sxm-80gb', 'min')?.listings).toBe(1);
  });

  it('unit trap: idle is not rentable (the explorer sources record no rentable GPUs)', () => {
    for (const [adapter, file] of [
      [ionetExplorerNetwork, 'network.json'],
      [ionetMarketSnapshot, 'market-snapshot.json'],
      [ionetDevicesHardware, 'devices-hardware.json'],
    ] as const) {
      const snapshot = parseRecording(adapter, file);
      expect(snapshot.supply.filter((p) => p.status === 'rentable')).toEqual([]);
    }
    const idle = supplyOf(parseRecording(ionetExplorerNetwork, 'network.json'), 'all', 'free') ?? 0;
    const rentable = supplyOf(parseRecording(ionetCloudCaasAvailability, 'caas-max-gpus-per-container.json'), 'all', 'rentable') ?? 0;
    expect(idle).toBe(324712);
    expect(rentable).toBe(312);
    expect(rentable / idle).toBeLessThan(0.001);
  });

  it('fails a cut-off payload', () => {
    const result = ionetMarketSnapshot.parse(readRecording('ionet', 'market-snapshot.malformed.json'), context);
    expectNotJson(result);
  });

  it('fails an empty inventory instead of recording zero GPUs', () => {
    const result = ionetMarketSnapshot.parse(readRecording('ionet', 'market-snapshot.empty.json'), context);
    expectEmptyInventory(result);
  });

  it('fails a changed shape, naming the renamed fields', () => {
    const result = ionetMarketSnapshot.parse(readRecording('ionet', 'market-snapshot.changed-shape.json'), context);
    expectChangedShape(result, 'hardware_name', 'total');
  });
});

describe('ionet-devices-hardware', () => {
  it('reads total_gpu (69,415) as claimed although its own GPU rows add up to 25,965', () => {
    const snapshot = parseRecording(ionetDevicesHardware, 'devices-hardware.json');
    expect(supplyOf(snapshot, 'all', 'claimed')).toBe(69415);
    expect(supplyOf(snapshot, 'all', 'free')).toBe(67986);
    const perModelClaimed = snapshot.supply
      .filter((p) => p.status === 'claimed' && p.gpuModel !== 'all')
      .reduce((sum, p) => sum + p.quantity, 0);
    expect(perModelClaimed).toBe(25965);
  });

  it('reads per-model GPU rows and leaves CPU rows out', () => {
    const snapshot = parseRecording(ionetDevicesHardware, 'devices-hardware.json');
    expect(supplyOf(snapshot, 'h100-sxm-80gb', 'claimed')).toBe(3112);
    expect(supplyOf(snapshot, 'h100-sxm-80gb', 'free')).toBe(2871);
    expect(supplyOf(snapshot, 'a100-pcie-80gb', 'claimed')).toBe(1518);
    expect(supplyOf(snapshot, 'rtx-4090', 'free')).toBe(9362);
    expect(snapshot.unknownModels).toEqual(['unknown:Apple M2 Ultra']);
    expect(snapshot.supply.some((p) => p.gpuModel.includes('EPYC') || p.gpuModel.includes('Xeon'))).toBe(false);
  });

  it('fails a cut-off payload and an empty inventory', () => {
    expectNotJson(ionetDevicesHardware.parse(cutOff('devices-hardware.json'), context));
    const empty = { status: 'succeeded', data: { hardware: [], total_gpu: 0, total_cpu: 0, total_gpu_hired: 0, total_gpu_idle: 0, total_cpu_hired: 0, total_cpu_idle: 0 } };
    expectEmptyInventory(ionetDevicesHardware.parse(json(empty), context));
  });

  it('fails a changed shape, naming the field', () => {
    const changed = { status: 'succeeded', data: { hardware: [{ name: 'L40S', type: 'GPU', count: 602, hired: 32, idle: 570 }], gpu_total: 69415, total_gpu_idle: 67986 } };
    const result = ionetDevicesHardware.parse(json(changed), context);
    expectChangedShape(result, 'data.hardware.0.total', 'data.total_gpu');
  });
});

describe('ionet-cloud-caas-availability', () => {
  it('reads what IO Cloud will place a container on now as rentable', () => {
    const snapshot = parseRecording(ionetCloudCaasAvailability, 'caas-max-gpus-per-container.json');
    expect(supplyOf(snapshot, 'all', 'rentable')).toBe(312);
    expect(supplyOf(snapshot, 'h100-sxm-80gb', 'rentable')).toBe(64);
    expect(supplyOf(snapshot, 'rtx-4090', 'rentable')).toBe(112);
    expect(supplyOf(snapshot, 'a100-pcie-80gb', 'rentable')).toBe(24);
    // H200 is listed with nothing free: a real zero.
    expect(supplyOf(snapshot, 'h200-sxm-141gb', 'rentable')).toBe(0);
    expect(snapshot.supply.some((p) => p.status !== 'rentable')).toBe(false);
    expect(snapshot.prices).toEqual([]);
    expect(snapshot.unknownModels).toEqual([]);
  });

  it('needs IONET_API_KEY in x-api-key', () => {
    expect(ionetCloudCaasAvailability.apiKey).toEqual({ variable: 'IONET_API_KEY', header: 'x-api-key', required: true });
    expect(ionetCloudCaasAvailability.request.path).toBe('/enterprise/v1/io-cloud/caas/hardware/max-gpus-per-container');
  });

  it('fails a cut-off payload, an empty hardware list and a changed shape', () => {
    expectNotJson(ionetCloudCaasAvailability.parse(cutOff('caas-max-gpus-per-container.json'), context));
    expectEmptyInventory(ionetCloudCaasAvailability.parse(json({ data: { hardware: [], total: 0 } }), context));
    const changed = { data: { hardware: [{ max_gpus_per_container: 8, available_gpus: 64, hardware_id: 203, hardware_name: 'H100 80GB HBM3', brand_name: 'NVIDIA' }], total: 1 } };
    const result = ionetCloudCaasAvailability.parse(json(changed), context);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('data.hardware.0.available') });
  });
});

describe('ionet-cloud-vmaas-catalogue', () => {
  it('skips a configuration row it cannot read and counts it, keeping the other rows', () => {
    const recorded: unknown = JSON.parse(new TextDecoder().decode(readRecording('ionet', 'vmaas-hardware.json')));
    const rows = (recorded as { data: { hardware: Record<string, unknown>[] } }).data.hardware;
    const broken = { ...rows[0], id: 'broken__US', price: { amount: '27.87' } };
    const snapshot = parsed(ionetCloudVmaasCatalogue.parse(json({ data: { hardware: [...rows, broken] } }), context));
    expect(supplyOf(snapshot, 'all', 'rentable')).toBe(63);
    expect(snapshot.rejected).toEqual([{ kind: 'record', reason: 'VM configuration record with an invalid price', count: 1 }]);
  });

  it('counts one VM per orderable hardware pool as rentable GPUs', () => {
    const snapshot = parseRecording(ionetCloudVmaasCatalogue, 'vmaas-hardware.json');
    // H100 8 (FI) + 8 (US) + 1 (US, another deploy_id), 4090 2, A100 8, L40S 4, H200 8, MI300X 8, RTX PRO 6000 8, B200 8.
    expect(supplyOf(snapshot, 'all', 'rentable')).toBe(63);
    expect(supplyOf(snapshot, 'h100-sxm-80gb', 'rentable')).toBe(17);
    // deploy_id 12 in US is sold as 2 cards and as 1 card: the same machines, counted once at the larger size.
    expect(supplyOf(snapshot, 'rtx-4090', 'rentable')).toBe(2);
    expect(supplyOf(snapshot, 'rtx-pro-6000', 'rentable')).toBe(8);
    expect(supplyOf(snapshot, 'mi300x', 'rentable')).toBe(8);
    expect(snapshot.unknownModels).toEqual([]);
  });

  it('unit trap: vmaas price is USD per configuration-hour, divided by num_cards', () => {
    const snapshot = parseRecording(ionetCloudVmaasCatalogue, 'vmaas-hardware.json');
    // 8× H100 FI at 27.875342465753423 USD/h → 3.484418 per GPU; 8× US 23.92 → 2.99; 1× US 3.19.
    expect(priceOf(snapshot, 'h100-sxm-80gb', 'min')).toMatchObject({ usdPerGpuHour: 2.99, listings: 3 });
    expect(priceOf(snapshot, 'h100-sxm-80gb', 'p25')?.usdPerGpuHour).toBeCloseTo(3.09, 6);
    expect(priceOf(snapshot, 'h100-sxm-80gb', 'median')?.usdPerGpuHour).toBeCloseTo(3.19, 6);
    // 2× RTX 4090 at 0.6 and 1× at 0.3: both 0.30 per GPU.
    expect(priceOf(snapshot, 'rtx-4090', 'median')).toMatchObject({ usdPerGpuHour: 0.3, listings: 2 });
    expect(priceOf(snapshot, 'h200-sxm-141gb', 'min')?.usdPerGpuHour).toBeCloseTo(3.99, 6);
    expect(priceOf(snapshot, 'a100-sxm-80gb', 'min')?.usdPerGpuHour).toBeCloseTo(1.59, 6);
    expect(priceOf(snapshot, 'l40s', 'min')?.usdPerGpuHour).toBeCloseTo(0.89, 6);
  });

  it('skips sold-out, unpriced and CPU-only rows', () => {
    const snapshot = parseRecording(ionetCloudVmaasCatalogue, 'vmaas-hardware.json');
    // 8× B300 is sold out: seen, 0 rentable, no price.
    expect(supplyOf(snapshot, 'b300', 'rentable')).toBe(0);
    expect(priceOf(snapshot, 'b300', 'min')).toBeUndefined();
    // 1× L40S at price 0 adds neither GPUs nor a price.
    expect(supplyOf(snapshot, 'l40s', 'rentable')).toBe(4);
    expect(priceOf(snapshot, 'l40s', 'min')?.listings).toBe(1);
    // 1CPU (num_cards 0, no name) is not a GPU model.
    expect(snapshot.supply.some((p) => p.gpuModel.startsWith('unknown:'))).toBe(false);
  });

  it('names B200 at vram_per_card 192 (as io.net publishes it) as the one B200 card', () => {
    const snapshot = parseRecording(ionetCloudVmaasCatalogue, 'vmaas-hardware.json');
    expect(supplyOf(snapshot, 'b200', 'rentable')).toBe(8);
    expect(priceOf(snapshot, 'b200', 'min')?.usdPerGpuHour).toBeCloseTo(4.99, 6);
  });

  it('works without a key (the key only raises limits)', () => {
    expect(ionetCloudVmaasCatalogue.apiKey).toEqual({ variable: 'IONET_API_KEY', header: 'x-api-key', required: false });
  });

  it('fails a cut-off payload and an empty catalogue', () => {
    const cut = ionetCloudVmaasCatalogue.parse(readRecording('ionet', 'vmaas-hardware.malformed.json'), context);
    expectNotJson(cut);
    expectEmptyInventory(ionetCloudVmaasCatalogue.parse(json({ data: { hardware: [] } }), context));
  });

  it('fails a changed shape, naming the fields', () => {
    const result = ionetCloudVmaasCatalogue.parse(readRecording('ionet', 'vmaas-hardware.changed-shape.json'), context);
    expectChangedShape(result, 'data.hardware.0.num_cards', 'data.hardware.0.price');
  });
});

describe('ionet-full-stake-history', () => {
  it('yields one dated snapshot per report_date, fully staked GPUs as claimed', () => {
    const days = history(ionetFullStakeHistory.parseHistory(readRecording('ionet', 'daily-full-stake-device-count.json'), context));
    expect(days.map((d) => d.observedAt.toISOString().slice(0, 10))).toEqual([
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
    ]);
    const [first] = days;
    const last = days.at(-1);
    if (!first || !last) throw new Error('expected days');
    expect(first.observedAt.toISOString()).toBe('2026-11-17T00:00:00.000Z');
    expect(supplyOf(first.snapshot, 'all', 'claimed')).toBe(8256);
    expect(supplyOf(first.snapshot, 'h100-sxm-80gb', 'claimed')).toBe(1912);
    expect(supplyOf(first.snapshot, 'a100-pcie-80gb', 'claimed')).toBe(612);
    expect(supplyOf(last.snapshot, 'h100-sxm-80gb', 'claimed')).toBe(1960);
    expect(supplyOf(last.snapshot, 'all', 'claimed')).toBe(8364);
    expect(ionetFullStakeHistory.evidenceGrade).toBe('backfilled-history');
  });

  it('leaves CPU hardware out and keeps an unnamed hardware id as unknown', () => {
    const days = history(ionetFullStakeHistory.parseHistory(readRecording('ionet', 'daily-full-stake-device-count.json'), context));
    const last = days.at(-1);
    if (!last) throw new Error('expected days');
    expect(last.snapshot.unknownModels).toEqual(['unknown:hardware_id 612']);
    expect(supplyOf(last.snapshot, 'unknown:hardware_id 612', 'claimed')).toBe(24);
    for (const day of days) expect(day.snapshot.supply.some((p) => p.gpuModel.includes('EPYC'))).toBe(false);
  });

  it('fails a cut-off payload, an empty history and a changed shape', () => {
    expectNotJson(ionetFullStakeHistory.parseHistory(cutOff('daily-full-stake-device-count.json'), context));
    const empty = { status: 'succeeded', data: { daily_full_stake_device_count: [], hardware_multiplier_details: [] } };
    expect(ionetFullStakeHistory.parseHistory(json(empty), context)).toEqual({ ok: false, error: expect.stringContaining('empty history') });
    const changed = {
      status: 'succeeded',
      data: { daily_full_stake_device_count: [{ hardware_id: 203, date: '2026-11-17', device_count: 239, cards: 1912 }], hardware_multiplier_details: [] },
    };
    const result = ionetFullStakeHistory.parseHistory(json(changed), context);
    expectChangedShape(result, 'report_date', 'card_count');
  });
});

describe('io.net: the totals disagree and little can be rented', () => {
  it('shows four claimed totals far apart and a rentable figure in the hundreds', () => {
    const explorerTotal = supplyOf(parseRecording(ionetExplorerNetwork, 'network.json'), 'all', 'claimed');
    const marketTotal = supplyOf(parseRecording(ionetMarketSnapshot, 'market-snapshot.json'), 'all', 'claimed');
    const devicesTotal = supplyOf(parseRecording(ionetDevicesHardware, 'devices-hardware.json'), 'all', 'claimed');
    const staked = history(ionetFullStakeHistory.parseHistory(readRecording('ionet', 'daily-full-stake-device-count.json'), context));
    const lastDay = staked.at(-1);
    const stakedTotal = lastDay ? supplyOf(lastDay.snapshot, 'all', 'claimed') : undefined;
    expect([explorerTotal, devicesTotal, marketTotal, stakedTotal]).toEqual([327118, 69415, 17464, 8364]);
    expect(supplyOf(parseRecording(ionetCloudCaasAvailability, 'caas-max-gpus-per-container.json'), 'all', 'rentable')).toBe(312);
    expect(supplyOf(parseRecording(ionetCloudVmaasCatalogue, 'vmaas-hardware.json'), 'all', 'rentable')).toBe(63);
  });
});

describe('io.net recordings', () => {
  const manifest = readManifest('ionet');
  const adapterByPath = new Map<string, SourceAdapter>(IONET_SOURCES.map((a) => [a.request.path, a]));

  it('answer every adapter at the exact path it requests', () => {
    const paths = manifest.recordings.map((r) => r.path).sort();
    const requested = [...IONET_SOURCES, ionetFullStakeHistory].map((a) => a.request.path).sort();
    expect(paths).toEqual(requested);
  });

  it('have a 7-day sequence for each point-in-time source, and every day parses', () => {
    for (const adapter of IONET_SOURCES) {
      const recording = manifest.recordings.find((r) => r.path === adapter.request.path);
      const sequence = recording?.sequence ?? [];
      expect(sequence.map((s) => s.from)).toEqual([
        '2026-11-17T00:00:00Z',
        '2026-11-18T00:00:00Z',
        '2026-11-19T00:00:00Z',
        '2026-11-20T00:00:00Z',
        '2026-11-21T00:00:00Z',
        '2026-11-22T00:00:00Z',
        '2026-11-23T00:00:00Z',
      ]);
      for (const entry of sequence) {
        expect(entry.file.startsWith('sequence/')).toBe(true);
        const result = adapter.parse(readRecording('ionet', entry.file), { observedAt: new Date(entry.from) });
        if (!result.ok) throw new Error(`${entry.file}: ${result.error}`);
      }
    }
    expect(adapterByPath.size).toBe(IONET_SOURCES.length);
  });

  function sequenceFigures(adapter: SourceAdapter, status: SupplyObservation['status']): number[] {
    const recording = manifest.recordings.find((r) => r.path === adapter.request.path);
    return (recording?.sequence ?? []).map((entry) => {
      const snapshot = parsed(adapter.parse(readRecording('ionet', entry.file), { observedAt: new Date(entry.from) }));
      return supplyOf(snapshot, 'all', status) ?? Number.NaN;
    });
  }

  it('hold devices/hardware total_gpu at exactly 69,415 every day while the other totals drift', () => {
    expect(sequenceFigures(ionetDevicesHardware, 'claimed')).toEqual([69415, 69415, 69415, 69415, 69415, 69415, 69415]);
    const explorer = sequenceFigures(ionetExplorerNetwork, 'claimed');
    expect(new Set(explorer).size).toBe(7);
    expect(new Set(sequenceFigures(ionetMarketSnapshot, 'claimed')).size).toBeGreaterThan(1);
  });

  it('keep rentable GPUs in the hundreds all week', () => {
    const rentable = sequenceFigures(ionetCloudCaasAvailability, 'rentable');
    expect(rentable).toEqual([288, 256, 340, 228, 340, 280, 380]);
    for (const gpus of sequenceFigures(ionetCloudVmaasCatalogue, 'rentable')) expect(gpus).toBeLessThan(100);
  });
});
