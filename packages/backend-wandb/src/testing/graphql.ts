// A small GraphQL executor for the W&B protocol fake: parses documents
// (operations, variables with defaults, aliases, arguments, fragments, inline
// fragments, @include/@skip) and resolves them over plain objects whose fields
// are values or functions of their arguments. A field the fake does not serve
// is an error naming it — as a real server's validation would be — and is
// recorded, so tests can say exactly what a client asked for that is missing.

export type GqlValueNode =
  | { readonly kind: "variable"; readonly name: string }
  | { readonly kind: "scalar"; readonly value: string | number | boolean | null }
  | { readonly kind: "enum"; readonly value: string }
  | { readonly kind: "list"; readonly values: readonly GqlValueNode[] }
  | { readonly kind: "object"; readonly fields: ReadonlyArray<readonly [string, GqlValueNode]> };

interface Directive {
  readonly name: string;
  readonly args: ReadonlyArray<readonly [string, GqlValueNode]>;
}

export type Selection =
  | {
      readonly kind: "field";
      readonly alias: string | undefined;
      readonly name: string;
      readonly args: ReadonlyArray<readonly [string, GqlValueNode]>;
      readonly directives: readonly Directive[];
      readonly selections: readonly Selection[] | undefined;
    }
  | { readonly kind: "spread"; readonly name: string; readonly directives: readonly Directive[] }
  | {
      readonly kind: "inline";
      readonly typeCondition: string | undefined;
      readonly directives: readonly Directive[];
      readonly selections: readonly Selection[];
    };

export interface Operation {
  readonly type: "query" | "mutation" | "subscription";
  readonly name: string | undefined;
  readonly variables: ReadonlyArray<{ readonly name: string; readonly defaultValue: GqlValueNode | undefined }>;
  readonly selections: readonly Selection[];
}

export interface GqlDocument {
  readonly operations: readonly Operation[];
  readonly fragments: ReadonlyMap<string, { readonly typeCondition: string; readonly selections: readonly Selection[] }>;
}

export class GraphQLSyntaxError extends Error {}

type Token = { readonly kind: "punct" | "name" | "int" | "float" | "string" | "eof"; readonly value: string; readonly pos: number };

const PUNCT = new Set(["!", "$", "&", "(", ")", ":", "=", "@", "[", "]", "{", "|", "}"]);

const tokenize = (source: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i] as string;
    if (c === "#") {
      while (i < n && source[i] !== "\n" && source[i] !== "\r") i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "," || c === "\ufeff") {
      i++;
      continue;
    }
    if (c === "." && source.startsWith("...", i)) {
      tokens.push({ kind: "punct", value: "...", pos: i });
      i += 3;
      continue;
    }
    if (PUNCT.has(c)) {
      tokens.push({ kind: "punct", value: c, pos: i });
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_]/.test(source[i] as string)) i++;
      tokens.push({ kind: "name", value: source.slice(start, i), pos: start });
      continue;
    }
    if (c === "-" || /[0-9]/.test(c)) {
      const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i));
      if (!match) throw new GraphQLSyntaxError(`Syntax Error: unexpected character "${c}" at ${i}`);
      tokens.push({ kind: match[2] || match[3] ? "float" : "int", value: match[0], pos: i });
      i += match[0].length;
      continue;
    }
    if (c === '"') {
      if (source.startsWith('"""', i)) {
        const end = source.indexOf('"""', i + 3);
        if (end < 0) throw new GraphQLSyntaxError(`Syntax Error: unterminated block string at ${i}`);
        tokens.push({ kind: "string", value: blockString(source.slice(i + 3, end)), pos: i });
        i = end + 3;
        continue;
      }
      let j = i + 1;
      let text = "";
      while (j < n && source[j] !== '"') {
        if (source[j] === "\\") {
          const e = source[j + 1];
          if (e === "u") {
            text += String.fromCharCode(Number.parseInt(source.slice(j + 2, j + 6), 16));
            j += 6;
            continue;
          }
          text += ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" } as Record<string, string>)[e as string] ?? e;
          j += 2;
          continue;
        }
        text += source[j];
        j++;
      }
      if (j >= n) throw new GraphQLSyntaxError(`Syntax Error: unterminated string at ${i}`);
      tokens.push({ kind: "string", value: text, pos: i });
      i = j + 1;
      continue;
    }
    throw new GraphQLSyntaxError(`Syntax Error: unexpected character "${c}" at ${i}`);
  }
  tokens.push({ kind: "eof", value: "", pos: n });
  return tokens;
};

