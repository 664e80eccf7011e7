/**
 * What the scraping process does after each pass (the scheduler's afterPass): detect and
 * store the pass's events, then kick the webhook loop, which sends in its own time. Built
 * from the environment (WEBHOOK_URLS, WEBHOOK_SECRET, WEBHOOK_TIMEOUT_MS) by the callers.
 */
import type { Database } from '@/db/client';
import type { Thresholds } from '../analytics/thresholds';
import type { Logger } from '../log';
import { runEventPipeline } from './pipeline';
import { startWebhookDispatcher, type WebhookConfig, type WebhookDispatcher } from './webhooks';

export interface EventsAfterPass {
  afterPass: (outcomes: unknown, now: Date) => Promise<void>;
  /** Null when no webhook URL is configured. */
  dispatcher: WebhookDispatcher | null;
  stop(): Promise<void>;
}

export interface EventsConfig {
  thresholds: Thresholds;
  webhookUrls: readonly string[];
  /** Required when webhookUrls is not empty. */
  webhook?: WebhookConfig;
  logger?: Logger;
}

export function eventsAfterPass(db: Database, config: EventsConfig): EventsAfterPass {
  const dispatcher = config.webhookUrls.length > 0 && config.webhook ? startWebhookDispatcher(db, config.webhook, config.logger) : null;
  // Deliveries left pending by a previous process (a restart mid-retry) go out now, not after the first pass.
  dispatcher?.kick();
  return {
    dispatcher,
    afterPass: async (_outcomes, now) => {
      const result = await runEventPipeline(db, { now, thresholds: config.thresholds, webhookUrls: dispatcher ? config.webhookUrls : [] });
      if (result.inserted.length > 0) config.logger?.info({ events: result.inserted.length, detected: result.detected }, 'events detected');
      dispatcher?.kick();
    },
    stop: async () => {
      await dispatcher?.stop();
    },
  };
}

/** The webhook configuration from the validated environment, or undefined when none is set. */
export function webhookConfigFrom(config: { WEBHOOK_URLS: readonly string[]; WEBHOOK_SECRET?: string; WEBHOOK_TIMEOUT_MS: number }): WebhookConfig | undefined {
  if (config.WEBHOOK_URLS.length === 0 || !config.WEBHOOK_SECRET) return undefined;
  return { secret: config.WEBHOOK_SECRET, timeoutMs: config.WEBHOOK_TIMEOUT_MS };
}
