/**
 * css-select's tree access, with the searches over a subtree done with a stack that grows at its end.
 * domutils' own searches shift and unshift their stack at every level (or recurse): on a hostile page
 * nested a hundred thousand levels deep that is quadratic time, or a stack overflow.
 */
import type { Options } from 'css-select';
import * as DomUtils from 'domutils';
import { hasChildren, isTag } from 'domhandler';
import type { AnyNode, Element } from 'domhandler';

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

export const ITERATIVE_DOM: Adapter = {
  ...DomUtils,
  findAll,
  findOne,
  existsOne: (test: Test, nodes: AnyNode[]) => findOne(test, nodes) !== null,
};
