/** The value of `--<name>=<value>` among a process's arguments; undefined when absent or empty. */
export function optionValue(argv: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) || undefined;
}
