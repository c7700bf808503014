// The unit registry: atoms built from the definition table, SI and binary
// prefixes, name resolution (exact symbol > long name > plural > prefix +
// symbol > prefix + name > case-insensitive long name) and suggestions for
// names it does not know. Built lazily on first use.

import { type BaseDimension, Dimension } from "./dimension.js";
import { type UnitsError, invalidArgument, parseError, tooLong, unknownUnit } from "./errors.js";
import { DEFINITIONS, type DefinitionRow } from "./internal/definitions.js";
import { type Either, left, right } from "./internal/either.js";
import { type Magnitude, inexact, magnitudeFromDecimal } from "./internal/magnitude.js";
import { parseUnitExpression } from "./internal/unit-expression.js";
import { type Prefix, Unit, type UnitAtom } from "./unit.js";

const prefix = (name: string, symbol: string, exponent: string, latex = name): Prefix => ({
  name,
  symbol,
  ascii: symbol === "µ" ? "u" : symbol,
  scale: magnitudeFromDecimal(exponent),
  latex,
});

/** The 24 SI prefixes (quecto … quetta). */
export const SI_PREFIXES: readonly Prefix[] = [
  prefix("quecto", "q", "1e-30"),
  prefix("ronto", "r", "1e-27"),
  prefix("yocto", "y", "1e-24"),
  prefix("zepto", "z", "1e-21"),
  prefix("atto", "a", "1e-18"),
  prefix("femto", "f", "1e-15"),
  prefix("pico", "p", "1e-12"),
  prefix("nano", "n", "1e-9"),
  prefix("micro", "µ", "1e-6"),
  prefix("milli", "m", "1e-3"),
  prefix("centi", "c", "1e-2"),
  prefix("deci", "d", "1e-1"),
  prefix("deca", "da", "1e1"),
  prefix("hecto", "h", "1e2"),
  prefix("kilo", "k", "1e3"),
  prefix("mega", "M", "1e6"),
  prefix("giga", "G", "1e9"),
  prefix("tera", "T", "1e12"),
  prefix("peta", "P", "1e15"),
  prefix("exa", "E", "1e18"),
  prefix("zetta", "Z", "1e21"),
  prefix("yotta", "Y", "1e24"),
  prefix("ronna", "R", "1e27"),
  prefix("quetta", "Q", "1e30"),
];

/** IEC binary prefixes, for bit and byte only. */
export const BINARY_PREFIXES: readonly Prefix[] = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"].map((symbol, i) =>
  prefix(["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"][i] as string, symbol, String(1024 ** (i + 1))),
);

const micro = SI_PREFIXES[8] as Prefix;
const deca = SI_PREFIXES[12] as Prefix;
/** symbol spellings → prefix, longest first so "da" wins over "d" */
const PREFIX_SYMBOLS: ReadonlyArray<readonly [string, Prefix, boolean]> = [
  ...SI_PREFIXES.map((p) => [p.symbol, p, false] as const),
  ["μ", micro, false] as const,
  ["u", micro, false] as const,
  ...BINARY_PREFIXES.map((p) => [p.symbol, p, true] as const),
].sort((a, b) => b[0].length - a[0].length);
const PREFIX_NAMES: ReadonlyArray<readonly [string, Prefix, boolean]> = [
  ...SI_PREFIXES.map((p) => [p.name, p, false] as const),
  ["deka", deca, false] as const,
  ...BINARY_PREFIXES.map((p) => [p.name, p, true] as const),
];

export interface ResolvedName {
  readonly atom: UnitAtom;
  readonly prefix: Prefix | undefined;
}

const isAscii = (s: string): boolean => /^[\x21-\x7e]+$/.test(s);

class UnitRegistry {
  readonly atoms: UnitAtom[] = [];
  private readonly bySymbol = new Map<string, UnitAtom>();
  private readonly byName = new Map<string, UnitAtom>();
  private readonly byLowerName = new Map<string, UnitAtom>();
  /** bumped on every definition so caches built on the old table are dropped */
  version = 0;

  add(atom: UnitAtom): Either<UnitsError, UnitAtom> {
    for (const s of atom.symbols) {
      if (this.bySymbol.has(s) || this.byName.has(s)) {
        return left(invalidArgument("unit symbol", `"${s}" is already defined`));
      }
    }
    for (const s of atom.symbols) this.bySymbol.set(s, atom);
    for (const n of atom.names) {
      if (!this.byName.has(n)) this.byName.set(n, atom);
      if (!this.byLowerName.has(n.toLowerCase())) this.byLowerName.set(n.toLowerCase(), atom);
    }
    this.atoms.push(atom);
    this.version++;
    return right(atom);
  }