const blockString = (raw: string): string => {
  const lines = raw.replace(/\\"""/g, '"""').split(/\r\n|\n|\r/);
  let indent = Number.POSITIVE_INFINITY;
  for (const line of lines.slice(1)) {
    const lead = line.length - line.trimStart().length;
    if (lead < line.length) indent = Math.min(indent, lead);
  }
  const out = lines.map((line, k) => (k === 0 || !Number.isFinite(indent) ? line : line.slice(indent)));
  while (out.length > 0 && (out[0] as string).trim() === "") out.shift();
  while (out.length > 0 && (out[out.length - 1] as string).trim() === "") out.pop();
  return out.join("\n");
};

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }
  private next(): Token {
    return this.tokens[this.i++] as Token;
  }
  private is(value: string): boolean {
    const t = this.peek();
    return (t.kind === "punct" || t.kind === "name") && t.value === value;
  }
  private expect(value: string): void {
    const t = this.next();
    if (t.value !== value) throw new GraphQLSyntaxError(`Syntax Error: expected "${value}", found "${t.value}" at ${t.pos}`);
  }
  private name(): string {
    const t = this.next();
    if (t.kind !== "name") throw new GraphQLSyntaxError(`Syntax Error: expected a name, found "${t.value}" at ${t.pos}`);
    return t.value;
  }

  document(): GqlDocument {
    const operations: Operation[] = [];
    const fragments = new Map<string, { typeCondition: string; selections: Selection[] }>();
    while (this.peek().kind !== "eof") {
      if (this.is("{")) {
        operations.push({ type: "query", name: undefined, variables: [], selections: this.selectionSet() });
      } else if (this.is("fragment")) {
        this.next();
        const name = this.name();
        this.expect("on");
        const typeCondition = this.name();
        this.directives();
        fragments.set(name, { typeCondition, selections: this.selectionSet() });
      } else {
        const type = this.name();
        if (type !== "query" && type !== "mutation" && type !== "subscription") {
          throw new GraphQLSyntaxError(`Syntax Error: unexpected "${type}"`);
        }
        const name = this.peek().kind === "name" ? this.name() : undefined;
        const variables: Array<{ name: string; defaultValue: GqlValueNode | undefined }> = [];
        if (this.is("(")) {
          this.next();
          while (!this.is(")")) {
            this.expect("$");
            const varName = this.name();
            this.expect(":");
            this.type();
            let defaultValue: GqlValueNode | undefined;
            if (this.is("=")) {
              this.next();
              defaultValue = this.value();
            }
            this.directives();
            variables.push({ name: varName, defaultValue });
          }
          this.next();
        }
        this.directives();
        operations.push({ type, name, variables, selections: this.selectionSet() });
      }
    }
    return { operations, fragments };
  }

  private type(): void {
    if (this.is("[")) {
      this.next();
      this.type();
      this.expect("]");
    } else this.name();
    if (this.is("!")) this.next();
  }

  private directives(): Directive[] {
    const out: Directive[] = [];
    while (this.is("@")) {
      this.next();
      out.push({ name: this.name(), args: this.is("(") ? this.arguments() : [] });
    }
    return out;
  }

  private arguments(): Array<[string, GqlValueNode]> {
    this.expect("(");
    const args: Array<[string, GqlValueNode]> = [];
    while (!this.is(")")) {
      const name = this.name();
      this.expect(":");
      args.push([name, this.value()]);
    }
    this.next();
    return args;
  }

  private value(): GqlValueNode {
    const t = this.next();
    if (t.kind === "punct" && t.value === "$") return { kind: "variable", name: this.name() };
    if (t.kind === "int" || t.kind === "float") return { kind: "scalar", value: Number(t.value) };
    if (t.kind === "string") return { kind: "scalar", value: t.value };
    if (t.kind === "name") {
      if (t.value === "true" || t.value === "false") return { kind: "scalar", value: t.value === "true" };
      if (t.value === "null") return { kind: "scalar", value: null };
      return { kind: "enum", value: t.value };
    }
    if (t.value === "[") {
      const values: GqlValueNode[] = [];
      while (!this.is("]")) values.push(this.value());
      this.next();
      return { kind: "list", values };
    }
    if (t.value === "{") {
      const fields: Array<[string, GqlValueNode]> = [];
      while (!this.is("}")) {
        const name = this.name();
        this.expect(":");
        fields.push([name, this.value()]);
      }
      this.next();
      return { kind: "object", fields };
    }
    throw new GraphQLSyntaxError(`Syntax Error: unexpected "${t.value}" at ${t.pos}`);
  }

  private selectionSet(): Selection[] {
    this.expect("{");
    const selections: Selection[] = [];
    while (!this.is("}")) {
      if (this.is("...")) {
        this.next();
        if (this.is("on")) {
          this.next();
          const typeCondition = this.name();
          const directives = this.directives();
          selections.push({ kind: "inline", typeCondition, directives, selections: this.selectionSet() });
        } else if (this.is("{") || this.is("@")) {
          const directives = this.directives();
          selections.push({ kind: "inline", typeCondition: undefined, directives, selections: this.selectionSet() });
        } else {
          const name = this.name();
          selections.push({ kind: "spread", name, directives: this.directives() });
        }
        continue;
      }
      let name = this.name();
      let alias: string | undefined;
      if (this.is(":")) {
        this.next();
        alias = name;
        name = this.name();
      }
      const args = this.is("(") ? this.arguments() : [];
      const directives = this.directives();
      const selections2 = this.is("{") ? this.selectionSet() : undefined;
      selections.push({ kind: "field", alias, name, args, directives, selections: selections2 });
    }
    this.next();
    return selections;
  }
}

