/** FNV-1a, 32 bits, over UTF-16 code units: a quick fingerprint for telling one version of a text from another. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
