/**
 * A reading of a page made of small edits (a `%40` read as `@`, a `\_` as `_`, the separators
 * between spelled-out letters dropped): only the stretches around the edits are written out, one per
 * line, so a page with one edit costs a few hundred units, not a copy of the page. Every unit of the
 * reading maps back to a span of the page: kept units to themselves, replacement units to the whole
 * stretch they replace.
 */

/** A text and, for each of its UTF-16 units, the span `[starts[i], ends[i])` of the text it came from. */
export interface Mapped {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

/** Replace `[start, end)` of the page with `text` (may be empty: the stretch is dropped). */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Units of context kept either side of an edit: enough for a handle's account context or a name. */
const CONTEXT = 96;
/** A window is widened to a word boundary, by at most this many units. */
const WORD_SLACK = 64;

const WORD_UNIT = /[\p{L}\p{N}_]/u;

/** Builds a Mapped text piece by piece. */
class MappedWriter {
  private readonly parts: string[] = [];
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private size = 0;

  /** `chunk`, each unit mapped to one span (`[start, end)`), or, without `end`, to itself from `start` on. */
  push(chunk: string, start: number, end?: number): void {
    if (chunk.length === 0) return;
    this.reserve(chunk.length);
    this.parts.push(chunk);
    for (let u = 0; u < chunk.length; u++) {
      this.starts[this.size] = end === undefined ? start + u : start;
      this.ends[this.size] = end === undefined ? start + u + 1 : end;
      this.size++;
    }
  }

  get length(): number {
    return this.size;
  }

  result(): Mapped {
    return {
      text: this.parts.join(''),
      starts: this.starts.slice(0, this.size),
      ends: this.ends.slice(0, this.size),
    };
  }

  private reserve(more: number): void {
    if (this.size + more <= this.starts.length) return;
    const grown = Math.max(this.starts.length * 2, this.size + more);
    const s = new Int32Array(grown);
    const e = new Int32Array(grown);
    s.set(this.starts.subarray(0, this.size));
    e.set(this.ends.subarray(0, this.size));
    this.starts = s;
    this.ends = e;
  }
}

/**
 * The stretches of `text` around `edits` (sorted, not overlapping) with the edits applied, one
 * stretch per line; undefined without edits. A stretch never starts or ends inside a word: a cut
 * would read as a word boundary that is not there.
 */
export function rewriteAround(text: string, edits: Edit[], context = CONTEXT): Mapped | undefined {
  if (edits.length === 0) return undefined;
  const windows: Array<[number, number]> = [];
  for (const edit of edits) {
    let from = Math.max(0, edit.start - context);
    let to = Math.min(text.length, edit.end + context);
    for (let k = 0; k < WORD_SLACK && from > 0 && WORD_UNIT.test(text.charAt(from - 1)); k++) from--;
    for (let k = 0; k < WORD_SLACK && to < text.length && WORD_UNIT.test(text.charAt(to)); k++) to++;
    const last = windows[windows.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  }
  const out = new MappedWriter();
  let e = 0;
  for (const [from, to] of windows) {
    let at = from;
    while (e < edits.length && (edits[e] as Edit).start < to) {
      const edit = edits[e] as Edit;
      out.push(text.slice(at, edit.start), at);
      out.push(edit.text, edit.start, edit.end);
      at = edit.end;
      e++;
    }
    if (at < to) out.push(text.slice(at, to), at);
    out.push('\n', Math.max(from, to - 1), to);
  }
  return out.result();
}

/** `inner` read through `outer`: each unit of `inner` maps to the page span its outer units came from. */
export function compose(outer: Mapped, inner: Mapped): Mapped {
  const n = inner.text.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = outer.starts[inner.starts[i] as number] as number;
    ends[i] = outer.ends[(inner.ends[i] as number) - 1] as number;
  }
  return { text: inner.text, starts, ends };
}
