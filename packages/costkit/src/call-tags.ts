import type { ParsedInitOptions } from './config.js';
import { mergeTags, tagProblem, type Scope, type Tags } from './context.js';
import { MissingTagsError } from './errors.js';
import { reportCallPathProblem, reportInternalError, warnOnce } from './diagnostics.js';

/**
 * The tags of one call: `defaultTags` under what `tagSources` return under the
 * scope's own, and the tagging contract (`requiredTags`). Tag sources are app
 * code run on the call path: their output is held to the same key and length
 * rules as `withTags`, but a bad entry is dropped with a warning, never thrown
 * into the provider call.
 */
export class CallTags {
  /** `defaultTags`, frozen: a call whose tags are this very object was not tagged (`tagged: false`). */
  readonly defaults: Readonly<Tags>;
  private readonly hasDefaults: boolean;
  private readonly sources: ParsedInitOptions['tagSources'];
  private readonly required: readonly string[] | undefined;
  private readonly throwOnMissing: boolean;

  constructor(options: ParsedInitOptions) {
    this.defaults = Object.freeze({ ...(options.defaultTags ?? {}) });
    this.hasDefaults = Object.keys(this.defaults).length > 0;
    this.sources = options.tagSources?.length ? options.tagSources : undefined;
    this.required = options.requiredTags?.length ? options.requiredTags : undefined;
    this.throwOnMissing = options.onMissingTags === 'throw';
  }

  /**
   * A call's tags. Outside any scope and with no tag source answering, they are
   * `defaults` itself (the default owner's call: `tagged: false`), never a copy.
   */
  resolve(scope: Scope | undefined): Readonly<Tags> {
    const sourced = this.sources ? this.readSources() : undefined;
    if (!sourced) {
      if (!scope) return this.defaults;
      // The scope's tags are frozen and already merged with its parents'.
      return this.hasDefaults ? mergeTags(this.defaults, scope.tags) : scope.tags;
    }
    return mergeTags(mergeTags(this.defaults, sourced), scope?.tags);
  }

  checkRequired(tags: Readonly<Tags>): void {
    if (!this.required) return;
    const missing = this.required.filter((key) => !tags[key]);
    if (missing.length === 0) return;
    if (this.throwOnMissing) throw new MissingTagsError(missing);
    for (const key of missing) {
      warnOnce(`missing-tag:${key}`, `costkit: a call was made without the required tag '${key}'; wrap it in withTags({ ${key}: '…' }, fn) or add it to defaultTags`);
    }
  }

  private readSources(): Tags | undefined {
    let merged: Tags | undefined;
    for (const source of this.sources!) {
      let tags: unknown;
      try {
        tags = source();
      } catch (error) {
        reportInternalError('tagSources', error);
        continue;
      }
      if (!tags || typeof tags !== 'object') continue;
      for (const [key, value] of Object.entries(tags)) {
        if (value === undefined) continue;
        const problem = tagProblem(key, value);
        if (problem) {
          reportCallPathProblem(`tag-source:${key}`, `costkit: a tagSources function returned a bad tag, which is left out: ${problem}`);
          continue;
        }
        (merged ??= {})[key] = value as string;
      }
    }
    return merged;
  }
}
