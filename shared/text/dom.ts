/**
 * Pages as trees, for the adapters: parsing into the domhandler shape css-select and domutils work
 * on, and css-select queries over it. Both stay bounded on hostile pages: a page nested too deep is
 * refused early, and searches never recurse or shift a stack per level.
 */
import { selectAll, selectOne } from 'css-select';
import type { Options } from 'css-select';
import { DomHandler, hasChildren, isTag } from 'domhandler';
import type { AnyNode, Document, Element } from 'domhandler';
import * as DomUtils from 'domutils';
import { Parser } from 'htmlparser2';
import { PermanentJobError } from '../errors.js';
import { rememberHiddenClasses } from './css-hidden.js';

/**
 * How deep a page's elements may nest for its structure to be read. Real pages nest a few dozen
 * levels; htmlparser2's parser keeps its open elements in an array it shifts at every tag, so a page
 * nested a million levels deep would hold a worker for many minutes.
 */
export const MAX_NESTING = 2048;

/**
 * A page nested deeper than MAX_NESTING: its structure is not read (its text still can be). No retry
 * reads it either, so a job that meets it fails at once.
 */
export class MarkupTooDeepError extends PermanentJobError {
  constructor() {
    super(`the page nests its elements more than ${MAX_NESTING} levels deep`);
    this.name = 'MarkupTooDeepError';
  }
}

class NestingBoundHandler extends DomHandler {
  override onopentag(name: string, attribs: Record<string, string>): void {
    if (this.tagStack.length > MAX_NESTING) throw new MarkupTooDeepError();
    super.onopentag(name, attribs);
  }
}

/**
 * Parses HTML into a domhandler tree (the shape css-select and domutils work on). Throws
 * MarkupTooDeepError, early and in bounded time, for a page nested deeper than MAX_NESTING.
 */
export function parseHtml(html: string): Document {
  const handler = new NestingBoundHandler();
  new Parser(handler, { decodeEntities: true }).end(html);
  rememberHiddenClasses(handler.root, html);
  return handler.root;
}

/**
 * css-select with the element type pinned down (its inference otherwise widens to the root's type),
 * over a tree access whose searches stay linear however deep the page nests (ITERATIVE_DOM).
 */
export function queryAll(selector: string, root: AnyNode | AnyNode[]): Element[] {
  return selectAll<AnyNode, Element>(selector, root, { adapter: ITERATIVE_DOM });
}

export function queryOne(selector: string, root: AnyNode | AnyNode[]): Element | null {
  return selectOne<AnyNode, Element>(selector, root, { adapter: ITERATIVE_DOM });
}

type Test = (element: Element) => boolean;

/** Calls `visit` on each element of `nodes` and below, in document order, until it returns true. */
function eachElement(nodes: AnyNode[], visit: (element: Element) => boolean): void {
  const stack: AnyNode[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) stack.push(nodes[i] as AnyNode);
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (isTag(node) && visit(node)) return;
    if (hasChildren(node))
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
  }
}

function findAll(test: Test, nodes: AnyNode[]): Element[] {
  const found: Element[] = [];
  eachElement(nodes, (element) => {
    if (test(element)) found.push(element);
    return false;
  });
  return found;
}

function findOne(test: Test, nodes: AnyNode[]): Element | null {
  let found: Element | null = null;
  eachElement(nodes, (element) => {
    if (test(element)) found = element;
    return found !== null;
  });
  return found;
}

type Adapter = NonNullable<Options<AnyNode, Element>['adapter']>;

/**
 * css-select's tree access, with the searches over a subtree done with a stack that grows at its
 * end: domutils' own searches shift and unshift their stack at every level (or recurse), which on a
 * deeply nested page is quadratic time, or a stack overflow.
 */
const ITERATIVE_DOM: Adapter = {
  ...DomUtils,
  findAll,
  findOne,
  existsOne: (test: Test, nodes: AnyNode[]) => findOne(test, nodes) !== null,
};
