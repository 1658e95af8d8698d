import { invalidArgument, type CairnError } from '../../errors.js';

/**
 * Tokens of MLflow's search grammar. Positions are 0-based character offsets into the original
 * text, so error messages can point at the exact spot the user has to fix in the filter box.
 */
export type Token =
  | { kind: 'word'; text: string; position: number; end: number }
  | { kind: 'quoted'; quote: '"' | '`' | "'"; text: string; position: number; end: number }
  | { kind: 'number'; text: string; value: number; position: number; end: number }
  | { kind: 'op'; text: '=' | '!=' | '<' | '<=' | '>' | '>='; position: number; end: number }
  | { kind: 'punct'; text: '(' | ')' | ','; position: number; end: number }
  | { kind: 'end'; text: ''; position: number; end: number };

/** What the user typed, for error messages: "Invalid filter 'x > '". */
export interface SearchSource {
  label: string;
  text: string;
}

export function searchError(source: SearchSource, detail: string): CairnError {
  return invalidArgument(`Invalid ${source.label} '${source.text}': ${detail}`);
}

/** A token as the user would recognise it in a message. */
export function describeToken(token: Token): string {
  if (token.kind === 'end') return 'end of input';
  if (token.kind === 'quoted') return `${token.quote}${token.text}${token.quote}`;
  return `'${token.text}'`;
}

// Unquoted keys may carry the characters MLflow allows in keys, except space.
const wordStart = /[A-Za-z_]/;
const wordChar = /[A-Za-z0-9_.\-/:]/;
// Sticky, so each match starts exactly at the cursor without copying the rest of the text.
const numberPattern = /[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/y;

export function tokenize(source: SearchSource): Token[] {
  const text = source.text;
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"' || c === '`') {
      const { value, end } = readQuoted(source, start);
      tokens.push({ kind: 'quoted', quote: c, text: value, position: start, end });
      i = end;
      continue;
    }
    numberPattern.lastIndex = i;
    const number = numberPattern.exec(text);
    if (number) {
      const raw = number[0];
      const value = Number(raw);
      if (!Number.isFinite(value)) throw searchError(source, `number ${raw} at position ${start} is out of range`);
      tokens.push({ kind: 'number', text: raw, value, position: start, end: start + raw.length });
      i += raw.length;
      if (i < text.length && wordStart.test(text[i] as string)) {
        throw searchError(source, `unexpected '${text[i] as string}' at position ${i}; a number ends here`);
      }
      continue;
    }
    if (wordStart.test(c)) {
      while (i < text.length && wordChar.test(text[i] as string)) i += 1;
      tokens.push({ kind: 'word', text: text.slice(start, i), position: start, end: i });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', text: two, position: start, end: start + 2 });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c, position: start, end: start + 1 });
      i += 1;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, position: start, end: start + 1 });
      i += 1;
      continue;
    }
    throw searchError(source, `unexpected '${c}' at position ${start}`);
  }
  tokens.push({ kind: 'end', text: '', position: text.length, end: text.length });
  return tokens;
}

/**
 * Reads a quoted run starting at `start`. The quote character is escaped by doubling it or by a
 * backslash; every other backslash stays literal so LIKE patterns such as 'a\_b' survive intact.
 */
function readQuoted(source: SearchSource, start: number): { value: string; end: number } {
  const text = source.text;
  const quote = text[start] as string;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\' && text[i + 1] === quote) {
      value += quote;
      i += 2;
    } else if (c === quote && text[i + 1] === quote) {
      value += quote;
      i += 2;
    } else if (c === quote) {
      return { value, end: i + 1 };
    } else {
      value += c;
      i += 1;
    }
  }
  throw searchError(source, `unterminated ${quote === "'" ? 'string' : 'quoted name'} starting at position ${start}; add a closing ${quote}`);
}

/** A cursor over tokens with the checks every search parser needs. */
export class TokenStream {
  private index = 0;
  constructor(
    readonly source: SearchSource,
    private readonly tokens: Token[],
  ) {}

  static of(source: SearchSource): TokenStream {
    return new TokenStream(source, tokenize(source));
  }

  peek(offset = 0): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.index + offset] ?? last;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  atEnd(): boolean {
    return this.peek().kind === 'end';
  }

  /** True (and consumes it) when the next token is the keyword `word`, in any letter case. */
  acceptKeyword(word: string): boolean {
    if (!isKeyword(this.peek(), word)) return false;
    this.next();
    return true;
  }

  fail(detail: string): CairnError {
    return searchError(this.source, detail);
  }

  /** "unexpected 'x' at position 3; expected a comparator" */
  unexpected(token: Token, expected: string): CairnError {
    if (token.kind === 'end') return this.fail(`unexpected end of input at position ${token.position}; expected ${expected}`);
    return this.fail(`unexpected ${describeToken(token)} at position ${token.position}; expected ${expected}`);
  }
}

export function isKeyword(token: Token, word: string): boolean {
  return token.kind === 'word' && token.text.toUpperCase() === word;
}
