// One-off codemod of issue #11 (step 7): the test apps' inject() no longer defaults to the admin;
// every call that relied on that default states `as: 'admin'`. Rerun it on a test file that gained
// such calls on another branch: `node test/tools/explicit-caller.mjs test/x.test.ts …`.
// Calls that already name a caller (`as: …`) are left alone; a call whose argument is neither an
// object literal nor an obvious URL expression is printed for a person to decide.
import { readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';

let unsure = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits = [];
  const visit = (node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'inject' &&
      node.arguments.length === 1
    ) {
      let [arg] = node.arguments;
      while (ts.isAsExpression(arg) || ts.isSatisfiesExpression(arg) || ts.isParenthesizedExpression(arg)) arg = arg.expression;
      if (ts.isObjectLiteralExpression(arg)) {
        const named = arg.properties.some((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'as');
        if (!named) {
          const open = arg.getStart(source) + 1;
          const oneLine = !text.slice(open, arg.getEnd()).includes('\n');
          edits.push({ at: open, remove: 0, insert: oneLine || arg.properties.length === 0 ? " as: 'admin'," : "\n as: 'admin'," });
        }
      } else {
        const expr = arg.getText(source);
        const simple =
          /^[\w.]+$/.test(expr) || /^String\([\w.[\]'"-]+\)$/.test(expr) || ts.isStringLiteralLike(arg) || ts.isTemplateExpression(arg);
        if (simple && /^['`]|url|URL|next|location|String\(|path/i.test(expr)) {
          edits.push({ at: arg.getStart(source), remove: expr.length, insert: `{ as: 'admin', url: ${expr} }` });
        } else {
          unsure++;
          console.log(`${file}:${source.getLineAndCharacterOfPosition(arg.getStart(source)).line + 1}: decide: inject(${expr})`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = text;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.insert + out.slice(e.at + e.remove);
  if (out !== text) writeFileSync(file, out);
  console.log(`${file}: ${edits.length} calls now state the caller`);
}
if (unsure) process.exitCode = 1;
