// Small wording helpers for what people read on screen.

/** "1 photo", "3 photos" (`many` for irregular plurals). */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
