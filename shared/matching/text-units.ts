/**
 * The UTF-16 units of a text in a typed array, copied by the engine in one go. Some page scans that
 * read every unit read them from here: in their loops an element of a typed array costs less than a
 * call of `charCodeAt`, which checks at every call what kind of string it is given (measured on the
 * bench corpus: the digit-token scan took 14 % less time, the scans for one-letter words and encoded
 * runs 6 % less; the key projection, which writes three arrays a unit, took 15 % more, and reads the
 * string).
 */

/** Texts longer than this get an array of their own, which goes with them: no buffer their size stays. */
const KEPT_UNITS = 1 << 20;
/** A typed array reads in the machine's byte order; UTF-16LE is written in little-endian order. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * One scan's units: the array is written over by the next text it is asked about, so each scan keeps
 * its own and reads the view it got before asking about another text.
 */
export class TextUnits {
  private buffer: Uint16Array = new Uint16Array(0);
  private text: string | undefined = undefined;
  private view: Uint16Array = new Uint16Array(0);

  /** The units of `text`, exactly as many as it has (reading past its end gives undefined). */
  of(text: string): Uint16Array {
    if (text === this.text) {
      // Equal, maybe as another string (a page folded again): kept as this one, whose comparison
      // at the next call costs nothing, where comparing two strings unit by unit at every token of a
      // 10 MB page never finished.
      this.text = text;
      return this.view;
    }
    const n = text.length;
    if (n <= KEPT_UNITS && this.buffer.length < n)
      this.buffer = new Uint16Array(Math.min(KEPT_UNITS, Math.max(n, 2 * this.buffer.length)));
    // A longer text's array is the last text's units (a scan asks again at every token), not the buffer.
    const array = n > KEPT_UNITS ? new Uint16Array(n) : this.buffer;
    writeUnits(array, text);
    this.text = text;
    this.view = array.subarray(0, n);
    return this.view;
  }
}

function writeUnits(array: Uint16Array, text: string): void {
  if (LITTLE_ENDIAN) {
    // UTF-16LE keeps every unit as it is, a lone surrogate too.
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).write(text, 0, 2 * text.length, 'utf16le');
  } else {
    for (let i = 0; i < text.length; i++) array[i] = text.charCodeAt(i);
  }
}
