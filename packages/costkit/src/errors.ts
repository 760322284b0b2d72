/**
 * Every error costkit throws on purpose. Each carries a stable `code` an app can
 * switch on; messages say what limit or option was hit and how to change it.
 */
export class CostkitError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** `init()` was given options it cannot use; the message names the option path. */
export class CostkitConfigError extends CostkitError {
  readonly issues: readonly { path: string; message: string }[];
  constructor(issues: readonly { path: string; message: string }[]) {
    super(
      'COSTKIT_CONFIG',
      `costkit.init: invalid options:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

/** A call was made without a tag that `requiredTags` demands and `onMissingTags` is 'throw'. */
export class MissingTagsError extends CostkitError {
  readonly missing: readonly string[];
  constructor(missing: readonly string[]) {
    super(
      'COSTKIT_MISSING_TAGS',
      `costkit: this call has no ${missing.map((k) => `'${k}'`).join(', ')} tag, which init({ requiredTags }) requires. ` +
        `Wrap the call in withTags({ ${missing.map((k) => `${k}: '…'`).join(', ')} }, fn), add it to defaultTags, ` +
        `or set onMissingTags: 'warn'.`,
    );
    this.missing = missing;
  }
}
