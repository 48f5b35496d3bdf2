// pdfmake asks the document's pageBreakBefore only after a whole layout pass: when it moves a
// heading to the next page, it lays out the whole document again, and asks again (pdf.ts moves two
// headings of the seeded annex: three passes, each a full layout, and each pass's pages promoted to
// the old generation before they are dropped). Here the same function is asked while the layout
// reaches a heading, with the position the heading is about to take: the layout before the heading
// is the same in every pass, so the answer is the one the later pass would have got, and a heading
// to move gets its page break before it is placed. pdfmake's own check after the pass (which
// describes every node of the document to the function, some 8,000 on the seeded annex) is left
// out; should a heading stand where it cannot be decided here (inside a block kept together), the
// document is laid out once more the way pdfmake does it, with its check.
import { createRequire } from 'node:module';

interface Position {
  pageNumber: number;
  top: number;
  verticalRatio: number;
  pageInnerHeight: number;
}

interface Context {
  page: number;
  y: number;
  availableHeight: number;
  pageMargins: { top: number };
  pages: unknown[];
  getCurrentPage(): unknown;
  getCurrentPosition(): Position;
}

interface LayoutNode {
  headlineLevel?: unknown;
  pageBreak?: string;
  _margin?: number[] | null;
  [key: string]: unknown;
}

type PageBreakBefore = (nodeInfo: Record<string, unknown>) => boolean;

interface Builder {
  writer: { context(): Context; contextStack?: unknown[] };
  linearNodeList?: { resetXY(): void }[];
  processNode(node: LayoutNode, isVerticalAlignmentAllowed?: boolean): unknown;
  layoutDocument(...args: unknown[]): unknown;
}

/** The layout's heading decisions: the document's function, and whether a heading escaped it. */
interface Decisions {
  pageBreakBefore: PageBreakBefore;
  undecided: boolean;
  /** Headings given a page break here. */
  moved: LayoutNode[];
}

/** The keys of a node pdfmake hands to pageBreakBefore (LayoutBuilder.layoutDocument). */
const INFO_KEYS = ['id', 'text', 'ul', 'ol', 'table', 'image', 'qr', 'canvas', 'svg', 'columns', 'headlineLevel', 'style', 'pageBreak'];

/** What pageBreakBefore would be told of a heading about to be placed at the context's position. */
function headingInfo(node: LayoutNode, context: Context): Record<string, unknown> | null {
  const marginTop = node._margin?.[1] ?? 0;
  // A heading whose margin does not fit starts the next page anyway; nothing to decide.
  if (context.availableHeight - marginTop < 0) return null;
  const here = context.getCurrentPosition();
  const y = here.top + marginTop;
  const startPosition = { ...here, top: y, verticalRatio: (y - context.pageMargins.top) / here.pageInnerHeight };
  const info: Record<string, unknown> = {};
  for (const key of INFO_KEYS) if (node[key] !== undefined) info[key] = node[key];
  return { ...info, startPosition, pageNumbers: [here.pageNumber], pages: context.pages.length, stack: Array.isArray(node.stack) };
}

let installed = false;

/** Decides page breaks before headings during the layout pass (see above). pageBreakBefore gets the node only. */
export function breakHeadingsInOnePass(): void {
  if (installed) return;
  installed = true;
  const requirePdfmake = createRequire(createRequire(import.meta.url).resolve('pdfmake'));
  const proto = (requirePdfmake('./LayoutBuilder.js') as { default: { prototype: Builder } }).default.prototype;
  const decisions = new WeakMap<Builder, Decisions>();
  const layoutDocument = proto.layoutDocument;
  proto.layoutDocument = function (this: Builder, ...args: unknown[]) {
    const pageBreakBefore = args[8];
    if (typeof pageBreakBefore !== 'function') return layoutDocument.apply(this, args);
    const mine: Decisions = { pageBreakBefore: pageBreakBefore as PageBreakBefore, undecided: false, moved: [] };
    decisions.set(this, mine);
    const pages = layoutDocument.apply(this, [...args.slice(0, 8), undefined]);
    decisions.delete(this);
    if (!mine.undecided) return pages;
    // As pdfmake between its passes: the nodes back where the document put them; and no heading
    // moved here, pdfmake decides them all.
    for (const node of this.linearNodeList ?? []) node.resetXY();
    for (const node of mine.moved) node.pageBreak = undefined;
    return layoutDocument.apply(this, args);
  };
  const processNode = proto.processNode;
  proto.processNode = function (this: Builder, node, isVerticalAlignmentAllowed) {
    const mine = decisions.get(this);
    if (mine && node.headlineLevel !== undefined && node.pageBreak === undefined) decide(this, node, mine);
    return processNode.call(this, node, isVerticalAlignmentAllowed);
  };
}

/** A page break before a top-level heading where pageBreakBefore wants one. */
function decide(builder: Builder, node: LayoutNode, decisions: Decisions): void {
  // Inside an unbreakable block the context is a copy of the page's: left to pdfmake's check.
  if (builder.writer.contextStack?.length) {
    decisions.undecided = true;
    return;
  }
  const context = builder.writer.context();
  const info = context.getCurrentPage() ? headingInfo(node, context) : null;
  if (info && decisions.pageBreakBefore(info)) {
    node.pageBreak = 'before';
    decisions.moved.push(node);
  }
}
