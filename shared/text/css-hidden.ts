/**
 * What a page's own style hides from its readers. A dox hides junk letters inside a word
 * (`s<span style="display:none">x</span>altmarsh`, or a class its `<style>` hides) so that a copy
 * of the text no longer holds the word. The extraction reads such content apart from the flow of
 * the text (see TextBuilder), so the word is whole again and nothing hidden is lost.
 *
 * Only the simplest rules are read: an inline declaration, and a class selector alone
 * (`.c{display:none}`, `span.c, .d { font-size: 0 }`). Read only when a page has style at all.
 */

/** A declaration that hides: display:none, visibility:hidden or collapse, a font size of zero. */
const HIDING =
  /(?:^|[;{\s])(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|font-size\s*:\s*0(?:\.0*)?(?:px|pt|em|rem|%)?)\s*(?:!important\s*)?(?:;|$|})/i;

/** Whether an inline style attribute hides its element. */
export function styleHides(style: string | undefined): boolean {
  return style !== undefined && style.length < 4096 && HIDING.test(style);
}

/** Whether a page may carry style at all: a `<style>` element or a `style` attribute. */
export function hasStyle(html: string): boolean {
  return /style/i.test(html);
}

/** A `style` attribute, or `style=` said in the text (then attributes are read for nothing). */
const STYLE_ATTRIBUTE = /style\s*=/i;
const STYLE_ELEMENT = /<style\b[^<>]*>([^<]*)/gi;
/**
 * Both searches in one pass over the page. `style=` holds no `<`, so one inside a `<style>` element
 * matched by the first branch lies wholly inside that match, where it is looked for.
 */
const STYLE_ELEMENT_OR_ATTRIBUTE = /<style\b[^<>]*>([^<]*)|style\s*=/gi;

/** What a page's style says: the classes it hides, and whether it may have `style` attributes. */
export function pageStyle(html: string): { hidden: Set<string>; attributes: boolean } {
  const hidden = new Set<string>();
  let attributes = false;
  const rules = { read: 0 };
  for (const m of html.matchAll(STYLE_ELEMENT_OR_ATTRIBUTE)) {
    const css = m[1];
    if (css === undefined) {
      attributes = true;
      continue;
    }
    if (!attributes && STYLE_ATTRIBUTE.test(m[0])) attributes = true;
    hideClassesOf(css, hidden, rules);
  }
  return { hidden, attributes };
}
const CLASS_SELECTOR = /^\s*(?:[a-z][a-z0-9]*)?\.(-?[_a-z][\w-]*)\s*$/i;
/** Rules read per page, at most: the work stays bounded on a page of megabytes of CSS. */
const MAX_RULES = 10_000;
/** Longer selector lists and declaration blocks are no simple rule. */
const MAX_SELECTORS = 512;
const MAX_DECLARATIONS = 2048;

/**
 * Classes a page's `<style>` elements hide with a rule of a class selector alone. Each rule is
 * what stands between the last `{` before a `}` and that `}` (an at-rule's block, like `@media`,
 * holds its rules), found by searching forward only: linear in the size of the CSS.
 */
export function hiddenClasses(html: string): Set<string> {
  const hidden = new Set<string>();
  const rules = { read: 0 };
  for (const element of html.matchAll(STYLE_ELEMENT)) hideClassesOf(element[1] as string, hidden, rules);
  return hidden;
}

/** Adds the classes one element's CSS hides to `hidden`, counting its rules into `rules.read`. */
function hideClassesOf(css: string, hidden: Set<string>, rules: { read: number }): void {
  // The next '{' at or after `at`, kept between rules: every search goes forward from the last.
  let next = css.indexOf('{');
  for (let at = 0; next !== -1 && rules.read < MAX_RULES;) {
    const close = css.indexOf('}', Math.max(at, next));
    if (close === -1) break;
    // The last '{' before the '}' opens the rule; one before it, an at-rule's block.
    let open = -1;
    let before = at - 1;
    while (next !== -1 && next < close) {
      if (open !== -1) before = open;
      open = next;
      next = css.indexOf('{', next + 1);
    }
    if (open !== -1 && close - open <= MAX_DECLARATIONS) {
      rules.read++;
      const from = Math.max(before + 1, open - MAX_SELECTORS);
      if (HIDING.test(`;${css.slice(open + 1, close)}`)) {
        for (const selector of css.slice(from, open).split(',')) {
          const name = CLASS_SELECTOR.exec(selector.replace(/\/\*[^*]*\*\//g, ''))?.[1];
          if (name !== undefined) hidden.add(name);
        }
      }
    }
    at = close + 1;
  }
}

/** Whether a class attribute names one of the hidden classes. */
export function classHides(classes: string | undefined, hidden: ReadonlySet<string>): boolean {
  if (classes === undefined || hidden.size === 0) return false;
  for (const name of classes.split(/[\t\n\f\r ]+/)) if (hidden.has(name)) return true;
  return false;
}

/** The hidden classes of each parsed page (see parseHtml), for extractions of parts of it. */
const byDocument = new WeakMap<object, ReadonlySet<string>>();

/** Records the classes a page's style hides, for `hiddenClassesOf` its nodes. */
export function rememberHiddenClasses(root: object, html: string): void {
  if (hasStyle(html)) byDocument.set(root, hiddenClasses(html));
}

interface TreeNode {
  parent: TreeNode | null;
}

/** The classes hidden by the style of the page a node belongs to (none for a tree not from parseHtml). */
export function hiddenClassesOf(nodes: TreeNode | TreeNode[]): ReadonlySet<string> | undefined {
  let node: TreeNode | undefined = Array.isArray(nodes) ? nodes[0] : nodes;
  while (node?.parent) node = node.parent;
  return node ? byDocument.get(node) : undefined;
}
