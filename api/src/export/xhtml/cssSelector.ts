import type { SourceElement } from './sourceMap.ts';

/**
 * The CSS selectors axe-core (inside Ace) writes to point at an element — `figure:nth-child(3) > img`,
 * `#h-2`, `p.attribution`, `img[src$="lamp.png"]` — matched against a chapter's element tree. Only
 * that subset is understood: type, id, class, attribute tests, the child-position pseudo-classes and
 * the child and descendant combinators. Anything else matches nothing, so a finding keeps its chapter
 * and simply gets no position, rather than a wrong one.
 */

type Test = (elements: SourceElement[], index: number) => boolean;
interface Step {
  tests: Test[];
  /** How this step relates to the one on its left; absent for the leftmost. */
  combinator: '>' | ' ' | null;
}

const COMPOUND = /^(\*|[A-Za-z][\w-]*)?((?:#[\w-]+|\.[\w-]+|\[[^\]]*\]|:[\w-]+(?:\([^)]*\))?)*)/;
const PART = /#([\w-]+)|\.([\w-]+)|\[([^\]]*)\]|:([\w-]+)(?:\(([^)]*)\))?/g;
const ATTRIBUTE = /^\s*([\w-]+)\s*(?:([~^$*|]?=)\s*(?:"([^"]*)"|'([^']*)'|([\w-]+)))?\s*$/;

/** Whether the element at `index` matches `selector` (a comma-separated list matches if one does). */
export function matchSelector(elements: SourceElement[], index: number, selector: string): boolean {
  return splitList(selector).some((one) => {
    const steps = parseSelector(one);
    return steps !== null && matchSteps(elements, index, steps, steps.length - 1);
  });
}

/** Splits on commas outside brackets and quotes. */
function splitList(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth += 1;
    else if (c === ']' || c === ')') depth -= 1;
    else if (c === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(selector.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

export function parseSelector(selector: string): Step[] | null {
  const steps: Step[] = [];
  let rest = selector.trim();
  let combinator: Step['combinator'] = null;
  while (rest) {
    const compound = COMPOUND.exec(rest);
    if (!compound || compound[0] === '') return null;
    const tests = compoundTests(compound[1], compound[2] ?? '');
    if (!tests) return null;
    steps.push({ tests, combinator });
    rest = rest.slice(compound[0].length);
    const between = /^\s*>\s*|^\s+/.exec(rest);
    if (!between) {
      if (rest) return null;
      break;
    }
    combinator = between[0].includes('>') ? '>' : ' ';
    rest = rest.slice(between[0].length);
    if (!rest) return null;
  }
  return steps.length ? steps : null;
}

function compoundTests(type: string | undefined, parts: string): Test[] | null {
  const tests: Test[] = [];
  if (type && type !== '*') tests.push((els, i) => els[i]!.name.toLowerCase() === type.toLowerCase());
  for (const part of parts.matchAll(PART)) {
    const [, id, className, attribute, pseudo, argument] = part;
    if (id !== undefined) tests.push((els, i) => els[i]!.attrs.id === id);
    else if (className !== undefined)
      tests.push((els, i) => (els[i]!.attrs.class ?? '').split(/\s+/).includes(className));
    else if (attribute !== undefined) {
      const test = attributeTest(attribute);
      if (!test) return null;
      tests.push(test);
    } else {
      const test = pseudoTest(pseudo!, argument);
      if (!test) return null;
      tests.push(test);
    }
  }
  return tests;
}

function attributeTest(source: string): Test | null {
  const parsed = ATTRIBUTE.exec(source);
  if (!parsed) return null;
  const [, name, op, double, single, bare] = parsed;
  const expected = double ?? single ?? bare ?? '';
  const compare: Record<string, (v: string) => boolean> = {
    '=': (v) => v === expected,
    '~=': (v) => v.split(/\s+/).includes(expected),
    '^=': (v) => expected !== '' && v.startsWith(expected),
    '$=': (v) => expected !== '' && v.endsWith(expected),
    '*=': (v) => expected !== '' && v.includes(expected),
    '|=': (v) => v === expected || v.startsWith(`${expected}-`),
  };
  return (els, i) => {
    const value = els[i]!.attrs[name!];
    if (value === undefined) return false;
    return op === undefined ? true : (compare[op]?.(value) ?? false);
  };
}

function pseudoTest(name: string, argument: string | undefined): Test | null {
  const n = argument !== undefined && /^\s*\d+\s*$/.test(argument) ? Number(argument) : null;
  const siblings = (els: SourceElement[], i: number, sameType: boolean) => {
    const parent = els[i]!.parent;
    const all = parent === -1 ? [i] : els[parent]!.children;
    return sameType ? all.filter((c) => els[c]!.name === els[i]!.name) : all;
  };
  const nth = (sameType: boolean, fromEnd: boolean, want: number): Test => {
    return (els, i) => {
      const list = siblings(els, i, sameType);
      const at = list.indexOf(i);
      return (fromEnd ? list.length - at : at + 1) === want;
    };
  };
  switch (name) {
    case 'nth-child':
      return n === null ? null : nth(false, false, n);
    case 'nth-of-type':
      return n === null ? null : nth(true, false, n);
    case 'nth-last-child':
      return n === null ? null : nth(false, true, n);
    case 'nth-last-of-type':
      return n === null ? null : nth(true, true, n);
    case 'first-child':
      return nth(false, false, 1);
    case 'last-child':
      return nth(false, true, 1);
    case 'first-of-type':
      return nth(true, false, 1);
    case 'last-of-type':
      return nth(true, true, 1);
    case 'only-child':
      return (els, i) => siblings(els, i, false).length === 1;
    case 'root':
      return (els, i) => els[i]!.parent === -1;
    default:
      return null;
  }
}

/** Right to left: the element matches the last step, and some ancestor chain matches the steps before. */
function matchSteps(els: SourceElement[], index: number, steps: Step[], at: number): boolean {
  const step = steps[at]!;
  if (!step.tests.every((test) => test(els, index))) return false;
  if (at === 0) return true;
  let parent = els[index]!.parent;
  if (step.combinator === '>') return parent !== -1 && matchSteps(els, parent, steps, at - 1);
  for (; parent !== -1; parent = els[parent]!.parent) {
    if (matchSteps(els, parent, steps, at - 1)) return true;
  }
  return false;
}
