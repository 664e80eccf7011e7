/**
 * Dated events that explain a step in a chart (price cuts, incidents, methodology changes),
 * kept as data in annotations.json and validated on load, so a chart never carries an
 * unsourced remark. The file is imported rather than read from disk: it is small, it ships
 * with the build, and it does not depend on the working directory.
 */
import { z } from 'zod';
import { NETWORKS, type NetworkSlug } from '../networks';
import annotationsFile from './annotations.json';

// z.enum wants a non-empty tuple; NETWORKS is our own constant, never empty.
const networkSlugs = NETWORKS.map((n) => n.slug) as [NetworkSlug, ...NetworkSlug[]];

export const ANNOTATION_KINDS = ['price-cut', 'incident', 'methodology-change'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

export const ANNOTATION_KIND_LABELS: Record<AnnotationKind, string> = {
  'price-cut': 'Price cut',
  incident: 'Incident',
  'methodology-change': 'Methodology change',
};

/** Which charts of a network page an event belongs on. */
export const ANNOTATION_CHARTS = ['claimed', 'supply', 'price'] as const;
export type AnnotationChart = (typeof ANNOTATION_CHARTS)[number];

/** The network whose annotations belong on every price chart: the reference line itself. */
export const REFERENCE_NETWORK = 'aws';

export const annotationSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'must be a real date'),
  network: z.enum(networkSlugs),
  kind: z.enum(ANNOTATION_KINDS),
  /** Short: drawn beside a reference line on the chart. */
  title: z.string().min(1).max(48),
  text: z.string().min(1),
  charts: z.array(z.enum(ANNOTATION_CHARTS)).min(1),
  sourceName: z.string().min(1),
  /** Null when the source was seen only as cited elsewhere: the name says where. */
  sourceUrl: z.string().url().nullable(),
});

export type Annotation = z.infer<typeof annotationSchema>;

export const annotationsFileSchema = z
  .object({ about: z.string(), annotations: z.array(annotationSchema) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.annotations.forEach((a, index) => {
      if (seen.has(a.id)) ctx.addIssue({ code: 'custom', path: ['annotations', index, 'id'], message: `duplicate annotation id ${a.id}` });
      seen.add(a.id);
    });
  });

export function parseAnnotations(input: unknown): Annotation[] {
  const parsed = annotationsFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`lib/annotations/annotations.json: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  return [...parsed.data.annotations].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

export function loadAnnotations(): Annotation[] {
  return parseAnnotations(annotationsFile);
}

/**
 * The annotations of one chart of a network's page: the network's own, and on price charts
 * those of the AWS reference, which every price chart draws.
 */
export function annotationsFor(annotations: readonly Annotation[], network: string, chart: AnnotationChart): Annotation[] {
  return annotations.filter(
    (a) => a.charts.includes(chart) && (a.network === network || (chart === 'price' && a.network === REFERENCE_NETWORK)),
  );
}

/** Every annotation a network's page shows, in date order (its own, plus the AWS reference's). */
export function annotationsForPage(annotations: readonly Annotation[], network: string): Annotation[] {
  return annotations.filter((a) => a.network === network || (a.network === REFERENCE_NETWORK && a.charts.includes('price')));
}
