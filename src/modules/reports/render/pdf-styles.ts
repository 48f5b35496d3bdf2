// pdfmake looks up every style property of every text run (font, size, bold, colour, line height …)
// through its style stack, and each lookup of a named style allocates a closure and a Set (to guard
// against cycles in `extends`). On the seeded annex that was the largest single item of the layout
// after shaping, and much of the garbage collection. This is the same lookup without the
// allocations; a named style that uses `extends` (none of ours does) still goes through pdfmake's
// own code, so the result is the same in every case.
// A text's words are measured one by one, each asking the stack for the same twenty properties
// while the stack stays as it is; so a stack remembers its answers until something is pushed onto
// it or popped off it.
import { createRequire } from 'node:module';

const ANSWERS = Symbol('answers');
/** A remembered answer of no value. */
const NONE = Symbol('none');

interface StyleStack {
  styleOverrides?: (string | Record<string, unknown>)[];
  styleDictionary: Record<string, Record<string, unknown> | undefined>;
  defaultStyle?: Record<string, unknown>;
  [ANSWERS]?: Map<string, unknown>;
  getProperty(property: string): unknown;
  push(style: unknown): void;
  pop(howMany?: number): void;
}

let installed = false;

export function fastStyleLookup(): void {
  if (installed) return;
  installed = true;
  const requirePdfmake = createRequire(createRequire(import.meta.url).resolve('pdfmake'));
  const StyleContextStack = (
    requirePdfmake('./StyleContextStack.js') as {
      default: {
        prototype: StyleStack;
        getStyleProperty(item: unknown, stack: StyleStack | null, property: string, fallback: unknown): unknown;
      };
    }
  ).default;
  const proto = StyleContextStack.prototype;
  const original = proto.getProperty;
  const lookUp = lookUpProperty(original);
  // Called about twenty times for every word measured. pdfmake pushes the item (and its named
  // styles) on the stack for each call, through a closure; an item without named styles adds
  // nothing but its own properties, which are looked at first anyway, so the stack is asked as it is.
  const originalStatic = StyleContextStack.getStyleProperty;
  StyleContextStack.getStyleProperty = (item, stack, property, fallback) => {
    if (typeof item !== 'object' || item === null || (item as { style?: unknown }).style || !stack) {
      return originalStatic(item, stack, property, fallback);
    }
    const own = (item as Record<string, unknown>)[property];
    if (own !== undefined && own !== null) return own;
    const value = stack.getProperty(property);
    return value !== undefined && value !== null ? value : fallback;
  };
  proto.getProperty = function (this: StyleStack, property: string): unknown {
    let answers = this[ANSWERS];
    const known = answers?.get(property);
    if (known !== undefined) return known === NONE ? undefined : known;
    const value = lookUp.call(this, property);
    if (!answers) {
      answers = new Map();
      this[ANSWERS] = answers;
    }
    answers.set(property, value === undefined ? NONE : value);
    return value;
  };
  forgetAnswersOnChange(proto);
}

/** The answers of a stack are forgotten whenever it changes. */
function forgetAnswersOnChange(proto: StyleStack): void {
  const push = proto.push;
  const pop = proto.pop;
  proto.push = function (this: StyleStack, style: unknown) {
    this[ANSWERS] = undefined;
    return push.call(this, style);
  };
  proto.pop = function (this: StyleStack, howMany?: number) {
    this[ANSWERS] = undefined;
    return pop.call(this, howMany);
  };
}

/** The value of a property along the stack, as pdfmake's getProperty finds it. */
function lookUpProperty(original: (property: string) => unknown) {
  return function (this: StyleStack, property: string): unknown {
    const overrides = this.styleOverrides;
    if (overrides) {
      for (let i = overrides.length - 1; i >= 0; i--) {
        const item = overrides[i];
        if (typeof item === 'string') {
          const style = this.styleDictionary[item];
          if (!style) continue;
          const value = style[property];
          if (value !== undefined && value !== null) return value;
          if (style.extends) return original.call(this, property);
        } else if (item) {
          const value = item[property];
          if (value !== undefined && value !== null) return value;
        }
      }
    }
    return this.defaultStyle?.[property];
  };
}
