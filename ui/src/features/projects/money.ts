import { currencyDigits, locale, numberFormat } from "../../lib/format";

/**
 * Money in the plan travels as a string of integer minor units ("1050000" is 10,500.00 CNY) and is handled here as
 * BigInt: never a float, not even for the chart's data (only pixel positions are numbers).
 */
export function formatMinor(minor: string, currency: string): string {
  const digits = currencyDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(digits);
  const whole = numberFormat(locale()).format(abs / scale);
  const frac = digits > 0 ? "." + (abs % scale).toString().padStart(digits, "0") : "";
  return `${negative ? "−" : ""}${whole}${frac} ${currency}`;
}

/** "1,234.5" → "123450" for CNY; null when the text is not an amount with at most the currency's decimals. */
export function parseMinor(text: string, currency: string): string | null {
  const digits = currencyDigits(currency);
  const cleaned = text.replace(/[,\s，]/g, "");
  const m = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!m) return null;
  const frac = m[2] ?? "";
  if (frac.length > digits) return null;
  const minor = BigInt(m[1]) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, "0") || "0");
  return minor.toString();
}

/** A pixel offset for `value` on an axis of `length` pixels reaching `max`, computed in integers. */
export function scale(value: string, max: string, length: number): number {
  const m = BigInt(max);
  if (m <= 0n) return 0;
  return Number((BigInt(value) * BigInt(Math.round(length * 100))) / m) / 100;
}

/** "1050000" → "10500.00" for CNY: an amount as the user types it (no grouping, no currency), for editing. */
export function minorToText(minor: string, currency: string): string {
  const digits = currencyDigits(currency);
  const value = BigInt(minor);
  const scale = 10n ** BigInt(digits);
  const frac = digits > 0 ? "." + (value % scale).toString().padStart(digits, "0") : "";
  return `${value / scale}${frac}`;
}