export const parseGraphQL = (source: string): GqlDocument => new Parser(tokenize(source)).document();

/** A resolvable object: `__typename` plus fields that are values or functions of (args, context). */
export interface GqlObject {
  readonly __typename: string;
  readonly [field: string]: unknown;
}

export type FieldResolver<C> = (args: Record<string, unknown>, context: C) => unknown;

export class GraphQLFieldError extends Error {}

export interface ExecutionResult {
  readonly data: Record<string, unknown> | null;
  readonly errors?: Array<{ message: string; path?: Array<string | number> }>;
}

export interface ExecuteOptions<C> {
  readonly document: GqlDocument;
  readonly operationName: string | undefined;
  readonly variables: Record<string, unknown>;
  readonly roots: { readonly query: GqlObject; readonly mutation: GqlObject };
  readonly context: C;
  /** called for every field the fake does not serve */
  readonly onUnknownField?: (typeName: string, field: string) => void;
}

const isGqlObject = (value: unknown): value is GqlObject =>
  typeof value === "object" && value !== null && typeof (value as { __typename?: unknown }).__typename === "string";

export const executeGraphQL = <C>(options: ExecuteOptions<C>): ExecutionResult => {
  const { document, variables } = options;
  const operation =
    options.operationName !== undefined
      ? document.operations.find((o) => o.name === options.operationName)
      : document.operations.length === 1
        ? document.operations[0]
        : undefined;
  if (!operation) return { data: null, errors: [{ message: `Unknown operation ${options.operationName ?? "(none)"}` }] };
  const vars: Record<string, unknown> = {};
  for (const v of operation.variables) {
    if (v.name in variables) vars[v.name] = variables[v.name];
    else if (v.defaultValue) vars[v.name] = literal(v.defaultValue, {});
    else vars[v.name] = null;
  }
  const root = operation.type === "mutation" ? options.roots.mutation : options.roots.query;
  const errors: Array<{ message: string; path: Array<string | number> }> = [];

  const included = (directives: readonly Directive[]): boolean => {
    for (const d of directives) {
      const cond = d.args.find(([k]) => k === "if");
      const value = cond ? Boolean(literal(cond[1], vars)) : true;
      if (d.name === "include" && !value) return false;
      if (d.name === "skip" && value) return false;
    }
    return true;
  };

  const collect = (typeName: string, selections: readonly Selection[], out: Map<string, Array<Extract<Selection, { kind: "field" }>>>) => {
    for (const s of selections) {
      if (!included(s.directives)) continue;
      if (s.kind === "field") {
        const key = s.alias ?? s.name;
        const list = out.get(key) ?? [];
        list.push(s);
        out.set(key, list);
      } else if (s.kind === "spread") {
        const fragment = document.fragments.get(s.name);
        if (!fragment) throw new GraphQLFieldError(`Unknown fragment "${s.name}".`);
        if (typeMatches(typeName, fragment.typeCondition)) collect(typeName, fragment.selections, out);
      } else if (s.typeCondition === undefined || typeMatches(typeName, s.typeCondition)) {
        collect(typeName, s.selections, out);
      }
    }
  };

  const resolveObject = (object: GqlObject, selections: readonly Selection[], path: Array<string | number>): Record<string, unknown> => {
    const fields = new Map<string, Array<Extract<Selection, { kind: "field" }>>>();
    collect(object.__typename, selections, fields);
    const result: Record<string, unknown> = {};
    for (const [key, group] of fields) {
      const field = group[0] as Extract<Selection, { kind: "field" }>;
      const merged = group.flatMap((f) => f.selections ?? []);
      if (field.name === "__typename") {
        result[key] = object.__typename;
        continue;
      }
      if (!(field.name in object)) {
        options.onUnknownField?.(object.__typename, field.name);
        throw new GraphQLFieldError(`Cannot query field "${field.name}" on type "${object.__typename}".`);
      }
      const args: Record<string, unknown> = {};
      for (const [name, node] of field.args) args[name] = literal(node, vars);
      let value = object[field.name];
      try {
        if (typeof value === "function") value = (value as FieldResolver<C>)(args, options.context);
      } catch (error) {
        if (error instanceof GraphQLFieldError) throw error;
        errors.push({ message: error instanceof Error ? error.message : String(error), path: [...path, key] });
        result[key] = null;
        continue;
      }
      result[key] = complete(value, field.selections === undefined ? undefined : merged, [...path, key], field.name);
    }
    return result;
  };

  const complete = (value: unknown, selections: readonly Selection[] | undefined, path: Array<string | number>, fieldName: string): unknown => {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return value.map((v, i) => complete(v, selections, [...path, i], fieldName));
    if (isGqlObject(value)) {
      if (selections === undefined) throw new GraphQLFieldError(`Field "${fieldName}" of type "${value.__typename}" must have a selection of subfields.`);
      return resolveObject(value, selections, path);
    }
    if (selections !== undefined) throw new GraphQLFieldError(`Field "${fieldName}" must not have a selection since it is a scalar.`);
    return value;
  };

  try {
    const data = resolveObject(root, operation.selections, []);
    return errors.length > 0 ? { data, errors } : { data };
  } catch (error) {
    return { data: null, errors: [{ message: error instanceof Error ? error.message : String(error) }] };
  }
};

const typeMatches = (typeName: string, condition: string): boolean => typeName === condition || condition === "Node";

const literal = (node: GqlValueNode, vars: Record<string, unknown>): unknown => {
  switch (node.kind) {
    case "variable":
      return vars[node.name] ?? null;
    case "scalar":
      return node.value;
    case "enum":
      return node.value;
    case "list":
      return node.values.map((v) => literal(v, vars));
    case "object":
      return Object.fromEntries(node.fields.map(([k, v]) => [k, literal(v, vars)]));
  }
};