  private longName(name: string): UnitAtom | undefined {
    return (
      this.byName.get(name) ??
      (name.endsWith("s") ? this.byName.get(name.slice(0, -1)) : undefined) ??
      (name.endsWith("es") ? this.byName.get(name.slice(0, -2)) : undefined)
    );
  }

  /**
   * As written first, then normalised: NFKC (ｋｍ → km) outside the letterlike
   * symbols U+2100–214F, where ℎ stays Planck's constant (NFKC: h, the hour) and
   * ℓ a litre, and NFC everywhere (the Kelvin, Ohm and Ångström signs → K, Ω, Å).
   */
  resolve(name: string): ResolvedName | undefined {
    return this.lookup(name) ?? this.lookup(name.replace(/[^\u2100-\u214f]+/g, (c) => c.normalize("NFKC")).normalize("NFC"));
  }

  private lookup(name: string): ResolvedName | undefined {
    const exact = this.bySymbol.get(name) ?? this.longName(name);
    if (exact) return { atom: exact, prefix: undefined };
    for (const [symbol, p, binary] of PREFIX_SYMBOLS) {
      if (name.length > symbol.length && name.startsWith(symbol)) {
        const atom = this.bySymbol.get(name.slice(symbol.length));
        if (atom && allows(atom, binary)) return { atom, prefix: p };
      }
    }
    for (const [pname, p, binary] of PREFIX_NAMES) {
      if (name.length > pname.length && name.startsWith(pname)) {
        const atom = this.longName(name.slice(pname.length));
        if (atom && allows(atom, binary)) return { atom, prefix: p };
      }
    }
    if (name.length >= 3) {
      const lower = name.toLowerCase();
      const atom =
        this.byLowerName.get(lower) ??
        (lower.endsWith("s") ? this.byLowerName.get(lower.slice(0, -1)) : undefined);
      if (atom) return { atom, prefix: undefined };
    }
    return undefined;
  }

  /**
   * Spellings close to an unknown name: case slips first, then small edit distances.
   * Linear in the name's length: case slips are tried in its first 64 characters
   * only, and edit distances only against keys of about its length.
   */
  suggest(name: string, limit = 3): string[] {
    const found: string[] = [];
    for (let i = 0; i < name.length && i < 64 && found.length < limit; i++) {
      const c = name[i] as string;
      const flipped = c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
      const candidate = name.slice(0, i) + flipped + name.slice(i + 1);
      if (candidate !== name && this.lookup(candidate) && !found.includes(candidate)) found.push(candidate);
    }
    const maxDistance = name.length <= 3 ? 1 : 2;
    const scored: Array<[number, string]> = [];
    for (const key of [...this.bySymbol.keys(), ...this.byName.keys()]) {
      if (Math.abs(key.length - name.length) > maxDistance) continue;
      const d = editDistance(name, key);
      if (d <= maxDistance) scored.push([d, key]);
    }
    scored.sort((a, b) => a[0] - b[0] || a[1].length - b[1].length);
    for (const [, key] of scored) if (found.length < limit && !found.includes(key)) found.push(key);
    return found;
  }
}

