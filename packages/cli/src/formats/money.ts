/**
 * Money is summed as integer pico-USD (1e-12 USD, the events' `cost.totalPicoUsd`),
 * in BigInt, so a month of events adds up exactly; USD numbers are made only for
 * output.
 */
export const PICO_PER_USD = 1_000_000_000_000n;

export function picoToUsd(pico: bigint): number {
  return Number(pico) / 1e12;
}

/** The exact decimal of a pico-USD amount: 1234500000n -> '0.0012345'. */
export function picoToDecimal(pico: bigint, places = 12): string {
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  const scale = 10n ** BigInt(places);
  const whole = abs / PICO_PER_USD;
  // Rounded half up to `places` decimals (12 keeps every digit).
  const fractionPico = abs % PICO_PER_USD;
  const shift = 10n ** BigInt(12 - Math.min(12, places));
  let fraction = (fractionPico + shift / 2n) / shift;
  let wholePart = whole;
  if (fraction >= scale) {
    wholePart += 1n;
    fraction -= scale;
  }
  const digits = places > 0 ? fraction.toString().padStart(places, '0').replace(/0+$/, '') : '';
  return `${negative && (wholePart > 0n || fraction > 0n) ? '-' : ''}${wholePart}${digits ? `.${digits}` : ''}`;
}

/** A decimal string in dollars ('0.06', '1.2e-5', '-3') to pico-USD, exactly, rounded to the pico. */
export function decimalToPico(text: string, unitsPerDollar = 1n): bigint {
  const m = /^\s*(-)?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal number: '${text}'`);
  const digits = `${m[2] ?? ''}${m[3] ?? ''}`.replace(/^0+(?=\d)/, '') || '0';
  // value = digits * 10^(exp - fractionLength); pico = value * 1e12 / unitsPerDollar.
  const exponent = Number(m[4] ?? 0) - (m[3]?.length ?? 0) + 12;
  let numerator = BigInt(digits);
  let denominator = unitsPerDollar;
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator *= 10n ** BigInt(-exponent);
  const rounded = (numerator * 2n + denominator) / (denominator * 2n);
  return m[1] ? -rounded : rounded;
}

/** A JSON number as written (OpenAI's dollars are floats): the shortest decimal that round-trips. */
export function numberToPico(value: number): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  return decimalToPico(String(value));
}

/** For people: $1,234.56; small amounts keep three significant digits ($0.000204). */
export function formatUsd(usd: number): string {
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  if (abs === 0) return '$0.00';
  if (abs >= 0.01) return `${sign}$${abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return `${sign}$${abs.toFixed(Math.min(12, 2 - Math.floor(Math.log10(abs))))}`;
}

/** Every digit of a USD figure, to the pico-dollar ($0.000285, $1234.5): what a tooltip shows. */
export function exactUsd(usd: number): string {
  const fixed = Math.abs(usd).toFixed(12).replace(/\.?0+$/, '');
  return `${usd < 0 ? '-' : ''}$${fixed === '' ? '0' : fixed}`;
}

export function formatPct(pct: number | null): string {
  if (pct === null || !Number.isFinite(pct)) return '-';
  return `${pct.toFixed(Math.abs(pct) < 10 ? 1 : 0)}%`;
}

/** 100 * part / whole, or null when whole is zero. */
export function sharePct(part: bigint, whole: bigint): number | null {
  if (whole === 0n) return null;
  return Number((part * 1_000_000n) / whole) / 10_000;
}

/** num / den as a decimal string: exact when it terminates within `maxPlaces`, else rounded half up. */
export function fractionToDecimal(num: bigint, den: bigint, maxPlaces = 12): string {
  if (den === 0n) throw new RangeError('division by zero');
  const negative = num < 0n !== den < 0n && num !== 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const scale = 10n ** BigInt(maxPlaces);
  const scaled = (n * scale * 2n + d) / (d * 2n);
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(maxPlaces, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
