/**
 * Money is integer pico-USD (1e-12 USD). A rate is pico-USD per token, which is the
 * same number as micro-USD per million tokens: $0.01875 / 1M tokens (Gemini 1.5 Flash
 * cache reads) is 18750. Nano-USD would not do: that rate is 18.75 nano-USD a token.
 *
 * A call's cost is tokens × rate, an exact integer, so costs add up exactly: the sum
 * of many events equals the price of their summed usage. The only rounding is of a
 * *rate*, once, when a discount or multiplier makes it finer than a pico-USD per token,
 * so it is the same for every call and linearity holds.
 *
 * A single call stays below Number.MAX_SAFE_INTEGER pico-USD (about $9,007) by a wide
 * margin, so hot-path arithmetic is plain numbers; sums of many events should use
 * BigInt (or accept float rounding far below a nano-dollar up to ~$1M).
 */
export const PICO_PER_USD = 1e12;

/** USD per million tokens -> pico-USD per token, to the nearest unit. */
export function perMillionToRate(usdPerMillion: number): number {
  return Math.round(usdPerMillion * 1e6);
}

/** USD per thousand requests -> pico-USD per request. */
export function perThousandToRate(usdPerThousand: number): number {
  return Math.round(usdPerThousand * 1e9);
}

export function picoToUsd(pico: number): number {
  return pico / PICO_PER_USD;
}

/** An exact non-negative fraction. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

export const ONE: Ratio = { num: 1n, den: 1n };

/** The exact decimal a JS number was written as (0.15 -> 15/100), up to 15 places. */
export function ratioOf(value: number): Ratio {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`not a non-negative finite number: ${value}`);
  if (Number.isInteger(value)) return { num: BigInt(value), den: 1n };
  const text = value.toFixed(15).replace(/0+$/, '');
  const [whole = '0', fraction = ''] = text.split('.');
  return { num: BigInt(whole + fraction), den: 10n ** BigInt(fraction.length) };
}

export function mulRatio(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.num, den: a.den * b.den };
}

/** 1 - fraction: what is left to pay after a discount. */
export function remainderOf(discount: Ratio): Ratio {
  return { num: discount.den - discount.num, den: discount.den };
}

/** rate × ratio, rounded half up to a whole pico-USD; exact in BigInt. */
export function scaleRate(rate: number, ratio: Ratio): number {
  if (ratio.num === ratio.den) return rate;
  const n = BigInt(rate) * ratio.num * 2n + ratio.den;
  return Number(n / (ratio.den * 2n));
}

/** tokens × rate, exact: a number while that is safe, else BigInt rounded back to a number. */
export function lineCost(tokens: number, rate: number): number {
  const cost = tokens * rate;
  return Number.isSafeInteger(cost) ? cost : Number(BigInt(tokens) * BigInt(rate));
}
