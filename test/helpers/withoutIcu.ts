/**
 * Runs `work` with the calls that load ICU data throwing. The first number formatting, collation or case mapping by
 * locale loads data the server then keeps for its whole life (number formatting: about 10 MB), so the server's
 * everyday paths must not make them.
 */
export function withoutIcu<T>(work: () => T): T {
  const patched: [object, string, PropertyDescriptor][] = [];
  const forbid = (owner: object, name: string) => {
    const descriptor = Object.getOwnPropertyDescriptor(owner, name)!;
    patched.push([owner, name, descriptor]);
    const refuse = () => {
      throw new Error(`${name} loads ICU data`);
    };
    Object.defineProperty(owner, name, { ...descriptor, value: refuse });
  };
  forbid(Number.prototype, 'toLocaleString');
  forbid(String.prototype, 'localeCompare');
  forbid(String.prototype, 'toLocaleLowerCase');
  forbid(String.prototype, 'toLocaleUpperCase');
  forbid(Intl, 'Collator');
  forbid(Intl, 'NumberFormat');
  forbid(Intl, 'Segmenter');
  try {
    return work();
  } finally {
    for (const [owner, name, descriptor] of patched) Object.defineProperty(owner, name, descriptor);
  }
}
