/** What the OpenAI API reports about a model: its dated snapshot, whether it reasons, the service tier. */
import { hash } from '../../answer.js';

// The dated snapshot the API names in `model` for an alias (unknown names are echoed).
const SNAPSHOTS: Record<string, string> = {
  'gpt-3.5-turbo': 'gpt-3.5-turbo-0125',
  'gpt-3.5-turbo-instruct': 'gpt-3.5-turbo-instruct:20230824-v2',
  'gpt-4': 'gpt-4-0613',
  'gpt-4-turbo': 'gpt-4-turbo-2024-04-09',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
  'o1': 'o1-2024-12-17',
  'o1-mini': 'o1-mini-2024-09-12',
  'o3': 'o3-2025-04-16',
  'o3-mini': 'o3-mini-2025-01-31',
  'o4-mini': 'o4-mini-2025-04-16',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'gpt-5-nano': 'gpt-5-nano-2025-08-07',
  'gpt-5.1': 'gpt-5.1-2025-11-13',
};

export const snapshotOf = (model: string) => SNAPSHOTS[model] ?? model;

export const isReasoningModel = (model: string) => /^(o1|o3|o4|gpt-5)/.test(model);

// Hidden reasoning per request, by reasoning effort ('medium' when unset): billed as output.
const REASONING_TOKENS: Record<string, number> = { none: 0, minimal: 8, low: 32, medium: 64, high: 128, xhigh: 192 };

export function reasoningTokens(model: string, effort: unknown): number {
  if (!isReasoningModel(model)) return 0;
  return REASONING_TOKENS[typeof effort === 'string' ? effort : 'medium'] ?? REASONING_TOKENS.medium!;
}

/** The tier a response reports: 'auto' (or none) runs on 'default'; an explicit tier is kept. */
export function servedTier(requested: unknown): string {
  return typeof requested === 'string' && requested !== 'auto' ? requested : 'default';
}

/** A fingerprint per model, stable across requests, like the API's `system_fingerprint`. */
export const fingerprintOf = (model: string) => `fp_${hash(model).toString(16).padStart(8, '0')}`;
