import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// API.md is generated from the doc comments: every exported class, interface and public member
// is documented, and every optional prop of a struct says its @default.

const SRC = path.resolve(__dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function isExported(node: ts.Node): boolean {
  return hasModifier(node, ts.SyntaxKind.ExportKeyword);
}

function jsDoc(node: ts.Node): string {
  return ts.getJSDocCommentsAndTags(node).map((d) => d.getText()).join('\n');
}

function isPublic(member: ts.ClassElement): boolean {
  const name = member.name?.getText() ?? '';
  const hidden = hasModifier(member, ts.SyntaxKind.PrivateKeyword) || hasModifier(member, ts.SyntaxKind.ProtectedKeyword);
  return !hidden && !name.startsWith('_') && !/@internal/.test(jsDoc(member));
}

describe('public API documentation', () => {
  const problems: string[] = [];
  for (const file of sources(SRC)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const where = (n: ts.Node) => `${path.relative(SRC, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    source.forEachChild((node) => {
      if (!isExported(node)) return;
      if (ts.isInterfaceDeclaration(node)) {
        if (!jsDoc(node)) problems.push(`${where(node)} interface ${node.name.text} has no doc comment`);
        for (const member of node.members) {
          if (!ts.isPropertySignature(member)) continue;
          const name = `${node.name.text}.${member.name.getText()}`;
          const doc = jsDoc(member);
          if (!doc) problems.push(`${where(member)} ${name} has no doc comment`);
          else if (member.questionToken && !/@default/.test(doc)) problems.push(`${where(member)} ${name} is optional but has no @default`);
        }
      } else if (ts.isClassDeclaration(node) && node.name) {
        if (!jsDoc(node)) problems.push(`${where(node)} class ${node.name.text} has no doc comment`);
        for (const member of node.members) {
          const documentable = ts.isPropertyDeclaration(member) || ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member);
          if (documentable && isPublic(member) && !jsDoc(member)) {
            if (ts.isMethodDeclaration(member) && member.name.getText() === 'toJson') continue; // documented by cdk8s
            problems.push(`${where(member)} ${node.name.text}.${member.name.getText()} has no doc comment`);
          }
        }
      } else if (ts.isEnumDeclaration(node)) {
        for (const member of node.members) {
          if (!jsDoc(member)) problems.push(`${where(member)} ${node.name.text}.${member.name.getText()} has no doc comment`);
        }
      }
    });
  }

  test('every exported interface, class, public member and enum member is documented; optional props say their @default', () => {
    expect(problems).toEqual([]);
  });
});
