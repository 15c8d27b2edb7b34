/**
 * A whole number with commas between groups of three digits, as `toLocaleString('en-US')` writes it. Not
 * toLocaleString itself: its first call loads ICU's number-format data, about 10 MB of memory the server then keeps
 * for the rest of its life, to write one number into a message.
 */
export function withGroupedDigits(value: number): string {
  if (!Number.isSafeInteger(value)) return String(value);
  const digits = String(Math.abs(value));
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return value < 0 ? `-${grouped}` : grouped;
}
