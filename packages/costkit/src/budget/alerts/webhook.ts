import { warnOnce } from '../../diagnostics.js';
import type { BudgetEvent } from '../../event.js';
import type { BudgetEventSink } from '../events.js';
import type { BudgetEventKind, ParsedAlertOptions } from '../options-schema.js';
import { slackMessage } from './slack.js';

const DEFAULT_KINDS: readonly BudgetEventKind[] = ['threshold', 'exceeded', 'store-unavailable'];
const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_RETRIES = 3;
const FIRST_BACKOFF_MS = 250;

/**
 * Posts budget events to a webhook as Slack-compatible JSON, retrying with
 * backoff on network errors, timeouts, 429 and 5xx. The URL is a credential
 * (a Slack webhook's path is its secret): it is never logged; a failure is
 * reported by status or error code only, and counted.
 */
export class WebhookSink implements BudgetEventSink {
  private readonly kinds: ReadonlySet<string>;
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly options: ParsedAlertOptions,
    private readonly onFailed: () => void,
  ) {
    this.kinds = new Set(options.kinds ?? DEFAULT_KINDS);
  }

  deliver(event: BudgetEvent): void {
    if (!this.kinds.has(event.kind)) return;
    const delivery: Promise<void> = this.post(JSON.stringify(slackMessage(event))).finally(() => this.inflight.delete(delivery));
    this.inflight.add(delivery);
  }

  async flush(timeoutMs: number): Promise<void> {
    if (this.inflight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.inflight]), deadline]);
    clearTimeout(timer);
  }

  private async post(body: string): Promise<void> {
    const retries = this.options.retries ?? DEFAULT_RETRIES;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let last = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 1));
      try {
        const response = await fetch(this.options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...this.options.headers },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return;
        last = `HTTP ${response.status}`;
        // A 4xx other than 429 will not get better by asking again (a revoked webhook, a bad payload).
        if (response.status < 500 && response.status !== 429) break;
      } catch (error) {
        last = errorCode(error);
      }
    }
    this.onFailed();
    warnOnce(
      `budget-webhook:${last}`,
      `costkit: a budget alert could not be delivered to its webhook (${last}, after ${retries + 1} attempt${retries === 0 ? '' : 's'}); counted in costkit.stats().budgetAlertsFailed. The URL is not shown: it is a secret.`,
    );
  }
}

/** The error's code or class, never its message (fetch errors can carry the URL). */
function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  return error instanceof Error ? error.name : 'error';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
