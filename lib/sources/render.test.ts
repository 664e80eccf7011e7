import { describe, expect, it } from 'vitest';
import { renderNodesAndFrames } from './render';
import { readRecording } from './recordings';
import { contextAt, expectEmptyBodyRefused, expectEmptyInventory, expectNotJson, parsed } from './test-helpers';

const context = contextAt('2026-09-06T12:00:00Z');

describe('render nodes-and-frames parse', () => {
  it('reads the claimed node count, and nothing else', () => {
    const snapshot = parsed(renderNodesAndFrames.parse(readRecording('render', 'nodes-and-frames.json'), context));
    expect(snapshot.supply).toEqual([{ gpuModel: 'all', status: 'claimed', unit: 'nodes', quantity: 5634 }]);
    expect(snapshot.prices).toEqual([]);
    expect(snapshot.unknownModels).toEqual([]);
  });

  it('unit trap: nodes are machines, not GPUs, and are never stored as GPUs', () => {
    const snapshot = parsed(renderNodesAndFrames.parse(readRecording('render', 'nodes-and-frames.json'), context));
    expect(snapshot.supply.some((p) => p.unit === 'gpus')).toBe(false);
  });

  it('unit trap: OctaneBench-hour pricing gives no USD per GPU-hour price', () => {
    const snapshot = parsed(renderNodesAndFrames.parse(readRecording('render', 'nodes-and-frames.json'), context));
    expect(snapshot.prices).toEqual([]);
    expect(renderNodesAndFrames.methodology.find((row) => row.figure === 'price')?.reasoning).toContain('OctaneBench');
  });

  it('accepts a node count sent as a numeric string', () => {
    const snapshot = parsed(renderNodesAndFrames.parse(new TextEncoder().encode('{"nodes":"5634"}'), context));
    expect(snapshot.supply[0]?.quantity).toBe(5634);
  });

  it('sends the stats page as Origin and Referer', () => {
    expect(renderNodesAndFrames.request.headers).toMatchObject({
      Origin: 'https://stats.renderfoundation.com',
      Referer: 'https://stats.renderfoundation.com/',
    });
  });

  it('fails a payload cut off mid-object', () => {
    const result = renderNodesAndFrames.parse(readRecording('render', 'nodes-and-frames.malformed.json'), context);
    expectNotJson(result);
  });

  it('fails zero nodes instead of recording an empty network', () => {
    const result = renderNodesAndFrames.parse(readRecording('render', 'nodes-and-frames.empty.json'), context);
    expectEmptyInventory(result);
    expectEmptyBodyRefused(renderNodesAndFrames, context);
  });

  it('fails a changed shape, naming the field', () => {
    const result = renderNodesAndFrames.parse(readRecording('render', 'nodes-and-frames.changed-shape.json'), context);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^unexpected shape: nodes/) });
    const retyped = renderNodesAndFrames.parse(new TextEncoder().encode('{"nodes":-3}'), context);
    expect(retyped).toEqual({ ok: false, error: expect.stringMatching(/^unexpected shape: nodes/) });
  });
});
