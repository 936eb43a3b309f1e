/**
 * What is worked out once per reading of a page (its digit runs, dates, ages said, ...) and asked for
 * by several matchers: kept while that page is matched, forgotten when the next page's readings are
 * built (see buildViews).
 *
 * Not a WeakMap: V8 clears a WeakMap's entries only in a full collection, so the young collections
 * in between kept the last pages' results alive, copied them and moved them to the old generation
 * (over a megabyte at each, and about 7 % of the matcher's time in the collector). Forgotten with
 * their page, they die young. A memo holds at most `size` readings (a page has the plain one and its
 * decoded ones); past that, the oldest is worked out again if asked for again.
 */
export class PageMemo<K extends object, V> {
  private readonly keys: Array<K | undefined>;
  private readonly values: Array<V | undefined>;
  /** The slot the next new key takes (the oldest). */
  private next = 0;

  constructor(private readonly size = 16) {
    this.keys = new Array<K | undefined>(size).fill(undefined);
    this.values = new Array<V | undefined>(size).fill(undefined);
    memos.push(this);
  }

  get(key: K): V | undefined {
    for (let i = 0; i < this.size; i++) if (this.keys[i] === key) return this.values[i];
    return undefined;
  }

  set(key: K, value: V): void {
    for (let i = 0; i < this.size; i++) {
      if (this.keys[i] === key) {
        this.values[i] = value;
        return;
      }
    }
    this.keys[this.next] = key;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.size;
  }

  clear(): void {
    this.keys.fill(undefined);
    this.values.fill(undefined);
    this.next = 0;
  }
}

/** Every memo made: all are per page. */
const memos: Array<{ clear(): void }> = [];

/** Drops what every memo holds: a new page is being read. */
export function forgetPageMemos(): void {
  for (const memo of memos) memo.clear();
}