const allows = (atom: UnitAtom, binaryPrefix: boolean): boolean =>
  atom.prefixes === "binary" || (atom.prefixes === "si" && !binaryPrefix);

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps). */
const editDistance = (a: string, b: string): number => {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((d[(i - 1) * cols + j] as number) + 1, (d[i * cols + j - 1] as number) + 1, (d[(i - 1) * cols + j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (d[(i - 2) * cols + j - 2] as number) + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1] as number;
};

let registry: UnitRegistry | undefined;

const atomResolver =
  (reg: UnitRegistry) =>
  (name: string, position: number, input: string): Either<UnitsError, Unit> => {
    const found = reg.resolve(name);
    if (!found) {
      // "m2", "cm3": a unit followed by a bare power.
      const power = /^(.*\D)(\d{1,9})$/.exec(name);
      if (power && reg.resolve(power[1] as string)) {
        const stem = power[1] as string;
        return left(parseError(input, position + stem.length, `a number cannot follow "${stem}" directly; write ${stem}^${power[2]} for a power`));
      }
      return left(unknownUnit(input, name, position, reg.suggest(name)));
    }
    return Unit.fromAtom(found.atom, found.prefix);
  };

const buildAtom = (
  reg: UnitRegistry,
  group: string,
  [symbolText, nameText, definition, flagText = ""]: DefinitionRow,
): Either<UnitsError, UnitAtom> => {
  const flags = new Map(
    flagText
      .split(" ")
      .filter(Boolean)
      .map((f) => {
        const [k, v = ""] = f.split("=");
        return [k as string, v] as const;
      }),
  );
  const symbols = symbolText.split(" ").filter(Boolean);
  const names = nameText.split(" ").filter(Boolean);
  let dimension: Dimension;
  let scale: Magnitude;
  if (definition.startsWith("@")) {
    const base = definition.slice(1);
    if (base === "pi") {
      dimension = Dimension.dimensionless;
      scale = inexact(Math.PI);
    } else {
      dimension = Dimension.base(base as BaseDimension);
      scale = magnitudeFromDecimal(base === "mass" ? "1e-3" : "1");
    }
  } else {
    const parsed = parseUnitExpression(definition, atomResolver(reg));
    if (parsed._tag === "Left") return parsed;
    dimension = parsed.right.dimension;
    scale = parsed.right.scale;
  }
  let offset: Magnitude | undefined;
  const offsetText = flags.get("o");
  if (offsetText !== undefined) {
    const parsed = parseUnitExpression(offsetText, atomResolver(reg));
    if (parsed._tag === "Left") return parsed;
    offset = parsed.right.scale;
  }
  const logText = flags.get("log");
  const [base, factor] = (logText ?? "").split(":");
  const symbol = symbols[0] ?? names[0] ?? definition;
  return reg.add({
    symbol,
    symbols,
    ascii: symbols.find(isAscii) ?? names[0] ?? symbol,
    name: names[0] ?? symbol,
    names,
    group,
    dimension,
    scale,
    offset,
    logarithmic: logText ? { base: base === "e" ? Math.E : Number(base), factor: Number(factor), reference: scale } : undefined,
    prefixes: flags.has("b") ? "binary" : flags.has("p") ? "si" : "none",
    latex: flags.has("x") ? flags.get("x") || names[0] : undefined,
    definition,
  });
};

export const getRegistry = (): UnitRegistry => {
  if (!registry) {
    const reg = new UnitRegistry();
    for (const [group, rows] of Object.entries(DEFINITIONS)) {
      for (const row of rows) {
        const result = buildAtom(reg, group, row);
        // The table ships with the library: a bad row is a bug caught by the tests.
        if (result._tag === "Left") throw new Error(`unit table row ${row[0]}: ${result.left.message}`);
      }
    }
    registry = reg;
  }
  return registry;
};

/** Resolves a single unit name (with prefix) to its atom. */
export const resolveUnitName = (name: string): ResolvedName | undefined => getRegistry().resolve(name);

/** A registered atom by exact symbol or name (no prefixes). */
export const unitAtom = (symbolOrName: string): UnitAtom | undefined => {
  const found = getRegistry().resolve(symbolOrName);
  return found && !found.prefix ? found.atom : undefined;
};

/** Scale to SI of a registry atom; used by contexts and systems for constants. */
export const atomScale = (symbol: string): Magnitude => {
  const atom = unitAtom(symbol);
  if (!atom) throw new Error(`missing registry atom ${symbol}`);
  return atom.scale;
};

export const nameResolver = (): ((name: string, position: number, input: string) => Either<UnitsError, Unit>) =>
  atomResolver(getRegistry());

export interface DefineUnitOptions {
  /** long names, e.g. ["furlong"] */
  readonly names?: readonly string[];
  /** listing group, default "user" */
  readonly group?: string;
  /** which prefixes the unit takes, default "none" */
  readonly prefixes?: "none" | "si" | "binary";
}

/**
 * Adds a unit to the registry: `defineUnit("fur furlong", "660 ft")`.
 * The first symbol is the canonical one. Fails on a clash or a bad definition.
 */
export const defineUnit = (
  symbols: string,
  definition: string,
  options: DefineUnitOptions = {},
): Either<UnitsError, UnitAtom> => {
  const reg = getRegistry();
  const flags = options.prefixes === "si" ? "p" : options.prefixes === "binary" ? "b" : "";
  if (!symbols.trim()) return left(invalidArgument("unit symbols", "at least one symbol is required"));
  const long = tooLong(definition) ?? tooLong(symbols);
  if (long) return left(long);
  return buildAtom(reg, options.group ?? "user", [symbols, (options.names ?? []).join(" "), definition, flags]);
};

export interface ListUnitsOptions {
  readonly group?: string;
}

/** Every registered atom (prefixes not expanded), in table order. */
export const listUnits = (options: ListUnitsOptions = {}): readonly UnitAtom[] => {
  const atoms = getRegistry().atoms;
  return options.group ? atoms.filter((a) => a.group.toLowerCase() === options.group?.toLowerCase()) : atoms;
};

/** Names of the listing groups, e.g. "SI base", "CGS", "Gaussian electromagnetic". */
export const unitGroups = (): string[] => [...new Set(getRegistry().atoms.map((a) => a.group))];

