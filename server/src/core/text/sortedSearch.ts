/**
 * The index of the last of the ascending `sorted` numbers that is at most `value` (0 when none is): which line,
 * piece or question an offset falls in, given where each starts.
 */
export function lastAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (sorted[mid] <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}
