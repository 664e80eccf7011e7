import { describe, expect, it } from 'vitest';
import { gpuModelLabel, isUnknownModel, normaliseGpuModel } from './gpu-models';

describe('normaliseGpuModel', () => {
  // Every alias met in a recorded payload or in ../shared/SOURCES.md, with where it was met.
  const aliases: [name: string, hints: Parameters<typeof normaliseGpuModel>[1], expected: string][] = [
    // Akash /v1/gpu-prices: model + ram + interface
    ['h100', { memoryGb: 80, interface: 'SXM5' }, 'h100-sxm-80gb'],
    ['h100', { memoryGb: 80, interface: 'PCIe' }, 'h100-pcie-80gb'],
    ['h100', { memoryGb: 94, interface: 'pcie' }, 'h100-pcie-94gb'],
    ['a100', { memoryGb: 80, interface: 'SXM4' }, 'a100-sxm-80gb'],
    ['a100', { memoryGb: 40, interface: 'PCIe' }, 'a100-pcie-40gb'],
    ['h200', { memoryGb: 141, interface: 'SXM5' }, 'h200-sxm-141gb'],
    ['rtx4090', { memoryGb: 24, interface: 'PCIe' }, 'rtx-4090'],
    ['rtx3090', { memoryGb: 24, interface: 'PCIe' }, 'rtx-3090'],
    ['rtxa6000', { memoryGb: 48, interface: 'PCIe' }, 'rtx-a6000'],
    ['a6000', { memoryGb: 48, interface: 'PCIe' }, 'rtx-a6000'],
    ['rtx6000ada', { memoryGb: 48, interface: 'PCIe' }, 'rtx-6000-ada'],
    ['pro6000se', { memoryGb: 96, interface: 'PCIe' }, 'rtx-pro-6000'],
    ['b200', { memoryGb: 180, interface: 'SXM6' }, 'b200'],
    ['l40s', { memoryGb: 48, interface: 'PCIe' }, 'l40s'],
    ['t4', { memoryGb: 16, interface: 'PCIe' }, 't4'],
    ['v100', { memoryGb: 32, interface: 'SXM2' }, 'v100-32gb'],
    ['gtx1080ti', { memoryGb: 11, interface: 'PCIe' }, 'gtx-1080-ti'],
    ['rtx3060ti', { memoryGb: 8, interface: 'PCIe' }, 'rtx-3060-ti'],
    // io.net explorer / IO Cloud
    ['NVIDIA H100 80GB HBM3', {}, 'h100-sxm-80gb'],
    ['H100 80GB HBM3', {}, 'h100-sxm-80gb'],
    ['H100 PCIe', {}, 'h100-pcie-80gb'],
    ['A100-SXM4-80GB', {}, 'a100-sxm-80gb'],
    ['NVIDIA A100 80GB PCIe', {}, 'a100-pcie-80gb'],
    // Nosana, Golem, Clore
    ['NVIDIA GeForce RTX 4090', {}, 'rtx-4090'],
    ['NVIDIA GeForce RTX 3090', {}, 'rtx-3090'],
    ['NVIDIA GeForce RTX 3080 Ti', {}, 'rtx-3080-ti'],
    ['NVIDIA GeForce RTX 4070 Ti SUPER', {}, 'rtx-4070-ti-super'],
    // Hyperbolic
    ['NVIDIA-H100-80GB-HBM3', {}, 'h100-sxm-80gb'],
    // Vast.ai
    ['H100 SXM', {}, 'h100-sxm-80gb'],
    ['H100 NVL', {}, 'h100-nvl-94gb'],
    ['H200', {}, 'h200-sxm-141gb'],
    ['NVIDIA H200 NVL', {}, 'h200-nvl-141gb'],
    ['b200', { memoryGb: 192, interface: 'sxm6' }, 'b200'],
    ['NVIDIA GeForce RTX 4090 D', {}, 'rtx-4090d'],
    ['RTX 4090D', {}, 'rtx-4090d'],
    ['NVIDIA GeForce RTX 4090 Laptop GPU', {}, 'rtx-4090-laptop'],
    ['NVIDIA RTX A5500', {}, 'rtx-a5500'],
    ['NVIDIA GeForce GTX 1660 SUPER', {}, 'gtx-1660-super'],
    ['rtx-6000-pro pcie', {}, 'rtx-pro-6000'],
    // Akash provider-configs names met in gpu-breakdown history
    ['nvidia p40', {}, 'p40'],
    ['amd mi100', {}, 'mi100'],
    ['nvidia gtx1650ti', {}, 'gtx-1650-ti'],
    ['nvidia rtx2000eada', {}, 'rtx-2000e-ada'],
    // Clore
    ['Tesla V100SXM232GB', {}, 'v100-32gb'],
    ['NVIDIA RTX A2000', {}, 'rtx-a2000'],
    ['B200', {}, 'b200'],
    ['RTX 4090', {}, 'rtx-4090'],
    ['RTX 5090', {}, 'rtx-5090'],
    ['RTX 6000Ada', {}, 'rtx-6000-ada'],
    ['RTX A6000', {}, 'rtx-a6000'],
    // Spheron
    ['H100_SXM5', {}, 'h100-sxm-80gb'],
    ['A100 80G PCIe', {}, 'a100-pcie-80gb'],
    // AWS instance GPU names
    ['NVIDIA A10G', {}, 'a10g'],
    ['NVIDIA L4', {}, 'l4'],
    ['NVIDIA L40S', {}, 'l40s'],
    ['NVIDIA T4', {}, 't4'],
    ['NVIDIA A100 40GB', {}, 'a100-40gb'],
  ];

  it.each(aliases)('%s %o → %s', (name, hints, expected) => {
    expect(normaliseGpuModel(name, hints)).toBe(expected);
  });

  it('keeps SXM apart from PCIe and memory sizes apart', () => {
    const ids = new Set([
      normaliseGpuModel('A100-SXM4-80GB'),
      normaliseGpuModel('A100 80GB PCIe'),
      normaliseGpuModel('A100-SXM4-40GB'),
      normaliseGpuModel('A100 40GB PCIe'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('keeps a non-standard memory size apart from the stock card', () => {
    expect(normaliseGpuModel('RTX 4090 48GB')).toBe('rtx-4090-48gb');
  });

  it('keeps names it cannot place verbatim as unknown:<name>', () => {
    expect(normaliseGpuModel('Quantum Flux 9000')).toBe('unknown:Quantum Flux 9000');
    expect(normaliseGpuModel('  ')).toBe('unknown:');
    expect(isUnknownModel(normaliseGpuModel('=HYPERLINK("x")'))).toBe(true);
  });
});

describe('gpuModelLabel', () => {
  it('labels canonical ids for people', () => {
    expect(gpuModelLabel('h100-sxm-80gb')).toBe('H100 SXM 80GB');
    expect(gpuModelLabel('rtx-4090')).toBe('RTX 4090');
    expect(gpuModelLabel('rtx-4070-ti-super')).toBe('RTX 4070 Ti SUPER');
    expect(gpuModelLabel('rtx-a6000')).toBe('RTX A6000');
    expect(gpuModelLabel('all')).toBe('All GPUs');
    expect(gpuModelLabel('unknown:Foo 1')).toBe('Foo 1 (unrecognised)');
  });
});

describe('only clean names are placed', () => {
  it('keeps a name carrying formula or markup syntax as unknown, whatever model it spells', () => {
    for (const name of ['=HYPERLINK("https://x.example","H100")', '+H100 SXM', '@A100', 'H100<script>', 'RTX 4090"; DROP', 'H100 {80GB}', 'A100|x']) {
      expect(normaliseGpuModel(name), name).toBe(`unknown:${name}`);
    }
    expect(normaliseGpuModel('NVIDIA H100 80GB HBM3')).toBe('h100-sxm-80gb');
    expect(normaliseGpuModel('GeForce RTX 4090 (24GB)')).toBe('rtx-4090');
  });
});
