import { PROVIDER_IDS } from 'costkit';
import { UsageError } from '../errors.js';

/** `--account openai=org-123` (repeatable) -> provider -> BillingAccountId. */
export function parseAccounts(values: readonly string[]): Map<string, string> {
  const accounts = new Map<string, string>();
  for (const value of values) {
    const m = /^([^=]+)=(.+)$/.exec(value);
    const provider = m?.[1]?.trim() ?? '';
    if (!m || !(PROVIDER_IDS as readonly string[]).includes(provider)) {
      throw new UsageError(`--account '${value}': expected provider=account-id with a provider among ${PROVIDER_IDS.join(', ')}, e.g. --account openai=org-123`);
    }
    accounts.set(provider, m[2]!.trim());
  }
  return accounts;
}
