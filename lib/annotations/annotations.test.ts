import { describe, expect, it } from 'vitest';
import { annotationsFor, annotationsForPage, loadAnnotations, parseAnnotations, type Annotation } from './annotations';

const base: Annotation = {
  id: 'x',
  date: '2025-06-01',
  network: 'aws',
  kind: 'price-cut',
  title: 'A cut',
  text: 'Prices fell.',
  charts: ['price'],
  sourceName: 'somewhere',
  sourceUrl: null,
};

describe('annotations.json', () => {
  it('loads and validates the committed file, in date order', () => {
    const annotations = loadAnnotations();
    expect(annotations.map((a) => a.id)).toEqual([
      'ionet-2024-05-01-four-totals',
      'aws-2025-06-01-p4-p5-price-cut',
      'vastai-2026-06-23-keyless-cap',
    ]);
    const cut = annotations.find((a) => a.id === 'aws-2025-06-01-p4-p5-price-cut');
    expect(cut).toMatchObject({ date: '2025-06-01', network: 'aws', kind: 'price-cut', charts: ['price'] });
  });

  it('refuses bad dates, unknown networks, unknown kinds, long titles and duplicate ids', () => {
    const file = (annotations: unknown[]) => ({ about: 't', annotations });
    expect(() => parseAnnotations(file([{ ...base, date: '2025-13-40' }]))).toThrow(/date/);
    expect(() => parseAnnotations(file([{ ...base, network: 'tensordock' }]))).toThrow(/network/);
    expect(() => parseAnnotations(file([{ ...base, kind: 'rumour' }]))).toThrow(/kind/);
    expect(() => parseAnnotations(file([{ ...base, title: 'x'.repeat(49) }]))).toThrow(/title/);
    expect(() => parseAnnotations(file([{ ...base, charts: [] }]))).toThrow(/charts/);
    expect(() => parseAnnotations(file([{ ...base, sourceUrl: 'not a url' }]))).toThrow(/sourceUrl/);
    expect(() => parseAnnotations(file([base, base]))).toThrow(/duplicate annotation id x/);
    expect(() => parseAnnotations({ annotations: [] })).toThrow(/about/);
  });

  it('puts the AWS cut on every network’s price chart and a network’s own events on its charts', () => {
    const annotations = loadAnnotations();
    for (const network of ['ionet', 'akash', 'vastai']) {
      expect(annotationsFor(annotations, network, 'price').map((a) => a.id)).toContain('aws-2025-06-01-p4-p5-price-cut');
      expect(annotationsFor(annotations, network, 'claimed').map((a) => a.id)).not.toContain('aws-2025-06-01-p4-p5-price-cut');
    }
    expect(annotationsFor(annotations, 'ionet', 'claimed').map((a) => a.id)).toEqual(['ionet-2024-05-01-four-totals']);
    expect(annotationsFor(annotations, 'akash', 'supply')).toEqual([]);
    expect(annotationsFor(annotations, 'vastai', 'supply').map((a) => a.id)).toEqual(['vastai-2026-06-23-keyless-cap']);
    expect(annotationsForPage(annotations, 'ionet').map((a) => a.id)).toEqual([
      'ionet-2024-05-01-four-totals',
      'aws-2025-06-01-p4-p5-price-cut',
    ]);
  });
});
