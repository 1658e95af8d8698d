import { invalidArgument } from '../../errors.js';

/** What the subset gives back: mappings, sequences, strings and null (numbers and booleans stay text). */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  indent: number;
  text: string;
  number: number;
}

/**
 * A reader for the block-style YAML that MLflow writes in MLmodel files (PyYAML's safe_dump): nested
 * mappings, block sequences (`- ` at the parent's indent or deeper), plain, single- and
 * double-quoted scalars folded over several lines, `|`/`>` block scalars, and empty `{}`/`[]`.
 * Anchors, tags and non-empty flow collections are not supported: such values come back as text.
 */
export function parseYamlSubset(text: string): YamlValue {
  const lines: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (/^\s*(#.*)?$/.test(raw) || raw === '---' || raw === '...') {
      lines.push({ indent: -1, text: '', number: i + 1 });
      return;
    }
    const indent = raw.length - raw.trimStart().length;
    lines.push({ indent, text: raw.trimStart().replace(/\s+$/, ''), number: i + 1 });
  });
  const parser = new Parser(lines);
  return parser.document();
}

class Parser {
  private at = 0;
  constructor(private readonly lines: Line[]) {}

  document(): YamlValue {
    this.skipBlank();
    const first = this.lines[this.at];
    if (!first) return null;
    return this.block(first.indent);
  }

  private skipBlank(): void {
    while (this.lines[this.at]?.indent === -1) this.at += 1;
  }

  private peek(): Line | undefined {
    this.skipBlank();
    return this.lines[this.at];
  }

  private block(indent: number): YamlValue {
    const line = this.peek();
    if (!line) return null;
    return isItem(line.text) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): YamlValue {
    const result: Record<string, YamlValue> = {};
    for (let line = this.peek(); line && line.indent === indent && !isItem(line.text); line = this.peek()) {
      const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^'"][^:]*?|[^'"]):(?:\s+(.*)|$)/.exec(line.text);
      if (!match) throw invalidArgument(`MLmodel line ${line.number}: expected 'key: value'`);
      const key = unquoteKey(match[1] as string);
      this.at += 1;
      result[key] = this.value(match[2] ?? '', indent);
    }
    return result;
  }

  private sequence(indent: number): YamlValue {
    const items: YamlValue[] = [];
    for (let line = this.peek(); line && line.indent === indent && isItem(line.text); line = this.peek()) {
      const rest = line.text === '-' ? '' : line.text.slice(2).trimStart();
      const inner = indent + (line.text.length - rest.length);
      if (/^[^'"\s][^:]*:(\s|$)/.test(rest) || /^['"].*['"]:(\s|$)/.test(rest)) {
        // `- key: value` opens a mapping whose keys line up with `key`.
        this.lines[this.at] = { indent: inner, text: rest, number: line.number };
        items.push(this.mapping(inner));
      } else {
        this.at += 1;
        items.push(this.value(rest, indent));
      }
    }
    return items;
  }

  /** The value after `key:` (or `- `) on a line at `indent`, with whatever lines continue it. */
  private value(rest: string, indent: number): YamlValue {
    if (rest === '' || rest.startsWith('#')) {
      const next = this.peek();
      if (next && next.indent > indent) return this.block(next.indent);
      if (next && next.indent === indent && isItem(next.text)) return this.sequence(indent);
      return null;
    }
    if (rest.startsWith("'") || rest.startsWith('"')) return this.quoted(rest);
    if (/^[|>][-+0-9]*$/.test(rest)) return this.blockScalar(rest.startsWith('|'), indent);
    if (rest === '{}') return {};
    if (rest === '[]') return [];
    let text = rest.replace(/\s+#.*$/, '');
    for (let next = this.peek(); next && next.indent > indent; next = this.peek()) {
      text += ` ${next.text}`;
      this.at += 1;
    }
    return text === 'null' || text === '~' ? null : text;
  }

  private quoted(first: string): string {
    const quote = first[0] as string;
    let raw = first.slice(1);
    // Gather lines until the closing quote; a folded line break reads as one space, an empty line as a newline.
    while (closingQuote(raw, quote) < 0) {
      const next = this.lines[this.at];
      if (!next) throw invalidArgument(`MLmodel: a ${quote}-quoted value is not closed`);
      this.at += 1;
      raw += next.indent === -1 ? '\n' : raw.endsWith('\n') ? next.text : ` ${next.text}`;
    }
    const body = raw.slice(0, closingQuote(raw, quote)).replace(/ \n/g, '\n');
    return quote === "'" ? body.replace(/''/g, "'") : unescapeDouble(body);
  }

  private blockScalar(literal: boolean, indent: number): string {
    const parts: string[] = [];
    let depth: number | undefined;
    while (this.at < this.lines.length) {
      const next = this.lines[this.at] as Line;
      if (next.indent !== -1 && next.indent <= indent) break;
      depth ??= next.indent === -1 ? undefined : next.indent;
      parts.push(next.indent === -1 ? '' : ' '.repeat(next.indent - (depth ?? next.indent)) + next.text);
      this.at += 1;
    }
    return literal ? `${parts.join('\n')}\n` : `${parts.join(' ')}\n`;
  }
}

function isItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function unquoteKey(key: string): string {
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  if (key.startsWith('"')) return unescapeDouble(key.slice(1, -1));
  return key.trim();
}

/** Index of the quote that ends a scalar in `raw` (after its opening quote), or -1. */
function closingQuote(raw: string, quote: string): number {
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (quote === '"' && c === '\\') i += 1;
    else if (c === quote) {
      if (quote === "'" && raw[i + 1] === "'") i += 1;
      else return i;
    }
  }
  return -1;
}

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '"': '"', '\\': '\\', '/': '/', ' ': ' ', e: '\u001b' };

function unescapeDouble(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\s*\n\s*|.)/g, (_, code: string) => {
    if (/^[xuU]/.test(code)) return String.fromCodePoint(parseInt(code.slice(1), 16));
    if (code.trim() === '' && code.includes('\n')) return '';
    // A line break escaped by a trailing backslash was already folded to a space by the line joiner.
    if (code === ' ') return '';
    return escapes[code] ?? code;
  });
}
